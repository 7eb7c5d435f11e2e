package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;

/**
 * A BGV public key {@code (b, a)} with {@code b = -a s + t e} over the full ciphertext modulus
 * {@code Q_L} (evaluation form): an encryption of zero. Immutable and thread-safe.
 */
public final class PublicKey {
    private final Context context;
    private final DoubleCrt b;
    private final DoubleCrt a;

    PublicKey(Context context, DoubleCrt b, DoubleCrt a) {
        this.context = context;
        this.b = b;
        this.a = a;
    }

    /** The context this key belongs to. */
    public Context context() {
        return context;
    }

    DoubleCrt b() {
        return b;
    }

    DoubleCrt a() {
        return a;
    }

    @Override
    public String toString() {
        return "PublicKey(" + context.fingerprint() + ")";
    }

    // ---- reconstruction (serialization) ---------------------------------------------------

    /**
     * Reconstructs a public key {@code (b, a)} for deserialization ({@code io.fhe4j.io}). Both
     * elements are taken over, not copied.
     *
     * @param b the part {@code -a s + t e}, over the top-level ring {@code context.ring(context.maxLevel())}, evaluation form
     * @param a the uniform part, over the same ring and in the same form
     * @throws InvalidParametersException if a ring or form does not match
     */
    public static PublicKey restore(Context context, DoubleCrt b, DoubleCrt a) {
        if (context == null || b == null || a == null) {
            throw new InvalidParametersException("restore needs a context and both key parts (got null)");
        }
        io.fhe4j.ring.PolyRing ring = context.ring(context.maxLevel());
        if (!b.ring().sameAs(ring) || !a.ring().sameAs(ring)) {
            throw new InvalidParametersException("public key parts must be over the top-level ring " + ring + ", got "
                    + b.ring() + " and " + a.ring());
        }
        if (!b.isEvaluationForm() || !a.isEvaluationForm()) {
            throw new InvalidParametersException("public key parts must be in evaluation form");
        }
        return new PublicKey(context, b, a);
    }

    /** A copy of part i of the key: 0 is b, 1 is a (evaluation form, top-level ring). */
    public DoubleCrt partCopy(int i) {
        if (i != 0 && i != 1) {
            throw new IndexOutOfBoundsException("a public key has parts 0 (b) and 1 (a), not " + i);
        }
        return (i == 0 ? b : a).copy();
    }
}
