package io.fhe4j.io;

/**
 * The kinds of object the fhe4j format holds, with the one-byte tag stored in the header.
 * Tags are part of the format: never renumber them. Immutable and thread-safe.
 */
public enum SerializedType {
    /** Context parameters (m, p, r, bits, c, Hamming weight, prime size, the primes). */
    CONTEXT(1, "context", "readContext"),
    /** A plaintext polynomial. */
    PLAINTEXT(2, "plaintext", "readPlaintext"),
    /** A ciphertext with its level, parts, plaintext factor and noise bound. */
    CIPHERTEXT(3, "ciphertext", "readCiphertext"),
    /** A public key. */
    PUBLIC_KEY(4, "public key", "readPublicKey"),
    /** One seed-compressed key-switching key (relinearization or Galois). */
    KEY_SWITCHING_KEY(5, "key-switching key", "readKeySwitchingKey"),
    /** Evaluation keys: an optional relinearization key and Galois keys, seed-compressed. */
    EVALUATION_KEYS(6, "evaluation keys", "readEvaluationKeys"),
    /** A secret key (written and read only with an explicit {@code SecretKey.Access} token). */
    SECRET_KEY(7, "secret key", "readSecretKey");

    private final int tag;
    private final String description;
    private final String reader;

    SerializedType(int tag, String description, String reader) {
        this.tag = tag;
        this.description = description;
        this.reader = reader;
    }

    /** The byte stored in the header. */
    public int tag() {
        return tag;
    }

    /** A human-readable name. */
    public String description() {
        return description;
    }

    /** The {@link BgvSerializer} method that reads this kind. */
    String reader() {
        return reader;
    }

    /** The type of a tag, or null if no type has it. */
    static SerializedType ofTag(int tag) {
        for (SerializedType t : values()) {
            if (t.tag == tag) {
                return t;
            }
        }
        return null;
    }
}
