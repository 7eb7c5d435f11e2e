package io.fhe4j.bgv;

import static io.fhe4j.bgv.BgvTestSupport.SMALL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An operation whose result could no longer decrypt refuses at that operation (it used to succeed
 * with capacities of -20 ... -905 bits, and only decryption refused); the HElib-style evaluator
 * continues, and its results are exactly those with capacity at most 0.
 */
class NoiseExhaustionTest {
    private static final KeyGenerator KG = KeyGenerator.deterministicForTests(SMALL, 11);
    private static final SecretKey SK = KG.secretKey();
    private static final Evaluator EVAL = new Evaluator(KG.evaluationKeys(SK, true, 3));
    private static final Encryptor ENC = Encryptor.deterministicForTests(KG.publicKey(SK), 12);
    private static final Decryptor DEC = new Decryptor(SK);

    private static Ciphertext fresh(long seed) {
        return ENC.encrypt(Plaintext.of(SMALL, BgvTestSupport.randomPlain(new Random(seed), SMALL)));
    }

    /** The last ciphertext with capacity left on the way down the squarings (and the number of squarings). */
    private static Ciphertext lastDecryptable(Evaluator eval, Ciphertext c) {
        Ciphertext cur = c;
        while (true) {
            Ciphertext next = eval.allowingExhaustedNoise().square(cur);
            if (next.capacity() <= 0) {
                return cur;
            }
            cur = next;
        }
    }

    @Test
    void multiplyRefusesAtTheOperationNamingLevelsAndBits() {
        Ciphertext c = lastDecryptable(EVAL, fresh(1));
        Ciphertext spent = EVAL.allowingExhaustedNoise().multiply(c, c);
        assertTrue(spent.capacity() <= 0, spent::toString);
        NoiseBudgetExhaustedException e = assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.multiply(c, c));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("multiply refused"), msg);
        assertTrue(msg.contains(String.format("at level %d of %d", spent.level(), SMALL.maxLevel())), msg);
        Ciphertext tensor = EVAL.allowingExhaustedNoise().multiplyWithoutRelinearization(c, c);
        assertTrue(msg.contains(String.format("%.1f bits missing", -tensor.capacity())), msg);
        assertTrue(msg.contains(String.format("level %d with %.1f bits", c.level(), c.capacity())), msg);
        assertTrue(msg.contains("allowingExhaustedNoise"), msg);
        NoiseBudgetExhaustedException sq = assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.square(c));
        assertTrue(sq.getMessage().startsWith("square refused"), sq.getMessage());
        assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.multiplyWithoutRelinearization(c, c));
        // the continuing evaluator's result still cannot be decrypted
        assertThrows(NoiseBudgetExhaustedException.class, () -> DEC.decrypt(spent));
        // and the strict evaluator refuses to go on from it
        assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.add(spent, c));
        assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.relinearize(
                EVAL.allowingExhaustedNoise().multiplyWithoutRelinearization(c, c)));
    }

    /** Every kind of operation refuses exactly when the continuing evaluator's result has no capacity. */
    @Test
    void refusalCoincidesWithASpentResult() {
        Evaluator loose = EVAL.allowingExhaustedNoise();
        assertTrue(loose.exhaustedNoiseAllowed() && !EVAL.exhaustedNoiseAllowed());
        Plaintext big = Plaintext.of(SMALL, BgvTestSupport.randomPlain(new Random(3), SMALL));
        Ciphertext c = fresh(2);
        int refusals = 0;
        for (int step = 0; step < 12; step++) {
            Ciphertext x = c;
            for (java.util.function.Function<Evaluator, Ciphertext> op : java.util.List.<java.util.function.Function<
                    Evaluator, Ciphertext>>of(e -> e.multiplyPlain(x, big), e -> e.multiplyConstant(x, 30000),
                    e -> e.addPlain(x, big), e -> e.add(x, x), e -> e.automorphism(x, 3), e -> e.multiply(x, x),
                    e -> x.level() > 1 ? e.modSwitchDown(x) : x.copy())) {
                Ciphertext expected = op.apply(loose);
                if (expected.capacity() > 0) {
                    Ciphertext r = op.apply(EVAL);
                    assertEquals(expected.capacity(), r.capacity(), 0);
                    DEC.decrypt(r);
                } else {
                    refusals++;
                    assertThrows(NoiseBudgetExhaustedException.class, () -> op.apply(EVAL));
                }
            }
            c = loose.multiplyPlain(c, big);
        }
        assertTrue(refusals > 0, "the walk never spent the capacity");
    }

    /** A refused in-place operation leaves its argument as it was. */
    @Test
    void refusedInPlaceOperationsModifyNothing() {
        Ciphertext c = lastDecryptable(EVAL, fresh(4));
        Plaintext big = Plaintext.of(SMALL, BgvTestSupport.randomPlain(new Random(5), SMALL));
        while (EVAL.allowingExhaustedNoise().multiplyPlain(c, big).capacity() > 0) {
            c = EVAL.multiplyPlain(c, big);
        }
        Ciphertext x = c;
        long[] before = DEC.decrypt(x).coefficients();
        double noise = x.noiseBoundBits();
        NoiseBudgetExhaustedException e = assertThrows(NoiseBudgetExhaustedException.class,
                () -> EVAL.multiplyPlainInPlace(x, big));
        assertTrue(e.getMessage().startsWith("multiplyPlainInPlace refused"), e.getMessage());
        PreparedPlaintext prepared = EVAL.prepare(big, x.level());
        assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.multiplyPlainInPlace(x, prepared));
        assertThrows(NoiseBudgetExhaustedException.class, () -> EVAL.multiplyPlain(x, prepared));
        assertEquals(noise, x.noiseBoundBits(), 0);
        assertArrayEquals(before, DEC.decrypt(x).coefficients());
    }
}
