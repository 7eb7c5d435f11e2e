package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;

/**
 * A BGV public key {@code (b, a)} with {@code b = -a s + t e} over the full ciphertext modulus
 * {@code Q_L} (evaluation form): an encryption of zero. The uniform part a is regenerated from a
 * 32-byte seed ({@link #seed()}), so a stored key is half the size. Immutable and thread-safe.
 */
public final class PublicKey {
    private final Context context;
    private final DoubleCrt b;
    private final DoubleCrt a;
    private final byte[] seed;

    PublicKey(Context context, DoubleCrt b, byte[] seed) {
        this.context = context;
        this.b = b;
        this.seed = seed.clone();
        this.a = expand(context, seed);
    }

    /** The uniform part a regenerated from its seed, over the top-level ring. */
    static DoubleCrt expand(Context context, byte[] seed) {
        return io.fhe4j.ring.Sampler.expanding(seed).uniform(context.ring(context.maxLevel()));
    }

    /** The 32-byte seed of the uniform part a (a copy): a stored key needs only b and the seed. */
    public byte[] seed() {
        return seed.clone();
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
     * Reconstructs a public key from b and the seed of a, for deserialization ({@code io.fhe4j.io}).
     * b is taken over, not copied.
     *
     * @param b the part {@code -a s + t e}, over the top-level ring {@code context.ring(context.maxLevel())}, evaluation form
     * @param seed the 32-byte seed from which a is regenerated
     * @throws InvalidParametersException if the ring, form or seed length does not match
     */
    public static PublicKey restore(Context context, DoubleCrt b, byte[] seed) {
        if (context == null || b == null || seed == null) {
            throw new InvalidParametersException("restore needs a context, the part b and the seed (got null)");
        }
        io.fhe4j.ring.PolyRing ring = context.ring(context.maxLevel());
        if (!b.ring().sameAs(ring)) {
            throw new InvalidParametersException("public key part b must be over the top-level ring " + ring + ", got "
                    + b.ring());
        }
        if (!b.isEvaluationForm()) {
            throw new InvalidParametersException("public key part b must be in evaluation form");
        }
        if (seed.length != io.fhe4j.math.Prng.SEED_BYTES) {
            throw new InvalidParametersException("public key seed has " + seed.length + " bytes, needs "
                    + io.fhe4j.math.Prng.SEED_BYTES);
        }
        return new PublicKey(context, b, seed);
    }

    /** A copy of part i of the key: 0 is b, 1 is a (evaluation form, top-level ring). */
    public DoubleCrt partCopy(int i) {
        if (i != 0 && i != 1) {
            throw new IndexOutOfBoundsException("a public key has parts 0 (b) and 1 (a), not " + i);
        }
        return (i == 0 ? b : a).copy();
    }
}
