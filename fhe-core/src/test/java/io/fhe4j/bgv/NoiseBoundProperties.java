package io.fhe4j.bgv;

import static io.fhe4j.bgv.BgvTestSupport.DEEP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Long random circuits: after every operation the noise measured with the secret key stays below
 * the tracked bound, and the decryption equals the plaintext computation, until the bound says
 * the budget is spent; from then on decryption refuses instead of returning garbage.
 */
class NoiseBoundProperties {
    private static final SecretKey SK = KeyGenerator.deterministicForTests(DEEP, 11).secretKey();
    private static final EvaluationKeys EK = new KeyGenerator(DEEP).evaluationKeys(SK, true, 3, DEEP.m() - 1, 9);
    private static final Encryptor ENC = new Encryptor(new KeyGenerator(DEEP).publicKey(SK));
    private static final Decryptor DEC = new Decryptor(SK);
    /** HElib-style: operations go on past the end of the chain, so the bound is checked there too. */
    private static final Evaluator EVAL = new Evaluator(EK).allowingExhaustedNoise();
    private static final long T = DEEP.plaintextModulus();

    /** A ciphertext with the plaintext it must decrypt to. */
    private record Pair(Ciphertext c, long[] m) {
    }

    private static void verify(Pair p) {
        double measured = DEC.measuredNoiseBits(p.c);
        assertTrue(measured <= p.c.noiseBoundBits(), () -> "measured noise 2^" + measured + " above the bound 2^"
                + p.c.noiseBoundBits() + " for " + p.c);
        if (p.c.capacity() > 0) {
            assertArrayEquals(p.m, DEC.decrypt(p.c).coefficients());
        } else {
            assertThrows(NoiseBudgetExhaustedException.class, () -> DEC.decrypt(p.c));
        }
    }

    @Property(tries = 6)
    void measuredNoiseNeverExceedsTheBound(@ForAll long seed) {
        Random rnd = new Random(seed);
        List<Pair> pool = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long[] m = BgvTestSupport.randomPlain(rnd, DEEP);
            pool.add(new Pair(ENC.encrypt(Plaintext.of(DEEP, m)), m));
        }
        for (int step = 0; step < 24; step++) {
            Pair a = pool.get(rnd.nextInt(pool.size()));
            Pair b = pool.get(rnd.nextInt(pool.size()));
            if (a.c.capacity() < 5 || b.c.capacity() < 5) {
                continue;
            }
            Pair r;
            switch (rnd.nextInt(7)) {
                case 0 -> r = new Pair(EVAL.add(a.c, b.c), BgvTestSupport.add(a.m, b.m, T));
                case 1 -> r = new Pair(EVAL.sub(a.c, b.c), BgvTestSupport.add(a.m, BgvTestSupport.scale(b.m, -1, T), T));
                case 2 -> r = new Pair(EVAL.multiply(a.c, b.c), BgvTestSupport.multiply(a.m, b.m, T));
                case 3 -> {
                    long k = rnd.nextInt((int) T);
                    r = new Pair(EVAL.multiplyConstant(a.c, k), BgvTestSupport.scale(a.m, k, T));
                }
                case 4 -> {
                    long[] p = new long[DEEP.n()];
                    for (int i = 0; i < 8; i++) { // a sparse mask-like plaintext
                        p[rnd.nextInt(p.length)] = rnd.nextInt((int) T);
                    }
                    r = new Pair(EVAL.multiplyPlain(a.c, Plaintext.of(DEEP, p)), BgvTestSupport.multiply(a.m, p, T));
                }
                case 5 -> r = a.c.level() > 1 ? new Pair(EVAL.modSwitchDown(a.c), a.m) : a;
                default -> {
                    long k = new long[] {3, DEEP.m() - 1, 9}[rnd.nextInt(3)];
                    r = new Pair(EVAL.automorphism(a.c, k), BgvTestSupport.automorphism(a.m, k, T));
                }
            }
            verify(r);
            pool.add(r);
        }
    }

    @Test
    void repeatedSquaringEndsInARefusalNotInGarbage() {
        long[] m = BgvTestSupport.randomPlain(new Random(1), DEEP);
        Pair p = new Pair(ENC.encrypt(Plaintext.of(DEEP, m)), m);
        int squarings = 0;
        while (p.c.capacity() > 0) {
            verify(p);
            p = new Pair(EVAL.multiplyWithoutRelinearization(p.c, p.c), BgvTestSupport.multiply(p.m, p.m, T));
            p = new Pair(EVAL.relinearize(p.c), p.m);
            squarings++;
        }
        assertTrue(squarings >= 3, "a 5-prime chain supports at least 3 squarings, got " + squarings);
        Ciphertext spent = p.c;
        NoiseBudgetExhaustedException e = assertThrows(NoiseBudgetExhaustedException.class, () -> DEC.decrypt(spent));
        assertTrue(e.getMessage().contains("level"), e.getMessage());
    }
}
