package io.fhe4j.io;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.CRC32C;

/** Small insecure contexts, keys and objects shared by the io tests, and byte-level helpers. */
final class IoFixtures {
    private IoFixtures() {
    }

    static final SecretKey.Access ACCESS = SecretKey.Access.insecureSecretKeyAccess();
    /** The explicit opt-in for reading the insecure test contexts. */
    static final ContextLimits INSECURE_OK = ContextLimits.defaults().allowInsecure();

    /** N = 1024, t = 65537, 3 ciphertext primes, c = 2. */
    static final Context SMALL = new ContextBuilder().m(2048).p(65537).bits(165).c(2).allowInsecure().build();
    /** Other primes (a shorter chain). */
    static final Context OTHER_PRIMES = new ContextBuilder().m(2048).p(65537).bits(150).c(2).allowInsecure().build();
    /** The same primes as SMALL, but 3 digits. */
    static final Context OTHER_DIGITS = new ContextBuilder().m(2048).p(65537).bits(165).c(3).allowInsecure().build();
    /** Sparse secret keys of Hamming weight 64. */
    static final Context SPARSE = new ContextBuilder().m(2048).p(65537).bits(165).c(2).hammingWeight(64).allowInsecure()
            .build();

    static final KeyGenerator KEYGEN = KeyGenerator.deterministicForTests(SMALL, 7);
    static final SecretKey SK = KEYGEN.secretKey();
    static final PublicKey PK = KEYGEN.publicKey(SK);
    static final EvaluationKeys EK = KEYGEN.evaluationKeys(SK, true, 3, 5, SMALL.m() - 1);
    static final Encryptor ENC = Encryptor.deterministicForTests(PK, 8);
    static final Decryptor DEC = new Decryptor(SK);
    static final Evaluator EVAL = new Evaluator(EK);
    static final long T = SMALL.plaintextModulus();

    static long[] randomPlain(Random rnd, Context ctx) {
        long[] m = new long[ctx.n()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.floorMod(rnd.nextLong(), ctx.plaintextModulus());
        }
        return m;
    }

    static Ciphertext encrypt(long[] m) {
        return ENC.encrypt(Plaintext.of(SMALL, m));
    }

    /** a(X^k) mod (X^N+1, t). */
    static long[] automorphism(long[] a, long k, long t) {
        return io.fhe4j.testing.PlainRing.automorphism(a, k, t);
    }

    // ---- byte-level helpers (the documented format) ----------------------------------------

    static final int HEADER = 48;

    /** Recomputes the trailing CRC32C in place (so that a deliberate change reaches the validators). */
    static byte[] reseal(byte[] b) {
        if (b.length >= 4) {
            CRC32C c = new CRC32C();
            c.update(b, 0, b.length - 4);
            ByteBuffer.wrap(b).putInt(b.length - 4, (int) c.getValue());
        }
        return b;
    }

    /** Recomputes the context digest of a serialized context from its payload, then the CRC. */
    static byte[] resealContext(byte[] b) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(b, HEADER, b.length - HEADER - 4);
        System.arraycopy(sha.digest(), 0, b, 8, 32);
        return reseal(b);
    }

    static byte[] putLong(byte[] b, int offset, long v) {
        ByteBuffer.wrap(b).putLong(offset, v);
        return b;
    }

    static byte[] putInt(byte[] b, int offset, int v) {
        ByteBuffer.wrap(b).putInt(offset, v);
        return b;
    }

    static long getLong(byte[] b, int offset) {
        return ByteBuffer.wrap(b).getLong(offset);
    }

    /**
     * A serialized context assembled field by field (the layout of {@code ContextCodec}), with a
     * correct digest and checksum: what a forger who knows the format can send.
     */
    static byte[] contextFrame(int m, long p, int r, int bits, int c, int h, int primeBits, boolean insecure, long[] primes,
                               long[] special) throws Exception {
        ByteBuffer block = ByteBuffer.allocate(4 + 8 + 4 * 5 + 1 + 4 + 8 * primes.length + 4 + 8 * special.length);
        block.putInt(m).putLong(p).putInt(r).putInt(bits).putInt(c).putInt(h).putInt(primeBits).put((byte) (insecure ? 1 : 0));
        block.putInt(primes.length);
        for (long q : primes) {
            block.putLong(q);
        }
        block.putInt(special.length);
        for (long q : special) {
            block.putLong(q);
        }
        int length = block.capacity();
        ByteBuffer b = ByteBuffer.allocate(HEADER + length + 4);
        b.put(new byte[] {'F', 'H', 'E', 'J'}).putShort((short) 1).put((byte) SerializedType.CONTEXT.tag()).put((byte) 0)
                .put(new byte[32]).putLong(length).put(block.array());
        return resealContext(b.array());
    }
}
