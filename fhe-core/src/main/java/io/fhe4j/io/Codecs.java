package io.fhe4j.io;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.KeySwitchingKey;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.math.Primes;
import io.fhe4j.math.Prng;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Payload layouts of the objects that belong to a context (format version 1, big-endian; every
 * element is in evaluation form, one row of N residues per prime, rows in the order of the ring's
 * primes):
 *
 * <pre>
 * PLAINTEXT          int N; N longs in [0, t)
 * CIPHERTEXT         int level l in [1, L]; int parts k in [2, 8]; long factor f in [1, t), gcd(f, t) = 1;
 *                    long noise bound bits (IEEE 754 bits: in [0, log2 Q_l], or -infinity for the zero
 *                    ciphertext, whose parts are all zero; never seeded); k elements over Q_l.
 *                    Parts field k | 0x10000 (as written now): every residue row bit-packed to its prime's
 *                    width (ResiduePacking: 60 bits for a 60-bit prime, big-endian, rows padded to a byte).
 *                    Parts field 0x5EED (| 0x10000): a fresh secret-key encryption, part 0 then the 32-byte
 *                    seed of part 1
 * PUBLIC_KEY         int level (= L); element b, element a over Q_L
 * KEY_SWITCHING_KEY  long Galois element (2: relinearization, else odd in [1, m)); int digits (= c);
 *                    int primes (= L + K); 32-byte seed of the a_j; c elements b_j over Q_L P
 *                    (the a_j are regenerated from the seed: seed compression)
 * EVALUATION_KEYS    byte has relinearization key (0/1); int number g of Galois keys in [0, m/2];
 *                    the relinearization key body if present, then g key bodies, elements strictly ascending
 * SECRET_KEY         int N; N/4 bytes, coefficient i in bits 2(i mod 4)..2(i mod 4)+1 of byte i/4:
 *                    0 for 0, 1 for 1, 2 for -1 (3 is invalid)
 * </pre>
 * Stateless and thread-safe.
 */
final class Codecs {
    static final int MAX_CIPHERTEXT_PARTS = 8;
    private static final int KSK_FIXED = 8 + 4 + 4 + Prng.SEED_BYTES;

    private Codecs() {
    }

    // ---- sizes -----------------------------------------------------------------------------

    static long plaintextPayload(Context c) {
        return 4 + 8L * c.n();
    }

    /** The parts field of a fresh secret-key encryption stored as part 0 and the seed of part 1. */
    static final int SEEDED_PARTS = 0x5EED;

    static long ciphertextPayload(Context c, int level, int parts) {
        return 24 + 8L * c.n() * level * parts;
    }

    /** Flag in a ciphertext's parts field: residue rows bit-packed to their primes' widths. */
    static final int PACKED_RESIDUES = 0x10000;

    /** A ciphertext payload with {@code parts} elements of bit-packed rows ({@link ResiduePacking}). */
    static long packedCiphertextPayload(Context c, int level, int parts) {
        long element = 0;
        long[] q = c.ciphertextPrimes();
        for (int i = 0; i < level; i++) {
            element += ResiduePacking.rowBytes(c.n(), ResiduePacking.width(q[i]));
        }
        return 24 + element * parts;
    }

    static long publicKeyPayload(Context c) {
        return 4 + 8L * c.n() * c.maxLevel() + Prng.SEED_BYTES;
    }

    static long keySwitchingKeyPayload(Context c) {
        return KSK_FIXED + 8L * c.n() * c.digits() * c.fullRing().size();
    }

    static long evaluationKeysPayload(Context c, int keys) {
        return 5 + keys * keySwitchingKeyPayload(c);
    }

    static long secretKeyPayload(Context c) {
        return 4 + c.n() / 4;
    }

    /** The largest payload an object of this type can have in this context (capped at one array). */
    static long maxPayload(SerializedType type, Context c) {
        long max;
        switch (type) {
            case CONTEXT: max = ContextCodec.MAX_PAYLOAD; break;
            case PLAINTEXT: max = plaintextPayload(c); break;
            case CIPHERTEXT: max = ciphertextPayload(c, c.maxLevel(), MAX_CIPHERTEXT_PARTS); break;
            case PUBLIC_KEY: max = publicKeyPayload(c); break;
            case KEY_SWITCHING_KEY: max = keySwitchingKeyPayload(c); break;
            case EVALUATION_KEYS: max = evaluationKeysPayload(c, c.n() + 1); break;
            case SECRET_KEY: max = secretKeyPayload(c); break;
            default: throw new AssertionError(type);
        }
        return Math.min(max, Frame.MAX_PAYLOAD);
    }

    // ---- writing ---------------------------------------------------------------------------

    private static void putElement(ByteBuffer b, DoubleCrt d) {
        DoubleCrt e = d.isEvaluationForm() ? d : d.copy().toEvaluationForm();
        int n = e.n();
        for (int i = 0; i < e.size(); i++) {
            b.asLongBuffer().put(e.row(i));
            b.position(b.position() + 8 * n);
        }
    }

    static byte[] encode(Plaintext pt) {
        Context c = pt.context();
        ByteBuffer b = Frame.open(SerializedType.PLAINTEXT, ContextCodec.digest(c), plaintextPayload(c));
        b.putInt(c.n());
        b.asLongBuffer().put(pt.coefficients());
        b.position(b.position() + 8 * c.n());
        return Frame.seal(b);
    }

    static byte[] encode(Ciphertext ct) {
        Context c = ct.context();
        byte[] seed = ct.size() == 2 ? ct.seed() : null;
        int stored = seed == null ? ct.size() : 1;
        ByteBuffer b = Frame.open(SerializedType.CIPHERTEXT, ContextCodec.digest(c),
                packedCiphertextPayload(c, ct.level(), stored) + (seed == null ? 0 : Prng.SEED_BYTES));
        b.putInt(ct.level()).putInt((seed == null ? ct.size() : SEEDED_PARTS) | PACKED_RESIDUES)
                .putLong(ct.factor()).putLong(Double.doubleToRawLongBits(ct.noiseBoundBits()));
        for (int i = 0; i < stored; i++) {
            DoubleCrt e = ct.part(i).isEvaluationForm() ? ct.part(i) : ct.part(i).copy().toEvaluationForm();
            for (int r = 0; r < e.size(); r++) {
                ResiduePacking.pack(e.row(r), ResiduePacking.width(e.ring().basis().prime(r)), b);
            }
        }
        if (seed != null) {
            b.put(seed);
        }
        return Frame.seal(b);
    }

    static byte[] encode(PublicKey pk) {
        Context c = pk.context();
        ByteBuffer b = Frame.open(SerializedType.PUBLIC_KEY, ContextCodec.digest(c), publicKeyPayload(c));
        b.putInt(c.maxLevel());
        putElement(b, pk.partCopy(0));
        b.put(pk.seed());
        return Frame.seal(b);
    }

    private static void putKeyBody(ByteBuffer b, KeySwitchingKey k) {
        Context c = k.context();
        b.putLong(k.galoisElement()).putInt(k.digits()).putInt(c.fullRing().size()).put(k.seed());
        for (int j = 0; j < k.digits(); j++) {
            putElement(b, k.bCopy(j));
        }
    }

    static byte[] encode(KeySwitchingKey k) {
        Context c = k.context();
        ByteBuffer b = Frame.open(SerializedType.KEY_SWITCHING_KEY, ContextCodec.digest(c), keySwitchingKeyPayload(c));
        putKeyBody(b, k);
        return Frame.seal(b);
    }

    static byte[] encode(EvaluationKeys keys) {
        Context c = keys.context();
        int count = keys.galoisElements().size() + (keys.hasRelinearizationKey() ? 1 : 0);
        ByteBuffer b = Frame.open(SerializedType.EVALUATION_KEYS, ContextCodec.digest(c), evaluationKeysPayload(c, count));
        b.put((byte) (keys.hasRelinearizationKey() ? 1 : 0)).putInt(keys.galoisElements().size());
        if (keys.hasRelinearizationKey()) {
            putKeyBody(b, keys.relinearizationKey());
        }
        for (long e : keys.galoisElements()) { // ascending
            putKeyBody(b, keys.galoisKey(e));
        }
        return Frame.seal(b);
    }

    static byte[] encode(SecretKey sk, SecretKey.Access access) {
        Context c = sk.context();
        long[] s = sk.coefficients(access);
        ByteBuffer b = Frame.open(SerializedType.SECRET_KEY, ContextCodec.digest(c), secretKeyPayload(c));
        b.putInt(c.n());
        for (int i = 0; i < s.length; i += 4) {
            int packed = 0;
            for (int k = 0; k < 4; k++) {
                packed |= (int) (s[i + k] & 3) << (2 * k); // 0 -> 0, 1 -> 1, -1 -> 3
            }
            b.put((byte) (packed & ~(packed >>> 1 & 0x55))); // -1 (3) -> 2
        }
        Arrays.fill(s, 0);
        return Frame.seal(b);
    }

    // ---- reading ---------------------------------------------------------------------------

    static Plaintext decodePlaintext(Frame f, Context c) {
        ContextCodec.requireContext(f, c);
        PayloadReader in = new PayloadReader(f.payload, f.type);
        int n = in.readInt("ring degree");
        requireEqual(n, c.n(), "plaintext ring degree");
        in.expectRemaining(8L * n, "the coefficients");
        long[] coeffs = new long[n];
        in.readBelow(coeffs, c.plaintextModulus(), "plaintext coefficients");
        in.end();
        return restoring(() -> Plaintext.of(c, coeffs));
    }

    static Ciphertext decodeCiphertext(Frame f, Context c) {
        ContextCodec.requireContext(f, c);
        PayloadReader in = new PayloadReader(f.payload, f.type);
        int level = in.readInt("level");
        if (level < 1 || level > c.maxLevel()) {
            throw new MalformedDataException("ciphertext level " + level + " is outside [1, " + c.maxLevel()
                    + "], the levels of this context");
        }
        int partsField = in.readInt("number of parts");
        boolean packed = (partsField & PACKED_RESIDUES) != 0;
        partsField &= ~PACKED_RESIDUES;
        boolean seeded = partsField == SEEDED_PARTS;
        int parts = seeded ? 2 : partsField;
        if (parts < 2 || parts > MAX_CIPHERTEXT_PARTS) {
            throw new MalformedDataException("a ciphertext of " + parts + " parts: this format holds 2 to "
                    + MAX_CIPHERTEXT_PARTS + " (or " + SEEDED_PARTS + " for part 0 and the seed of part 1)");
        }
        long expected = (packed ? packedCiphertextPayload(c, level, seeded ? 1 : parts)
                : ciphertextPayload(c, level, seeded ? 1 : parts)) + (seeded ? Prng.SEED_BYTES : 0);
        in.expectRemaining(expected - 8, "factor, noise bound and " + (seeded ? "part 0 and a seed" : parts + " parts")
                + " at level " + level);
        long factor = in.readLong("plaintext factor");
        long t = c.plaintextModulus();
        if (factor < 1 || factor >= t || Primes.gcd(factor, t) != 1) {
            throw new MalformedDataException("plaintext factor " + factor + " is not in [1, " + t
                    + ") or not invertible mod t = " + t);
        }
        double noise = Double.longBitsToDouble(in.readLong("noise bound"));
        double logQ = c.logQ(level);
        if (!(noise >= 0 && noise <= logQ) && !(noise == Double.NEGATIVE_INFINITY && !seeded)) {
            throw new MalformedDataException(String.format("noise bound field: %s bits is impossible at level %d: a"
                    + " ciphertext's noise bound is in [0, log2(Q_%d) = %.1f] bits (-infinity only for the zero"
                    + " ciphertext); the data is corrupted or forged", noise, level, level, logQ));
        }
        PolyRing ring = c.ring(level);
        if (seeded) {
            DoubleCrt part0 = in.readElement(ring, packed, "ciphertext part 0");
            byte[] seed = new byte[Prng.SEED_BYTES];
            in.readBytes(seed, "seed of ciphertext part 1");
            in.end();
            return restoring(() -> Ciphertext.restoreSeeded(c, part0, seed, factor, noise));
        }
        DoubleCrt[] p = new DoubleCrt[parts];
        for (int i = 0; i < parts; i++) {
            p[i] = in.readElement(ring, packed, "ciphertext part " + i);
            if (noise == Double.NEGATIVE_INFINITY && !isZero(p[i])) {
                throw new MalformedDataException("noise bound field: -infinity marks the zero ciphertext, but part " + i
                        + " is nonzero; the data is corrupted or forged");
            }
        }
        in.end();
        return restoring(() -> Ciphertext.restore(c, p, factor, noise));
    }

    static PublicKey decodePublicKey(Frame f, Context c) {
        ContextCodec.requireContext(f, c);
        PayloadReader in = new PayloadReader(f.payload, f.type);
        requireEqual(in.readInt("level"), c.maxLevel(), "public key level");
        in.expectRemaining(publicKeyPayload(c) - 4, "the key parts");
        PolyRing ring = c.ring(c.maxLevel());
        DoubleCrt b = in.readElement(ring, "public key part b");
        byte[] seed = new byte[Prng.SEED_BYTES];
        in.readBytes(seed, "public key seed");
        in.end();
        return restoring(() -> PublicKey.restore(c, b, seed));
    }

    private static KeySwitchingKey readKeyBody(PayloadReader in, Context c, String what) {
        long element = in.readLong(what + ": Galois element");
        if (element != 2 && (element < 1 || element >= c.m() || io.fhe4j.math.Primes.gcd(element, c.m()) != 1)) {
            throw new MalformedDataException(what + ": Galois element " + element + " is neither 2 (relinearization) nor"
                    + " a unit in [1, " + c.m() + ")");
        }
        requireEqual(in.readInt(what + ": digits"), c.digits(), what + ": number of digits");
        requireEqual(in.readInt(what + ": primes"), c.fullRing().size(), what + ": number of primes");
        byte[] seed = new byte[Prng.SEED_BYTES];
        in.readBytes(seed, what + ": seed");
        in.need(keySwitchingKeyPayload(c) - KSK_FIXED, what + ": parts");
        DoubleCrt[] b = new DoubleCrt[c.digits()];
        for (int j = 0; j < b.length; j++) {
            b[j] = in.readElement(c.fullRing(), what + ", part b_" + j);
        }
        return restoring(() -> KeySwitchingKey.restore(c, element, b, seed));
    }

    static KeySwitchingKey decodeKeySwitchingKey(Frame f, Context c) {
        ContextCodec.requireContext(f, c);
        PayloadReader in = new PayloadReader(f.payload, f.type);
        in.expectRemaining(keySwitchingKeyPayload(c), "one key");
        KeySwitchingKey k = readKeyBody(in, c, "key-switching key");
        in.end();
        return k;
    }

    static EvaluationKeys decodeEvaluationKeys(Frame f, Context c) {
        ContextCodec.requireContext(f, c);
        PayloadReader in = new PayloadReader(f.payload, f.type);
        int relin = in.readByte("relinearization flag");
        if (relin > 1) {
            throw new MalformedDataException("relinearization flag " + relin + " is not 0 or 1");
        }
        int count = in.readInt("number of Galois keys");
        if (count < 0 || count > c.n()) {
            throw new MalformedDataException(count + " Galois keys: a context with m = " + c.m() + " has at most "
                    + c.n());
        }
        in.expectRemaining(evaluationKeysPayload(c, count + relin) - 5, (count + relin) + " keys");
        KeySwitchingKey relinKey = null;
        if (relin == 1) {
            relinKey = readKeyBody(in, c, "relinearization key");
            if (relinKey.galoisElement() != 2) {
                throw new MalformedDataException("the relinearization key has Galois element " + relinKey.galoisElement()
                        + " instead of 2");
            }
        }
        List<KeySwitchingKey> galois = new ArrayList<>(count);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            KeySwitchingKey k = readKeyBody(in, c, "Galois key " + i);
            if (k.galoisElement() == 2 && c.isPowerOfTwo() || k.galoisElement() <= previous) {
                throw new MalformedDataException("Galois key " + i + " has element " + k.galoisElement()
                        + ": elements must be units mod m (odd for power-of-two m) and strictly ascending (after "
                        + previous + ")");
            }
            previous = k.galoisElement();
            galois.add(k);
        }
        in.end();
        KeySwitchingKey r = relinKey;
        return restoring(() -> EvaluationKeys.restore(c, r, galois));
    }

    static SecretKey decodeSecretKey(Frame f, Context c, SecretKey.Access access) {
        ContextCodec.requireContext(f, c);
        PayloadReader in = new PayloadReader(f.payload, f.type);
        requireEqual(in.readInt("ring degree"), c.n(), "secret key ring degree");
        in.expectRemaining(c.n() / 4, "the packed coefficients");
        byte[] packed = new byte[c.n() / 4];
        in.readBytes(packed, "the packed coefficients");
        long[] s = new long[c.n()];
        boolean valid = true;
        int weight = 0;
        for (int i = 0; i < s.length; i++) {
            int code = packed[i >>> 2] >>> (2 * (i & 3)) & 3;
            valid &= code != 3;
            s[i] = code == 2 ? -1 : code & 1;
            weight += code == 0 ? 0 : 1;
        }
        Arrays.fill(packed, (byte) 0);
        try {
            // messages name no coefficient, position or count
            if (!valid) {
                throw new MalformedDataException("the secret key holds an invalid coefficient code: the data is corrupted");
            }
            if (c.hammingWeight() > 0 && weight != c.hammingWeight()) {
                throw new MalformedDataException("the secret key's Hamming weight differs from the context's ("
                        + c.hammingWeight() + "): the data is corrupted or belongs to another key");
            }
            return restoring(() -> SecretKey.restore(c, s, access));
        } finally {
            Arrays.fill(s, 0);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static boolean isZero(DoubleCrt d) {
        for (int i = 0; i < d.size(); i++) {
            for (long x : d.row(i)) {
                if (x != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void requireEqual(long found, long expected, String what) {
        if (found != expected) {
            throw new MalformedDataException(what + " is " + found + " but this context needs " + expected);
        }
    }

    /** Runs a bgv restore factory; its validation failures become {@link MalformedDataException}. */
    private static <T> T restoring(Supplier<T> factory) {
        try {
            return factory.get();
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("the decoded values are rejected by the scheme: " + e.getMessage(), e);
        }
    }
}
