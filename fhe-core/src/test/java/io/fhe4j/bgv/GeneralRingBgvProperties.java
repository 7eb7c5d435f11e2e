package io.fhe4j.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.Primes;
import io.fhe4j.testing.PlainRing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * BGV over {@code Z[X]/Phi_m} for odd m: every operation's decryption equals the schoolbook
 * computation in {@code Z_t[X]/Phi_m} (power basis), and the noise measured with the secret key
 * (largest powerful-basis coefficient of the critical value) never exceeds the tracked
 * canonical-embedding bound times HElib's normBnd, on random circuits until the budget is spent.
 */
class GeneralRingBgvProperties {
    /** A context with its keys, built once per parameter set. */
    record Keys(Context ctx, SecretKey sk, Encryptor pk, Encryptor skEnc, Decryptor dec, Evaluator eval, long[] galois) {
    }

    private static final Map<String, Keys> KEYS = new ConcurrentHashMap<>();

    static Keys keys(int m, long p, int r, int bits) {
        return KEYS.computeIfAbsent(m + "/" + p + "/" + r + "/" + bits, key -> {
            Context ctx = new ContextBuilder().m(m).p(p).r(r).bits(bits).c(2).primeBits(50).allowInsecure().build();
            KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, m);
            SecretKey sk = kg.secretKey();
            List<Long> elements = new ArrayList<>();
            for (long k = 2; k < m && elements.size() < 4; k++) {
                if (Primes.gcd(k, m) == 1) {
                    elements.add(k);
                }
            }
            elements.add((long) m - 1);
            long[] galois = elements.stream().mapToLong(Long::longValue).toArray();
            return new Keys(ctx, sk, Encryptor.deterministicForTests(kg.publicKey(sk), m), new Encryptor(sk),
                    new Decryptor(sk), new Evaluator(kg.evaluationKeys(sk, true, galois)).allowingExhaustedNoise(), galois);
        });
    }

    @Provide
    Arbitrary<Keys> contexts() {
        return Arbitraries.of(new int[][] {{21, 2, 1}, {63, 2, 1}, {85, 2, 1}, {127, 2, 1}, {85, 3, 2}, {257, 3, 1},
            {105, 2, 1}}).map(a -> keys(a[0], a[1], a[2], 240));
    }

    private record Pair(Ciphertext c, long[] m) {
    }

    private static long[] randomPlain(Random rnd, Context ctx) {
        long[] m = new long[ctx.n()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.floorMod(rnd.nextLong(), ctx.plaintextModulus());
        }
        return m;
    }

    private static void verify(Keys k, Pair p) {
        double measured = k.dec.measuredNoiseBits(p.c);
        double bound = p.c.noiseBoundBits() + k.ctx.normBoundBits();
        assertTrue(measured <= bound, () -> "measured noise 2^" + measured + " above the bound 2^" + bound + " for "
                + p.c + " at m = " + k.ctx.m());
        if (p.c.capacity() > 0) {
            assertArrayEquals(p.m, k.dec.decrypt(p.c).coefficients(), "m = " + k.ctx.m());
        } else {
            assertThrows(NoiseBudgetExhaustedException.class, () -> k.dec.decrypt(p.c));
        }
    }

    @Property(tries = 14)
    void randomCircuitsDecryptExactlyWithinTheNoiseBound(@ForAll("contexts") Keys k, @ForAll long seed) {
        Context ctx = k.ctx;
        long t = ctx.plaintextModulus();
        int m = ctx.m();
        Random rnd = new Random(seed);
        List<Pair> pool = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long[] a = randomPlain(rnd, ctx);
            Ciphertext c = (i == 0 ? k.skEnc : k.pk).encrypt(Plaintext.of(ctx, a));
            Pair p = new Pair(c, a);
            verify(k, p);
            pool.add(p);
        }
        for (int step = 0; step < 16; step++) {
            Pair a = pool.get(rnd.nextInt(pool.size()));
            Pair b = pool.get(rnd.nextInt(pool.size()));
            if (a.c.capacity() < 5 || b.c.capacity() < 5) {
                continue;
            }
            Pair r;
            switch (rnd.nextInt(6)) {
                case 0 -> r = new Pair(k.eval.add(a.c, b.c), BgvTestSupport.add(a.m, b.m, t));
                case 1 -> r = new Pair(k.eval.multiply(a.c, b.c), PlainRing.cyclotomicProduct(a.m, b.m, m, t));
                case 2 -> {
                    long[] pt = randomPlain(rnd, ctx);
                    r = new Pair(k.eval.multiplyPlain(a.c, Plaintext.of(ctx, pt)), PlainRing.cyclotomicProduct(a.m, pt, m, t));
                }
                case 3 -> r = a.c.level() > 1 ? new Pair(k.eval.modSwitchDown(a.c), a.m) : a;
                case 4 -> {
                    long e = k.galois[rnd.nextInt(k.galois.length)];
                    r = new Pair(k.eval.automorphism(a.c, e), PlainRing.cyclotomicAutomorphism(a.m, e, m, t));
                }
                default -> {
                    long[] hoistedElements = {k.galois[0], k.galois[1]};
                    Ciphertext[] hs = k.eval.hoistedAutomorphisms(a.c, hoistedElements);
                    verify(k, new Pair(hs[1], PlainRing.cyclotomicAutomorphism(a.m, hoistedElements[1], m, t)));
                    r = new Pair(hs[0], PlainRing.cyclotomicAutomorphism(a.m, hoistedElements[0], m, t));
                }
            }
            verify(k, r);
            pool.add(r);
        }
    }

    @Test
    void squaringEndsInARefusalNotInGarbage() {
        Keys k = keys(127, 2, 1, 240);
        long[] a = randomPlain(new Random(5), k.ctx);
        Pair p = new Pair(k.pk.encrypt(Plaintext.of(k.ctx, a)), a);
        int squarings = 0;
        while (p.c.capacity() > 0) {
            verify(k, p);
            p = new Pair(k.eval.multiply(p.c, p.c), PlainRing.cyclotomicProduct(p.m, p.m, 127, 2));
            squarings++;
        }
        assertTrue(squarings >= 3, "240 bits hold at least 3 squarings at m = 127, got " + squarings);
        Ciphertext spent = p.c;
        assertThrows(NoiseBudgetExhaustedException.class, () -> k.dec.decrypt(spent));
    }

    @Test
    void contextOfOddM() {
        Context ctx = keys(85, 2, 1, 240).ctx;
        assertEquals(64, ctx.n());
        assertTrue(!ctx.isPowerOfTwo());
        for (long q : ctx.ciphertextPrimes()) {
            assertEquals(1, q % ctx.primeDivisor());
        }
        assertThrows(InsecureParametersException.class, () -> new ContextBuilder().m(85).p(2).bits(100).build());
        // HElib's m = 4369 chain is insecure at phi(m) = 4096: refused by default, the estimate is in the message
        InsecureParametersException e = assertThrows(InsecureParametersException.class,
                () -> new ContextBuilder().m(4369).p(2).bits(324).primeBits(54).c(2).build());
        assertTrue(e.getMessage().contains("m = 4369") && e.getMessage().contains("allowInsecure"), e.getMessage());
        Context helib = new ContextBuilder().m(4369).p(2).bits(324).primeBits(54).c(2).allowInsecure().build();
        assertTrue(helib.securityLevel() < 30 && helib.helibSecurityEstimate() < 30, helib.toString());
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().m(85).p(5).bits(100).allowInsecure().build());
        assertThrows(InvalidParametersException.class, () -> new ContextBuilder().m(12));
        assertThrows(IllegalArgumentException.class, () -> new KeyGenerator(ctx).galoisKey(keys(85, 2, 1, 240).sk, 5));
    }
}
