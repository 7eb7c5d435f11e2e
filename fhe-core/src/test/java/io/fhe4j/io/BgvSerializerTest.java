package io.fhe4j.io;

import static io.fhe4j.io.IoFixtures.INSECURE_OK;
import static io.fhe4j.io.IoFixtures.ACCESS;
import static io.fhe4j.io.IoFixtures.DEC;
import static io.fhe4j.io.IoFixtures.EK;
import static io.fhe4j.io.IoFixtures.EVAL;
import static io.fhe4j.io.IoFixtures.HEADER;
import static io.fhe4j.io.IoFixtures.OTHER_DIGITS;
import static io.fhe4j.io.IoFixtures.OTHER_PRIMES;
import static io.fhe4j.io.IoFixtures.PK;
import static io.fhe4j.io.IoFixtures.SK;
import static io.fhe4j.io.IoFixtures.SMALL;
import static io.fhe4j.io.IoFixtures.SPARSE;
import static io.fhe4j.io.IoFixtures.T;
import static io.fhe4j.io.IoFixtures.encrypt;
import static io.fhe4j.io.IoFixtures.getLong;
import static io.fhe4j.io.IoFixtures.putInt;
import static io.fhe4j.io.IoFixtures.putLong;
import static io.fhe4j.io.IoFixtures.randomPlain;
import static io.fhe4j.io.IoFixtures.reseal;
import static io.fhe4j.io.IoFixtures.resealContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.KeySwitchingKey;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Round trips of every serialized type and the rejection of each kind of bad data. */
class BgvSerializerTest {
    private static final int N = SMALL.n();
    private static final int L = SMALL.maxLevel();
    private static final int K = SMALL.specialPrimes().length;

    // ---- round trips -----------------------------------------------------------------------

    @Test
    void contextRoundTripRebuildsAnEqualContextWithTheSamePrimes() {
        for (Context ctx : new Context[] {SMALL, OTHER_DIGITS, SPARSE,
                new ContextBuilder().m(4096).p(257).r(2).bits(300).c(3).primeBits(50).allowInsecure().build(),
                new ContextBuilder().m(4096).p(65537).primeChain(60, 40, 25, 33).c(2).allowInsecure().build()}) {
            byte[] b = BgvSerializer.toBytes(ctx);
            Context back = BgvSerializer.readContext(b, INSECURE_OK);
            assertTrue(back.sameAs(ctx), back + " vs " + ctx);
            assertArrayEquals(ctx.ciphertextPrimes(), back.ciphertextPrimes());
            assertArrayEquals(ctx.specialPrimes(), back.specialPrimes());
            assertEquals(ctx.fingerprint(), back.fingerprint());
            assertEquals(ctx.r(), back.r());
            assertEquals(ctx.primeBits(), back.primeBits());
            assertEquals(ctx.insecureAllowed(), back.insecureAllowed());
            assertArrayEquals(ctx.primeChain(), back.primeChain());
            assertArrayEquals(b, BgvSerializer.toBytes(back));
            assertEquals(SerializedType.CONTEXT, BgvSerializer.typeOf(b));
        }
        // a ciphertext written under the original is read with the rebuilt context
        Context rebuilt = BgvSerializer.readContext(BgvSerializer.toBytes(SMALL), INSECURE_OK);
        long[] m = randomPlain(new Random(1), SMALL);
        Ciphertext ct = BgvSerializer.readCiphertext(BgvSerializer.toBytes(encrypt(m)), rebuilt);
        assertArrayEquals(m, new Decryptor(BgvSerializer.readSecretKey(BgvSerializer.secretKeyToBytes(SK, ACCESS), rebuilt,
                ACCESS)).decrypt(ct).coefficients());
    }

    @Test
    void plaintextRoundTrip() {
        Plaintext pt = Plaintext.of(SMALL, randomPlain(new Random(2), SMALL));
        byte[] b = BgvSerializer.toBytes(pt);
        assertEquals(52 + 4 + 8 * N, b.length);
        assertEquals(pt, BgvSerializer.readPlaintext(b, SMALL));
        assertEquals(pt, BgvSerializer.readPlaintext(new ByteArrayInputStream(b), SMALL));
    }

    @Test
    void ciphertextRoundTripsDecryptToTheSamePlaintext() {
        Random rnd = new Random(3);
        long[] a = randomPlain(rnd, SMALL);
        long[] b = randomPlain(rnd, SMALL);
        Ciphertext fresh = encrypt(a);
        Ciphertext lower = EVAL.modSwitchDown(encrypt(a)); // factor q^-1 != 1, level L-1
        Ciphertext threeParts = EVAL.multiplyWithoutRelinearization(encrypt(a), encrypt(b));
        for (Ciphertext ct : new Ciphertext[] {fresh, lower, threeParts}) {
            byte[] bytes = BgvSerializer.toBytes(ct);
            assertEquals(52 + Codecs.packedCiphertextPayload(SMALL, ct.level(), ct.size()), bytes.length);
            assertTrue(bytes.length < 52 + Codecs.ciphertextPayload(SMALL, ct.level(), ct.size()), "residues bit-packed");
            Ciphertext back = BgvSerializer.readCiphertext(bytes, SMALL);
            assertEquals(ct.level(), back.level());
            assertEquals(ct.size(), back.size());
            assertEquals(ct.factor(), back.factor());
            assertEquals(ct.noiseBoundBits(), back.noiseBoundBits());
            for (int i = 0; i < ct.size(); i++) {
                assertEquals(ct.part(i), back.part(i));
            }
            assertArrayEquals(DEC.decrypt(ct).coefficients(), DEC.decrypt(back).coefficients());
            assertArrayEquals(bytes, BgvSerializer.toBytes(back), "the encoding is canonical");
        }
        assertTrue(lower.factor() != 1);
        assertArrayEquals(a, DEC.decrypt(BgvSerializer.readCiphertext(BgvSerializer.toBytes(lower), SMALL)).coefficients());
        // the product decrypts to the same value before and after relinearization of the read copy
        Ciphertext back3 = BgvSerializer.readCiphertext(BgvSerializer.toBytes(threeParts), SMALL);
        assertArrayEquals(DEC.decrypt(threeParts).coefficients(), DEC.decrypt(EVAL.relinearize(back3)).coefficients());
    }

    @Test
    void freshSecretKeyCiphertextsStoreTheSeedOfPartOne() {
        long[] m = randomPlain(new Random(12), SMALL);
        Ciphertext fresh = new Encryptor(SK).encrypt(Plaintext.of(SMALL, m));
        byte[] seeded = BgvSerializer.toBytes(fresh);
        assertEquals(52 + Codecs.packedCiphertextPayload(SMALL, L, 1) + 32, seeded.length); // part 0 and a seed: about half
        Ciphertext back = BgvSerializer.readCiphertext(seeded, SMALL);
        assertArrayEquals(m, DEC.decrypt(back).coefficients());
        assertEquals(fresh.part(1), back.part(1));
        assertArrayEquals(seeded, BgvSerializer.toBytes(back));
        // once modified in place (or copied) the seed no longer describes part 1: both parts are stored
        Ciphertext modified = new Encryptor(SK).encrypt(Plaintext.of(SMALL, m));
        new Evaluator(SMALL).multiplyConstantInPlace(modified, 3);
        assertEquals(52 + Codecs.packedCiphertextPayload(SMALL, L, 2), BgvSerializer.toBytes(modified).length);
        assertEquals(52 + Codecs.packedCiphertextPayload(SMALL, L, 2), BgvSerializer.toBytes(fresh.copy()).length);
        long[] tripled = new long[m.length];
        for (int i = 0; i < m.length; i++) {
            tripled[i] = m[i] * 3 % SMALL.plaintextModulus();
        }
        assertArrayEquals(tripled, DEC.decrypt(BgvSerializer.readCiphertext(BgvSerializer.toBytes(modified), SMALL))
                .coefficients());
    }

    @Test
    void publicKeyRoundTripEncrypts() {
        byte[] b = BgvSerializer.toBytes(PK);
        assertEquals(52 + 4 + 8L * N * L + 32, b.length); // b and the seed of a: half of b + a
        PublicKey back = BgvSerializer.readPublicKey(b, SMALL);
        assertEquals(PK.partCopy(0), back.partCopy(0));
        assertEquals(PK.partCopy(1), back.partCopy(1));
        long[] m = randomPlain(new Random(4), SMALL);
        assertArrayEquals(m, DEC.decrypt(new Encryptor(back).encrypt(Plaintext.of(SMALL, m))).coefficients());
        assertArrayEquals(b, BgvSerializer.toBytes(back));
    }

    @Test
    void evaluationKeysRoundTripRelinearizeAndRotate() {
        byte[] b = BgvSerializer.toBytes(EK);
        EvaluationKeys back = BgvSerializer.readEvaluationKeys(b, SMALL);
        assertTrue(back.hasRelinearizationKey());
        assertEquals(EK.galoisElements(), back.galoisElements());
        assertArrayEquals(b, BgvSerializer.toBytes(back));
        Evaluator eval = new Evaluator(back);
        Random rnd = new Random(5);
        long[] x = randomPlain(rnd, SMALL);
        long[] y = randomPlain(rnd, SMALL);
        Ciphertext lazy = EVAL.multiplyWithoutRelinearization(encrypt(x), encrypt(y));
        long[] product = DEC.decrypt(lazy).coefficients();
        Ciphertext relin = eval.relinearize(lazy);
        assertEquals(2, relin.size());
        assertArrayEquals(product, DEC.decrypt(relin).coefficients());
        assertArrayEquals(product, DEC.decrypt(eval.multiply(encrypt(x), encrypt(y))).coefficients());
        for (long k : new long[] {3, 5, SMALL.m() - 1}) {
            assertArrayEquals(IoFixtures.automorphism(x, k, T), DEC.decrypt(eval.automorphism(encrypt(x), k)).coefficients());
        }
        // without the relinearization key, and with none at all
        EvaluationKeys galoisOnly = KeyGenerator.deterministicForTests(SMALL, 9).evaluationKeys(SK, false, 7);
        EvaluationKeys g = BgvSerializer.readEvaluationKeys(BgvSerializer.toBytes(galoisOnly), SMALL);
        assertFalse(g.hasRelinearizationKey());
        assertArrayEquals(IoFixtures.automorphism(x, 7, T), DEC.decrypt(new Evaluator(g).automorphism(encrypt(x), 7))
                .coefficients());
        EvaluationKeys none = KeyGenerator.deterministicForTests(SMALL, 9).evaluationKeys(SK, false);
        assertTrue(BgvSerializer.readEvaluationKeys(BgvSerializer.toBytes(none), SMALL).galoisElements().isEmpty());
    }

    @Test
    void keySwitchingKeysAreSeedCompressed() {
        KeySwitchingKey relin = EK.relinearizationKey();
        byte[] b = BgvSerializer.toBytes(relin);
        long rows = 8L * N * SMALL.digits() * (L + K); // the b_j
        assertEquals(52 + 48 + rows, b.length);
        assertTrue(b.length < 0.51 * (2 * rows), b.length + " bytes against " + 2 * rows + " for b and a");
        KeySwitchingKey back = BgvSerializer.readKeySwitchingKey(b, SMALL);
        assertEquals(2, back.galoisElement());
        assertArrayEquals(relin.seed(), back.seed());
        for (int j = 0; j < back.digits(); j++) {
            assertEquals(relin.bCopy(j), back.bCopy(j));
        }
        assertArrayEquals(b, BgvSerializer.toBytes(back));
        long evkBytes = BgvSerializer.toBytes(EK).length;
        assertEquals(52 + 5 + 4 * (48 + rows), evkBytes);
    }

    @Test
    void secretKeyRoundTripNeedsTheAccessToken() {
        byte[] b = BgvSerializer.secretKeyToBytes(SK, ACCESS);
        assertEquals(52 + 4 + N / 4, b.length);
        SecretKey back = BgvSerializer.readSecretKey(b, SMALL, ACCESS);
        assertArrayEquals(SK.coefficients(ACCESS), back.coefficients(ACCESS));
        long[] m = randomPlain(new Random(6), SMALL);
        assertArrayEquals(m, new Decryptor(back).decrypt(encrypt(m)).coefficients());
        assertThrows(SecurityException.class, () -> BgvSerializer.secretKeyToBytes(SK, null));
        assertThrows(SecurityException.class, () -> BgvSerializer.readSecretKey(b, SMALL, null));
        assertFalse(back.toString().matches(".*-?1, -?[01].*"), back.toString());
        // sparse keys keep their weight; stream path
        SecretKey sparse = KeyGenerator.deterministicForTests(SPARSE, 1).secretKey();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BgvSerializer.writeSecretKey(sparse, ACCESS, out);
        SecretKey sparseBack = BgvSerializer.readSecretKey(new ByteArrayInputStream(out.toByteArray()), SPARSE, ACCESS);
        assertArrayEquals(sparse.coefficients(ACCESS), sparseBack.coefficients(ACCESS));
    }

    @Test
    void concatenatedObjectsAreReadFromOneStream() {
        long[] m = randomPlain(new Random(7), SMALL);
        Ciphertext ct = encrypt(m);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BgvSerializer.write(SMALL, out);
        BgvSerializer.write(PK, out);
        BgvSerializer.write(EK, out);
        BgvSerializer.write(ct, out);
        BgvSerializer.write(Plaintext.of(SMALL, m), out);
        BgvSerializer.write(EK.galoisKey(3), out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        Context ctx = BgvSerializer.readContext(in, INSECURE_OK);
        assertTrue(ctx.sameAs(SMALL));
        BgvSerializer.readPublicKey(in, ctx);
        BgvSerializer.readEvaluationKeys(in, ctx);
        assertArrayEquals(m, DEC.decrypt(BgvSerializer.readCiphertext(in, ctx)).coefficients());
        assertEquals(Plaintext.of(SMALL, m), BgvSerializer.readPlaintext(in, ctx));
        assertEquals(3, BgvSerializer.readKeySwitchingKey(in, ctx).galoisElement());
        assertEquals(0, in.available());
    }

    // ---- envelope errors -------------------------------------------------------------------

    private static byte[] ciphertextBytes() {
        return BgvSerializer.toBytes(encrypt(randomPlain(new Random(8), SMALL)));
    }

    private static <E extends SerializationException> E rejects(Class<E> type, Executable read, String... fragments) {
        E e = assertThrows(type, read);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks \"" + f + "\": " + e.getMessage());
        }
        return e;
    }

    @Test
    void wrongMagicIsUnrecognized() {
        byte[] b = ciphertextBytes();
        b[0] = 'X';
        rejects(UnrecognizedFormatException.class, () -> BgvSerializer.readCiphertext(b, SMALL), "magic");
        rejects(UnrecognizedFormatException.class, () -> BgvSerializer.readContext("PK\u0003\u0004 a zip".getBytes()));
        rejects(UnrecognizedFormatException.class, () -> BgvSerializer.typeOf(new byte[] {0x7f, 'E', 'L', 'F'}));
        rejects(TruncatedDataException.class, () -> BgvSerializer.readCiphertext(new byte[0], SMALL));
    }

    @Test
    void unsupportedVersionsAreNamed() {
        for (int v : new int[] {0, 2, 0xffff}) {
            byte[] b = ciphertextBytes();
            putInt(b, 4, v << 16 | (b[6] & 0xff) << 8);
            rejects(UnsupportedVersionException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL), "version " + v);
            rejects(UnsupportedVersionException.class, () -> BgvSerializer.readCiphertext(new ByteArrayInputStream(b), SMALL));
        }
    }

    @Test
    void otherObjectTypesAndTagsAreRejected() {
        byte[] pk = BgvSerializer.toBytes(PK);
        rejects(UnexpectedObjectTypeException.class, () -> BgvSerializer.readCiphertext(pk, SMALL), "public key",
                "readPublicKey");
        rejects(UnexpectedObjectTypeException.class, () -> BgvSerializer.readSecretKey(pk, SMALL, ACCESS));
        rejects(UnexpectedObjectTypeException.class, () -> BgvSerializer.readContext(pk, INSECURE_OK));
        assertEquals(SerializedType.PUBLIC_KEY, BgvSerializer.typeOf(pk));
        byte[] b = ciphertextBytes();
        b[6] = 42;
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL), "tag 42");
        byte[] f = ciphertextBytes();
        f[7] = 1;
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(f), SMALL), "flags");
    }

    @Test
    void truncationAtEveryPositionIsReported() {
        Ciphertext low = encrypt(randomPlain(new Random(9), SMALL));
        while (low.level() > 1) {
            low = EVAL.modSwitchDown(low);
        }
        for (byte[] full : new byte[][] {BgvSerializer.toBytes(Plaintext.constant(SMALL, 5)), BgvSerializer.toBytes(low),
                BgvSerializer.secretKeyToBytes(SK, ACCESS), BgvSerializer.toBytes(SMALL)}) {
            SerializedType type = BgvSerializer.typeOf(full);
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThrows(TruncatedDataException.class, () -> read(type, cut), type + " cut at " + len);
                assertThrows(TruncatedDataException.class, () -> read(type, new ByteArrayInputStream(cut)),
                        type + " stream cut at " + len);
            }
            read(type, full);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] b = Arrays.copyOf(ciphertextBytes(), ciphertextBytes().length + 3);
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(b, SMALL), "3 unexpected bytes");
    }

    @Test
    void forgedLengthsNeverAllocate() {
        for (long forged : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, 1L << 40, Integer.MAX_VALUE,
                Integer.MAX_VALUE - 100, Codecs.maxPayload(SerializedType.CIPHERTEXT, SMALL) + 1}) {
            byte[] b = putLong(ciphertextBytes(), 40, forged);
            rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL), "length " + forged);
            rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(new ByteArrayInputStream(b), SMALL));
        }
        // the largest length this context allows for evaluation keys is huge; the stream holds little
        byte[] e = putLong(BgvSerializer.toBytes(EK), 40, Codecs.maxPayload(SerializedType.EVALUATION_KEYS, SMALL));
        rejects(TruncatedDataException.class, () -> BgvSerializer.readEvaluationKeys(new ByteArrayInputStream(e), SMALL));
        rejects(TruncatedDataException.class, () -> BgvSerializer.readEvaluationKeys(e, SMALL));
        // a length within bounds but one more than the bytes: truncated; one less: malformed payload
        byte[] more = ciphertextBytes();
        putLong(more, 40, getLong(more, 40) + 8);
        rejects(TruncatedDataException.class, () -> BgvSerializer.readCiphertext(more, SMALL));
    }

    @Test
    void ciphertextsWithResiduesInWholeWordsAreStillRead() {
        // the format before bit-packing (parts field without the flag, 8 bytes per residue): checkpoints
        Random rnd = new Random(5);
        long[] m = randomPlain(rnd, SMALL);
        for (Ciphertext ct : new Ciphertext[] {EVAL.modSwitchDown(encrypt(m)), new Encryptor(SK).encrypt(Plaintext.of(SMALL, m))}) {
            byte[] seed = ct.seed();
            int stored = seed == null ? ct.size() : 1;
            java.nio.ByteBuffer b = Frame.open(SerializedType.CIPHERTEXT, ContextCodec.digest(SMALL),
                    Codecs.ciphertextPayload(SMALL, ct.level(), stored) + (seed == null ? 0 : 32));
            b.putInt(ct.level()).putInt(seed == null ? ct.size() : Codecs.SEEDED_PARTS).putLong(ct.factor())
                    .putLong(Double.doubleToRawLongBits(ct.noiseBoundBits()));
            for (int i = 0; i < stored; i++) {
                for (int r = 0; r < ct.level(); r++) {
                    for (long v : ct.part(i).row(r)) {
                        b.putLong(v);
                    }
                }
            }
            if (seed != null) {
                b.put(seed);
            }
            Ciphertext back = BgvSerializer.readCiphertext(Frame.seal(b), SMALL);
            assertArrayEquals(m, DEC.decrypt(back).coefficients());
            assertArrayEquals(BgvSerializer.toBytes(ct), BgvSerializer.toBytes(back));
        }
    }

    @Test
    void tamperingIsDetectedByTheChecksum() {
        byte[] b = ciphertextBytes();
        b[b.length / 2] ^= 0x10; // still a residue in range, very likely
        rejects(TamperedDataException.class, () -> BgvSerializer.readCiphertext(b, SMALL), "checksum");
        byte[] d = ciphertextBytes();
        d[20] ^= 1; // the context digest
        rejects(TamperedDataException.class, () -> BgvSerializer.readCiphertext(d, SMALL));
        byte[] c = ciphertextBytes();
        c[c.length - 1] ^= 1;
        rejects(TamperedDataException.class, () -> BgvSerializer.readCiphertext(new ByteArrayInputStream(c), SMALL));
    }

    @Test
    void objectsOfAnotherContextAreForeign() {
        byte[] ct = ciphertextBytes();
        for (Context other : new Context[] {OTHER_PRIMES, OTHER_DIGITS, SPARSE}) {
            rejects(ForeignContextException.class, () -> BgvSerializer.readCiphertext(ct, other), "another context",
                    other.fingerprint());
        }
        rejects(ForeignContextException.class, () -> BgvSerializer.readPublicKey(BgvSerializer.toBytes(PK), OTHER_PRIMES));
        rejects(ForeignContextException.class, () -> BgvSerializer.readEvaluationKeys(BgvSerializer.toBytes(EK), OTHER_DIGITS));
        rejects(ForeignContextException.class, () -> BgvSerializer.readSecretKey(BgvSerializer.secretKeyToBytes(SK, ACCESS),
                SPARSE, ACCESS));
    }

    // ---- payload validation (checksum recomputed, so the range checks themselves are tested) --

    @Test
    void residuesAtOrAbovePrimeAreRejected() {
        long q0 = SMALL.ciphertextPrimes()[0];
        int w0 = ResiduePacking.width(q0);
        for (long bad : new long[] {q0, q0 + 1, w0 == 64 ? -1 : (1L << w0) - 1}) { // up to all ones: the widest
            byte[] b = putResidue(ciphertextBytes(), 0, 0, 17, bad);
            rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL),
                    "part 0", "index 17", "q = " + q0);
        }
        long q1 = SMALL.ciphertextPrimes()[1];
        byte[] b = putResidue(ciphertextBytes(), 1, 1, 3, q1); // part 1, prime 1, index 3
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL), "part 1",
                "prime 1 (q = " + q1 + ")", "index 3");
        byte[] pk = putLong(BgvSerializer.toBytes(PK), HEADER + 4 + 8 * (N + 5), SMALL.ciphertextPrimes()[1]); // b, prime 1
        rejects(MalformedDataException.class, () -> BgvSerializer.readPublicKey(reseal(pk), SMALL), "part b");
        long special = SMALL.specialPrimes()[K - 1];
        byte[] k = BgvSerializer.toBytes(EK.galoisKey(5));
        putLong(k, k.length - 4 - 8, special); // last residue of b_{c-1}: last special prime
        rejects(MalformedDataException.class, () -> BgvSerializer.readKeySwitchingKey(reseal(k), SMALL), "b_1");
        byte[] p = putLong(BgvSerializer.toBytes(Plaintext.constant(SMALL, 1)), HEADER + 4, T);
        rejects(MalformedDataException.class, () -> BgvSerializer.readPlaintext(reseal(p), SMALL), "plaintext");
    }

    /** Writes residue {@code index} of prime {@code prime} of part {@code part} of a (bit-packed, level-L) ciphertext. */
    private static byte[] putResidue(byte[] b, int part, int prime, int index, long v) {
        long[] q = SMALL.ciphertextPrimes();
        long element = 0;
        long offset = 0;
        for (int i = 0; i < L; i++) {
            long row = ResiduePacking.rowBytes(N, ResiduePacking.width(q[i]));
            element += row;
            offset += i < prime ? row : 0;
        }
        int w = ResiduePacking.width(q[prime]);
        long bit = 8 * (HEADER + 24 + part * element + offset) + (long) index * w;
        for (int k = 0; k < w; k++, bit++) {
            int mask = 0x80 >>> (int) (bit % 8);
            if (((v >>> (w - 1 - k)) & 1) != 0) {
                b[(int) (bit / 8)] |= (byte) mask;
            } else {
                b[(int) (bit / 8)] &= (byte) ~mask;
            }
        }
        return b;
    }

    @Test
    void ciphertextMetadataIsValidated() {
        int[][] badLevelsAndParts = {{0, 2}, {L + 1, 2}, {-1, 2}, {L, 1}, {L, 0}, {L, 9}, {L, Integer.MAX_VALUE}, {L - 1, 2},
            {L, 3}};
        for (int[] lp : badLevelsAndParts) {
            byte[] b = ciphertextBytes();
            putInt(b, HEADER, lp[0]);
            putInt(b, HEADER + 4, lp[1]);
            assertThrows(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL),
                    () -> Arrays.toString(lp));
        }
        for (long factor : new long[] {0, -1, T, T + 1, Long.MIN_VALUE}) {
            byte[] b = putLong(ciphertextBytes(), HEADER + 8, factor);
            rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL), "factor " + factor);
        }
        double logQ = SMALL.logQ(L);
        for (double noise : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, -Double.MIN_VALUE,
            logQ + 0.01, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8_0000_0000_0001L)}) {
            byte[] b = putLong(ciphertextBytes(), HEADER + 16, Double.doubleToRawLongBits(noise));
            rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), SMALL), "noise bound field");
        }
        // a changed but valid factor is data, not corruption: it reads (and the checksum is what catches accidents)
        byte[] ok = putLong(ciphertextBytes(), HEADER + 8, 3);
        assertEquals(3, BgvSerializer.readCiphertext(reseal(ok), SMALL).factor());
    }

    @Test
    void onlyTheZeroCiphertextHasNoiseMinusInfinity() {
        long[] m = randomPlain(new Random(13), SMALL);
        Ciphertext zero = EVAL.multiplyPlain(encrypt(m), Plaintext.constant(SMALL, 0)); // all parts zero
        assertEquals(Double.NEGATIVE_INFINITY, zero.noiseBoundBits());
        byte[] b = BgvSerializer.toBytes(zero);
        Ciphertext back = BgvSerializer.readCiphertext(b, SMALL);
        assertArrayEquals(new long[N], DEC.decrypt(back).coefficients());
        assertArrayEquals(b, BgvSerializer.toBytes(back));
        // the same noise field on a real ciphertext would make it decrypt unchecked: refused, naming the part
        byte[] forged = putLong(ciphertextBytes(), HEADER + 16, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(forged), SMALL),
                "noise bound field", "part 0 is nonzero");
        // a seeded ciphertext's part 1 is uniform, never zero
        byte[] seeded = BgvSerializer.toBytes(new Encryptor(SK).encrypt(Plaintext.of(SMALL, m)));
        putLong(seeded, HEADER + 16, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(seeded), SMALL), "noise bound field");
        // the largest possible bound still reads (decryption then refuses it, as for any exhausted ciphertext)
        byte[] top = putLong(ciphertextBytes(), HEADER + 16, Double.doubleToRawLongBits(SMALL.logQ(L)));
        assertEquals(SMALL.logQ(L), BgvSerializer.readCiphertext(reseal(top), SMALL).noiseBoundBits());
    }

    @Test
    void aTamperedSecretKeyReportsNoChecksumValues() {
        byte[] sk = BgvSerializer.secretKeyToBytes(SK, ACCESS);
        int stored = java.nio.ByteBuffer.wrap(sk).getInt(sk.length - 4);
        sk[HEADER + 4 + 100] ^= 0x04; // one coefficient changed, checksum left as it was
        int computed = java.nio.ByteBuffer.wrap(reseal(sk.clone())).getInt(sk.length - 4);
        for (Executable read : new Executable[] {() -> BgvSerializer.readSecretKey(sk, SMALL, ACCESS),
            () -> BgvSerializer.readSecretKey(new ByteArrayInputStream(sk), SMALL, ACCESS)}) {
            TamperedDataException e = rejects(TamperedDataException.class, read, "checksum mismatch in the secret key");
            for (int crc : new int[] {stored, computed}) {
                assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains(String.format("%08x", crc)),
                        e.getMessage());
            }
            assertFalse(e.getMessage().matches(".*[0-9a-f]{8}.*"), e.getMessage());
        }
        // other objects keep both values, which help to diagnose corruption
        byte[] ct = ciphertextBytes();
        ct[HEADER + 30] ^= 1;
        rejects(TamperedDataException.class, () -> BgvSerializer.readCiphertext(ct, SMALL), "stored CRC32C");
    }

    @Test
    void plaintextFactorMustBeInvertibleForCompositeT() {
        Context ctx = new ContextBuilder().m(2048).p(17).r(2).bits(165).c(2).allowInsecure().build(); // t = 289
        KeyGenerator kg = KeyGenerator.deterministicForTests(ctx, 3);
        Ciphertext ct = new Encryptor(kg.publicKey(kg.secretKey())).encrypt(Plaintext.constant(ctx, 4));
        byte[] b = putLong(BgvSerializer.toBytes(ct), HEADER + 8, 34);
        rejects(MalformedDataException.class, () -> BgvSerializer.readCiphertext(reseal(b), ctx), "invertible");
    }

    @Test
    void keyStructureIsValidated() {
        int keyBody = 48 + 8 * N * SMALL.digits() * (L + K);
        for (long element : new long[] {4, 0, -3, SMALL.m(), SMALL.m() + 1, Long.MAX_VALUE}) {
            byte[] k = putLong(BgvSerializer.toBytes(EK.galoisKey(3)), HEADER, element);
            rejects(MalformedDataException.class, () -> BgvSerializer.readKeySwitchingKey(reseal(k), SMALL),
                    "Galois element " + element);
        }
        byte[] digits = putInt(BgvSerializer.toBytes(EK.galoisKey(3)), HEADER + 8, 3);
        rejects(MalformedDataException.class, () -> BgvSerializer.readKeySwitchingKey(reseal(digits), SMALL), "digits");
        byte[] primes = putInt(BgvSerializer.toBytes(EK.galoisKey(3)), HEADER + 12, L + K + 1);
        rejects(MalformedDataException.class, () -> BgvSerializer.readKeySwitchingKey(reseal(primes), SMALL), "primes");
        // evaluation keys: relin flag, counts, order of elements, relinearization element
        byte[] ek = BgvSerializer.toBytes(EK); // relin, then 3, 5, m-1
        byte[] flag = ek.clone();
        flag[HEADER] = 2;
        rejects(MalformedDataException.class, () -> BgvSerializer.readEvaluationKeys(reseal(flag), SMALL), "flag");
        for (int count : new int[] {-1, 2, 4, SMALL.m() / 2 + 1, Integer.MAX_VALUE}) {
            byte[] c = putInt(ek.clone(), HEADER + 1, count);
            assertThrows(MalformedDataException.class, () -> BgvSerializer.readEvaluationKeys(reseal(c), SMALL),
                    () -> "count " + count);
        }
        int firstGalois = HEADER + 5 + keyBody;
        byte[] dup = putLong(ek.clone(), firstGalois + keyBody, 3); // 3, 3, m-1
        rejects(MalformedDataException.class, () -> BgvSerializer.readEvaluationKeys(reseal(dup), SMALL), "ascending");
        byte[] relinOdd = putLong(ek.clone(), HEADER + 5, 7);
        rejects(MalformedDataException.class, () -> BgvSerializer.readEvaluationKeys(reseal(relinOdd), SMALL), "instead of 2");
        byte[] galoisTwo = putLong(ek.clone(), firstGalois, 2);
        rejects(MalformedDataException.class, () -> BgvSerializer.readEvaluationKeys(reseal(galoisTwo), SMALL));
        byte[] pkLevel = putInt(BgvSerializer.toBytes(PK), HEADER, L - 1);
        rejects(MalformedDataException.class, () -> BgvSerializer.readPublicKey(reseal(pkLevel), SMALL), "level");
    }

    @Test
    void secretKeyErrorsNeverEchoMaterial() {
        byte[] b = BgvSerializer.secretKeyToBytes(SK, ACCESS);
        b[HEADER + 4 + 10] |= 0x0c; // coefficient 41 gets code 3
        MalformedDataException e = rejects(MalformedDataException.class,
                () -> BgvSerializer.readSecretKey(reseal(b), SMALL, ACCESS), "invalid coefficient code");
        assertFalse(e.getMessage().matches(".*\\d{2,}.*"), e.getMessage()); // no positions, values or counts
        SecretKey sparse = KeyGenerator.deterministicForTests(SPARSE, 2).secretKey();
        byte[] s = BgvSerializer.secretKeyToBytes(sparse, ACCESS);
        int i = HEADER + 4;
        while (s[i] != 0) {
            i++;
        }
        s[i] = 1; // one more nonzero coefficient
        e = rejects(MalformedDataException.class, () -> BgvSerializer.readSecretKey(reseal(s), SPARSE, ACCESS),
                "Hamming weight");
        assertTrue(e.getMessage().contains("(64)") && !e.getMessage().contains("65"), e.getMessage());
    }

    /** Reads a changed context with its digest and checksum recomputed, opting in to insecure contexts. */
    private static Context readChanged(byte[] context) throws Exception {
        return BgvSerializer.readContext(resealContext(context), INSECURE_OK);
    }

    @Test
    void contextParametersAreValidated() throws Exception {
        byte[] b = BgvSerializer.toBytes(SMALL);
        byte[] digest = b.clone();
        putInt(digest, HEADER + 16, 166); // bits, digest left stale
        rejects(MalformedDataException.class, () -> BgvSerializer.readContext(reseal(digest), INSECURE_OK), "digest");
        // consistent digest, changed knobs
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), HEADER + 16, 166)), "other primes");
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), HEADER, 3000)), "m = 3000");
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), HEADER + 16, 1 << 30)), "bits");
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), HEADER + 16, 1000)),
                "ciphertext primes stored");
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), HEADER + 20, 4)), "c = 4");
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), HEADER + 12, 40)), "p^r"); // r = 40
        byte[] insecure = b.clone();
        insecure[HEADER + 32] = 0; // insecureAllowed false: the builder refuses these parameters
        rejects(MalformedDataException.class, () -> readChanged(insecure), "ContextBuilder");
        byte[] count = putInt(b.clone(), HEADER + 33, Integer.MAX_VALUE);
        rejects(MalformedDataException.class, () -> readChanged(count), "ciphertext primes");
        int specialCount = HEADER + 37 + 8 * L;
        rejects(MalformedDataException.class, () -> readChanged(putInt(b.clone(), specialCount, 64)), "special primes");
    }

    @Test
    void contextPrimesAreCheckedBeforeBuilding() throws Exception {
        byte[] b = BgvSerializer.toBytes(SMALL);
        int q0 = HEADER + 37;
        long[] q = SMALL.ciphertextPrimes();
        java.util.List<Long> used = new java.util.ArrayList<>();
        for (long x : q) {
            used.add(x);
        }
        long another = io.fhe4j.math.Primes.generate(55, SMALL.m(), 1, used).get(0); // a valid prime, not the builder's
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), q0, another)), "other primes");
        long composite = q[0] + 2 * SMALL.m();
        while (io.fhe4j.math.Primes.isPrime(composite)) {
            composite += SMALL.m();
        }
        long c = composite;
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), q0, c)), "ciphertext prime 0",
                "not prime");
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), q0, q[0] + 2)), "not 1 mod m");
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), q0 + 8, q[0])), "not distinct");
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), q0, (1L << 61) + 1)), "2^60");
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), q0, -q[0])), "ciphertext prime 0");
        int special0 = HEADER + 37 + 8 * L + 4;
        rejects(MalformedDataException.class, () -> readChanged(putLong(b.clone(), special0, 65537)), "special prime 0");
    }

    private static Object read(SerializedType type, Object source) {
        switch (type) {
            case CONTEXT: return source instanceof byte[] ? BgvSerializer.readContext((byte[]) source, INSECURE_OK)
                    : BgvSerializer.readContext((ByteArrayInputStream) source, INSECURE_OK);
            case PLAINTEXT: return source instanceof byte[] ? BgvSerializer.readPlaintext((byte[]) source, SMALL)
                    : BgvSerializer.readPlaintext((ByteArrayInputStream) source, SMALL);
            case CIPHERTEXT: return source instanceof byte[] ? BgvSerializer.readCiphertext((byte[]) source, SMALL)
                    : BgvSerializer.readCiphertext((ByteArrayInputStream) source, SMALL);
            case SECRET_KEY: return source instanceof byte[] ? BgvSerializer.readSecretKey((byte[]) source, SMALL, ACCESS)
                    : BgvSerializer.readSecretKey((ByteArrayInputStream) source, SMALL, ACCESS);
            default: throw new AssertionError(type);
        }
    }
}
