package io.fhe4j.io;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.KeySwitchingKey;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PublicKey;
import io.fhe4j.bgv.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Versioned binary serialization of BGV objects, HElib's {@code writeTo}/{@code readFrom} and
 * SEAL's {@code save}/{@code load}: context parameters, plaintexts, ciphertexts, public keys,
 * key-switching keys and evaluation keys (all keys seed-compressed: only the {@code b} parts and
 * the 32-byte seed of the uniform parts are stored, which halves them; likewise a fresh secret-key
 * encryption is stored as part 0 and the seed of part 1), and the secret key through an
 * explicit path ({@link #secretKeyToBytes}, {@link #readSecretKey}) that needs a
 * {@link SecretKey.Access} token.
 *
 * <p>Every object is framed as described in {@code Frame}: magic "FHEJ", format version 1, type
 * tag, reserved flags, the SHA-256 digest of the context's parameter block (m, p, r, bits, c,
 * Hamming weight, prime size, insecure flag and all primes), payload length, payload, CRC32C.
 * All integers are big-endian; residues are stored as 8-byte values in evaluation form.
 *
 * <p>Readers validate everything before returning: magic ({@link UnrecognizedFormatException}),
 * version ({@link UnsupportedVersionException}), type ({@link UnexpectedObjectTypeException}),
 * length against the largest object of that type in the context, before allocating
 * ({@link MalformedDataException}), the bytes present ({@link TruncatedDataException}), checksum
 * ({@link TamperedDataException}), context ({@link ForeignContextException}), then every count
 * against the context and the bytes left before allocating for it, every residue below its prime,
 * the plaintext factor in [1, t) and invertible, the noise bound in [0, log2 Q_l] bits (or
 * -infinity for the all-zero ciphertext), Galois elements units below m, levels in [1, L]
 * ({@link MalformedDataException}). For bad data they throw only {@link SerializationException}
 * subclasses; a failing stream throws {@link UncheckedIOException}.
 *
 * <p><b>Resource bounds</b> (the readers are meant for data from files and sockets): a reader
 * allocates in proportion to the bytes it was given or that actually arrived on the stream, never
 * to a declared size (measured: at most about 5 bytes per input byte, for keys whose uniform half
 * is regenerated from a seed, plus tens of kilobytes; a secret key, N/4 bytes, is expanded to one
 * ring element of the reader's context, {@code 8 N (L + K)} bytes; see
 * {@code ReaderBoundsProperties}).
 * Reading a context rebuilds it, which costs memory and time in proportion to its residue count
 * {@code N (L + ceil(L/c) + 2)}: every field and prime is checked first, and {@link ContextLimits}
 * caps the count (at most {@value ContextLimits#MAX_RESIDUES}) and requires 128-bit security unless
 * the caller opts in with {@link ContextLimits#allowInsecure()} ({@link LimitExceededException},
 * {@link InsecureContextException}). Evaluation keys may hold up to N keys: a caller reading them
 * from a peer caps the bytes it accepts (as a transport does per message).
 *
 * <p><b>Validation is not authentication.</b> The CRC detects accidental corruption, not a
 * determined forger, who can recompute it; a ciphertext's noise bound is taken as stored once it
 * is possible (it cannot be checked without the secret key), so a forged bound can make a
 * decryption skip its refusal. Authenticate data from untrusted parties separately (a MAC or
 * signature over the bytes, or an authenticated channel). Messages about a secret key contain
 * no value derived from it (no coefficient, position, count or checksum).
 *
 * <p>The {@code byte[]} readers take exactly one object; the stream readers read one object and
 * leave the stream after it, so objects may be concatenated. Stateless and thread-safe.
 */
public final class BgvSerializer {
    private BgvSerializer() {
    }

    // ---- writing ---------------------------------------------------------------------------

    /** The context's parameters and primes. */
    public static byte[] toBytes(Context context) {
        return ContextCodec.encode(Objects.requireNonNull(context, "context"));
    }

    /** A plaintext. */
    public static byte[] toBytes(Plaintext plaintext) {
        return Codecs.encode(Objects.requireNonNull(plaintext, "plaintext"));
    }

    /** A ciphertext: level, parts, plaintext factor, noise bound and residues. */
    public static byte[] toBytes(Ciphertext ciphertext) {
        return Codecs.encode(Objects.requireNonNull(ciphertext, "ciphertext"));
    }

    /** A public key. */
    public static byte[] toBytes(PublicKey publicKey) {
        return Codecs.encode(Objects.requireNonNull(publicKey, "publicKey"));
    }

    /** One key-switching key, seed-compressed. */
    public static byte[] toBytes(KeySwitchingKey key) {
        return Codecs.encode(Objects.requireNonNull(key, "key"));
    }

    /** Evaluation keys (relinearization key if present, Galois keys), seed-compressed. */
    public static byte[] toBytes(EvaluationKeys keys) {
        return Codecs.encode(Objects.requireNonNull(keys, "keys"));
    }

    /**
     * The secret key: 2 bits per coefficient. The returned array holds secret material: wipe it
     * ({@code Arrays.fill(bytes, (byte) 0)}) once written to protected storage.
     *
     * @param access the token that marks this call site as handling the secret key
     */
    public static byte[] secretKeyToBytes(SecretKey secretKey, SecretKey.Access access) {
        return Codecs.encode(Objects.requireNonNull(secretKey, "secretKey"), access);
    }

    /** Writes the context's parameters to {@code out} (not closed). */
    public static void write(Context context, OutputStream out) {
        writeAll(toBytes(context), out);
    }

    /** Writes a plaintext to {@code out} (not closed). */
    public static void write(Plaintext plaintext, OutputStream out) {
        writeAll(toBytes(plaintext), out);
    }

    /** Writes a ciphertext to {@code out} (not closed). */
    public static void write(Ciphertext ciphertext, OutputStream out) {
        writeAll(toBytes(ciphertext), out);
    }

    /** Writes a public key to {@code out} (not closed). */
    public static void write(PublicKey publicKey, OutputStream out) {
        writeAll(toBytes(publicKey), out);
    }

    /** Writes a key-switching key to {@code out} (not closed). */
    public static void write(KeySwitchingKey key, OutputStream out) {
        writeAll(toBytes(key), out);
    }

    /** Writes evaluation keys to {@code out} (not closed). */
    public static void write(EvaluationKeys keys, OutputStream out) {
        writeAll(toBytes(keys), out);
    }

    /** Writes the secret key to {@code out} (not closed); the temporary copy is wiped. */
    public static void writeSecretKey(SecretKey secretKey, SecretKey.Access access, OutputStream out) {
        byte[] b = secretKeyToBytes(secretKey, access);
        try {
            writeAll(b, out);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static void writeAll(byte[] b, OutputStream out) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException("writing serialized fhe4j data failed", e);
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    /** The kind of object in {@code data}, after checking only magic, version and type tag. */
    public static SerializedType typeOf(byte[] data) {
        return Frame.peek(Objects.requireNonNull(data, "data"));
    }

    /**
     * Rebuilds a context from its parameters and checks that the primes chosen equal the stored
     * ones (so objects written under the original context can be read with it), under
     * {@link ContextLimits#defaults()}: a context under 128-bit security is refused with
     * {@link InsecureContextException}, one of more than {@value ContextLimits#MAX_RESIDUES}
     * residues with {@link LimitExceededException}.
     */
    public static Context readContext(byte[] data) {
        return readContext(data, ContextLimits.defaults());
    }

    /**
     * {@link #readContext(byte[])} under the given limits; {@code ContextLimits.defaults().allowInsecure()}
     * is the explicit opt-in for test and benchmark contexts under 128-bit security. Every count,
     * prime and the residue count are checked before the context is built.
     */
    public static Context readContext(byte[] data, ContextLimits limits) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(limits, "limits");
        return ContextCodec.decode(Frame.parse(data, SerializedType.CONTEXT, ContextCodec.MAX_PAYLOAD), limits);
    }

    /** {@link #readContext(byte[])} from a stream. */
    public static Context readContext(InputStream in) {
        return readContext(in, ContextLimits.defaults());
    }

    /** {@link #readContext(byte[], ContextLimits)} from a stream. */
    public static Context readContext(InputStream in, ContextLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        return ContextCodec.decode(Frame.read(in, SerializedType.CONTEXT, ContextCodec.MAX_PAYLOAD), limits);
    }

    /** Reads a plaintext of {@code context}. */
    public static Plaintext readPlaintext(byte[] data, Context context) {
        return Codecs.decodePlaintext(parse(data, SerializedType.PLAINTEXT, context), context);
    }

    /** {@link #readPlaintext(byte[], Context)} from a stream. */
    public static Plaintext readPlaintext(InputStream in, Context context) {
        return Codecs.decodePlaintext(read(in, SerializedType.PLAINTEXT, context), context);
    }

    /** Reads a ciphertext of {@code context}. */
    public static Ciphertext readCiphertext(byte[] data, Context context) {
        return Codecs.decodeCiphertext(parse(data, SerializedType.CIPHERTEXT, context), context);
    }

    /** {@link #readCiphertext(byte[], Context)} from a stream. */
    public static Ciphertext readCiphertext(InputStream in, Context context) {
        return Codecs.decodeCiphertext(read(in, SerializedType.CIPHERTEXT, context), context);
    }

    /** Reads a public key of {@code context}. */
    public static PublicKey readPublicKey(byte[] data, Context context) {
        return Codecs.decodePublicKey(parse(data, SerializedType.PUBLIC_KEY, context), context);
    }

    /** {@link #readPublicKey(byte[], Context)} from a stream. */
    public static PublicKey readPublicKey(InputStream in, Context context) {
        return Codecs.decodePublicKey(read(in, SerializedType.PUBLIC_KEY, context), context);
    }

    /** Reads one key-switching key of {@code context}, regenerating its uniform parts from the seed. */
    public static KeySwitchingKey readKeySwitchingKey(byte[] data, Context context) {
        return Codecs.decodeKeySwitchingKey(parse(data, SerializedType.KEY_SWITCHING_KEY, context), context);
    }

    /** {@link #readKeySwitchingKey(byte[], Context)} from a stream. */
    public static KeySwitchingKey readKeySwitchingKey(InputStream in, Context context) {
        return Codecs.decodeKeySwitchingKey(read(in, SerializedType.KEY_SWITCHING_KEY, context), context);
    }

    /** Reads evaluation keys of {@code context}. */
    public static EvaluationKeys readEvaluationKeys(byte[] data, Context context) {
        return Codecs.decodeEvaluationKeys(parse(data, SerializedType.EVALUATION_KEYS, context), context);
    }

    /** {@link #readEvaluationKeys(byte[], Context)} from a stream. */
    public static EvaluationKeys readEvaluationKeys(InputStream in, Context context) {
        return Codecs.decodeEvaluationKeys(read(in, SerializedType.EVALUATION_KEYS, context), context);
    }

    /**
     * Reads a secret key of {@code context}. Error messages never contain key material. The
     * caller's array is not wiped: do it once the key is read.
     */
    public static SecretKey readSecretKey(byte[] data, Context context, SecretKey.Access access) {
        checkAccess(access);
        return Codecs.decodeSecretKey(parse(data, SerializedType.SECRET_KEY, context), context, access);
    }

    /** {@link #readSecretKey(byte[], Context, SecretKey.Access)} from a stream; the buffered copy is wiped. */
    public static SecretKey readSecretKey(InputStream in, Context context, SecretKey.Access access) {
        checkAccess(access);
        Frame f = read(in, SerializedType.SECRET_KEY, context);
        try {
            return Codecs.decodeSecretKey(f, context, access);
        } finally {
            Arrays.fill(f.payload.array(), (byte) 0);
        }
    }

    private static void checkAccess(SecretKey.Access access) {
        if (access != SecretKey.Access.insecureSecretKeyAccess()) {
            throw new SecurityException("reading a secret key needs SecretKey.Access.insecureSecretKeyAccess()");
        }
    }

    private static Frame parse(byte[] data, SerializedType type, Context context) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(context, "context: the reader needs the context the object belongs to");
        return Frame.parse(data, type, Codecs.maxPayload(type, context));
    }

    private static Frame read(InputStream in, SerializedType type, Context context) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(context, "context: the reader needs the context the object belongs to");
        return Frame.read(in, type, Codecs.maxPayload(type, context));
    }
}
