package io.fhe4j.bgv;

import static io.fhe4j.bgv.BgvTestSupport.SMALL;
import static io.fhe4j.bgv.BgvTestSupport.randomPlain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Evaluator#multiplyAccumulate} against its definition, {@code addInPlace(acc,
 * multiplyWithoutRelinearization(a, b))}: the same residues, level, factor and noise bound, on the
 * fused path (everything at the product's level) and on the fallback (operands or accumulator at
 * other levels, other factors), and a sum of products decrypts to the plaintext sum of products.
 */
class MultiplyAccumulateProperties {
    private static final SecretKey SK = KeyGenerator.deterministicForTests(SMALL, 5).secretKey();
    private static final Encryptor ENC = new Encryptor(new KeyGenerator(SMALL).publicKey(SK));
    private static final Decryptor DEC = new Decryptor(SK);
    private static final Evaluator EVAL = new Evaluator(new KeyGenerator(SMALL).evaluationKeys(SK, true));
    private static final long T = SMALL.plaintextModulus();

    /** A fresh encryption of m switched down {@code down} levels (0: the top). */
    private static Ciphertext encrypt(long[] m, int down) {
        Ciphertext c = ENC.encrypt(Plaintext.of(SMALL, m));
        for (int i = 0; i < down; i++) {
            c = EVAL.modSwitchDown(c);
        }
        return c;
    }

    private static void assertSame(Ciphertext expected, Ciphertext actual) {
        assertEquals(expected.level(), actual.level());
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.factor(), actual.factor());
        assertEquals(expected.noiseBoundBits(), actual.noiseBoundBits());
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.level(); j++) {
                assertArrayEquals(expected.part(i).row(j), actual.part(i).row(j), "part " + i + ", prime " + j);
            }
        }
    }

    @Test
    void freshOperandsAtOneLevelTakeTheFusedPath() {
        Random rnd = new Random(3);
        for (int down = 0; down < 2; down++) {
            Ciphertext a = encrypt(randomPlain(rnd, SMALL), down);
            Ciphertext b = encrypt(randomPlain(rnd, SMALL), down);
            Ciphertext acc = EVAL.multiplyWithoutRelinearization(a, b);
            // the fused path's condition: the product stays at the operands' level with their factors' product
            assertEquals(a.level(), acc.level());
            assertEquals(SMALL.plaintextModulusArithmetic().mul(a.factor(), b.factor()), acc.factor());
        }
    }

    @Property(tries = 15)
    void equalsAddingTheProductAndDecryptsToTheSumOfProducts(@ForAll long seed,
                                                             @ForAll @IntRange(min = 2, max = 5) int terms,
                                                             @ForAll @IntRange(min = 0, max = 1) int accDown,
                                                             @ForAll @IntRange(min = 0, max = 1) int termDown) {
        Random rnd = new Random(seed);
        long[] a0 = randomPlain(rnd, SMALL);
        long[] b0 = randomPlain(rnd, SMALL);
        Ciphertext fused = EVAL.multiplyWithoutRelinearization(encrypt(a0, accDown), encrypt(b0, accDown));
        Ciphertext reference = fused.copy();
        long[] expected = BgvTestSupport.multiply(a0, b0, T);
        for (int g = 1; g < terms; g++) {
            long[] a = randomPlain(rnd, SMALL);
            long[] b = randomPlain(rnd, SMALL);
            int down = g == 1 ? termDown : rnd.nextInt(2) * termDown; // mixed levels: fallback and fused paths
            Ciphertext ca = encrypt(a, down);
            Ciphertext cb = rnd.nextBoolean() ? ca : encrypt(b, down);
            long[] pb = cb == ca ? a : b;
            EVAL.addInPlace(reference, EVAL.multiplyWithoutRelinearization(ca, cb));
            EVAL.multiplyAccumulate(fused, ca, cb);
            assertSame(reference, fused);
            expected = BgvTestSupport.add(expected, BgvTestSupport.multiply(a, pb, T), T);
        }
        assertArrayEquals(expected, DEC.decrypt(fused).coefficients());
    }
}
