package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Presets;
import io.fhe4j.bgv.SecretKey;
import org.junit.jupiter.api.Test;

/** The example of the top-level README, verbatim. */
class ReadmeExampleTest {

    @Test
    void presetsAcceptTwentyBitSlotPrimes() {
        long t = Presets.slotPrime(8192, 20);
        Context ctx = Presets.n8192().p(t).build();
        assertEquals(t, new EncryptedArray(ctx).algebra().t());
        assertEquals(1, t % 16384);
        assertEquals(20, 64 - Long.numberOfLeadingZeros(t));
    }

    @Test
    void readmeExampleComputesTheInnerProduct() {
        Context ctx = Presets.n16384().build();                 // N = 16384, t = 65537, 128-bit security
        KeyGenerator keys = new KeyGenerator(ctx);
        SecretKey sk = keys.secretKey();
        EncryptedArray slots = new EncryptedArray(ctx);         // 16384 slots of Z_65537, two rows of 8192
        EvaluationKeys ek = keys.evaluationKeys(sk, true, slots.powerOfTwoKeyElements());
        Encryptor enc = new Encryptor(keys.publicKey(sk));
        Evaluator eval = new Evaluator(ek);

        Ciphertext a = slots.encrypt(enc, new long[] {1, 2, 3});     // the other slots are 0
        Ciphertext b = slots.encrypt(enc, new long[] {4, 5, 6});
        Ciphertext dot = slots.innerProduct(eval, a, b);               // 32 in every slot
        long[] out = slots.decrypt(new Decryptor(sk), dot);

        assertEquals(16384, out.length);
        for (long v : out) {
            assertEquals(32, v);
        }
    }
}
