package io.fhe4j.io;

import static io.fhe4j.io.IoFixtures.INSECURE_OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.testing.PlainRing;
import org.junit.jupiter.api.Test;

/** Contexts, keys and ciphertexts of an odd m (powerful-basis rings) survive serialization. */
class GeneralRingSerializationTest {
    @Test
    void oddMRoundTrips() {
        Context ctx = new ContextBuilder().m(85).p(2).bits(200).c(2).allowInsecure().build();
        Context back = BgvSerializer.readContext(BgvSerializer.toBytes(ctx), INSECURE_OK);
        assertTrue(back.sameAs(ctx), back.toString());
        KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 2);
        SecretKey sk = kg.secretKey();
        EvaluationKeys ek = kg.evaluationKeys(sk, true, 2, 3);
        EvaluationKeys ekBack = BgvSerializer.readEvaluationKeys(BgvSerializer.toBytes(ek), back);
        long[] m = new long[ctx.n()];
        m[1] = 1;
        m[5] = 1;
        Ciphertext c = new io.fhe4j.bgv.Encryptor(sk).encrypt(Plaintext.of(ctx, m));
        Ciphertext cBack = BgvSerializer.readCiphertext(BgvSerializer.toBytes(c), back);
        Ciphertext frob = new Evaluator(ekBack).automorphism(cBack, 2);
        assertArrayEquals(PlainRing.cyclotomicAutomorphism(m, 2, 85, 2), new Decryptor(sk).decrypt(frob).coefficients());
    }
}
