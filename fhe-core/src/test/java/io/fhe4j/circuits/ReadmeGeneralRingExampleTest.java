package io.fhe4j.circuits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.slots.GeneralEncryptedArray;
import org.junit.jupiter.api.Test;

/** The general-ring example of the top-level README, verbatim. */
class ReadmeGeneralRingExampleTest {
    @Test
    void readmeExampleAddsOnAll256Slots() {
        Context gf = new ContextBuilder().m(4369).p(2).bits(324).c(2).allowInsecure().build(); // 256 slots of GF(2^16); insecure
        KeyGenerator kg = new KeyGenerator(gf);
        SecretKey key = kg.secretKey();
        GeneralEncryptedArray array = new GeneralEncryptedArray(gf);
        EncryptedBitBackend bits = new EncryptedBitBackend(new Evaluator(kg.evaluationKeys(key, true)));
        long[] x = new long[256];
        for (int s = 0; s < 256; s++) {
            x[s] = s;
        }
        BinaryInt<Ciphertext> cx = bits.encryptSlots(new Encryptor(key), array, x, 8, false);  // 8 ciphertexts, one per bit
        BinaryInt<Ciphertext> sum = new BinaryArith<>(bits).add(cx, cx);                       // 2s mod 256 in slot s
        long[] out = bits.decryptSlots(new Decryptor(key), array, sum);

        for (int s = 0; s < 256; s++) {
            assertEquals((2L * s) & 255, out[s], "slot " + s);
        }
    }
}
