package io.fhe4j.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every preset is 128-bit secure by the standard table and supports the depth its Javadoc states. */
class PresetsTest {

    @Test
    void presetsAreSecure() {
        for (ContextBuilder b : List.of(Presets.n4096(), Presets.n8192(), Presets.n16384(), Presets.n32768())) {
            Context ctx = b.build();
            assertTrue(ctx.securityLevel() >= 128, ctx::toString);
            assertTrue(ctx.logQP() <= SecurityEstimator.maxLogQP(ctx.n(), 128), ctx::toString);
        }
    }

    @Test
    void n8192SupportsThreeSquarings() {
        assertTrue(squarings(Presets.n8192().build()) >= 3);
    }

    @Test
    void n16384SupportsFiveSquarings() {
        assertTrue(squarings(Presets.n16384().build()) >= 5);
    }

    /** Number of successive squarings that still decrypt correctly. */
    private static int squarings(Context ctx) {
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        Evaluator eval = new Evaluator(kg.evaluationKeys(sk, true));
        Decryptor dec = new Decryptor(sk);
        long t = ctx.plaintextModulus();
        long[] m = BgvTestSupport.randomPlain(new Random(2), ctx);
        // the plaintext x^0-coefficient only: squaring a constant stays checkable without a schoolbook product
        long[] constant = new long[ctx.n()];
        constant[0] = m[0];
        Ciphertext c = new Encryptor(kg.publicKey(sk)).encrypt(Plaintext.of(ctx, constant));
        int count = 0;
        while (true) {
            Ciphertext next;
            try {
                next = eval.square(c);
            } catch (NoiseBudgetExhaustedException e) {
                return count; // the squaring that would spend the capacity is refused
            }
            constant[0] = constant[0] * constant[0] % t;
            assertArrayEquals(constant, dec.decrypt(next).coefficients());
            c = next;
            count++;
        }
    }
}
