package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;

/**
 * A BGV ciphertext: parts {@code c_0, ..., c_k} (k = 1 normally, 2 after a product that was not
 * relinearized) over the ring of its level, in evaluation form, with the metadata HElib keeps:
 *
 * <ul>
 *   <li>the level l: the ciphertext lives modulo {@code Q_l = q_0 ... q_{l-1}};</li>
 *   <li>the plaintext factor f (HElib's {@code intFactor}): decryption yields
 *       {@code f^-1 [sum_i c_i s^i]_{Q_l} mod t}. Modulus switching multiplies f by
 *       {@code q^-1 mod t}, so no rescaling of the message is ever needed;</li>
 *   <li>a high-probability bound on the canonical-embedding norm of the critical value
 *       {@code w = [sum_i c_i s^i]_{Q_l}} (as log2), which bounds its largest coefficient.
 *       Decryption is correct while {@code |w|_inf < Q_l / 2}; {@link #capacity()} is the number
 *       of bits left, {@code log2(0.48 Q_l) - log2(bound)}.</li>
 * </ul>
 * Ciphertexts are values: the {@link Evaluator} returns new ones (and its in-place variants
 * overwrite only the ciphertext they are asked to). Not thread-safe for concurrent mutation.
 */
public final class Ciphertext {
    private static final double LOG2_048 = Math.log(0.48) / Math.log(2);
    private final Context context;
    DoubleCrt[] parts;
    long factor;
    double logNoise;
    /** Seed of part 1 while this is an unmodified fresh secret-key encryption, else null. */
    private byte[] seed;

    Ciphertext(Context context, DoubleCrt[] parts, long factor, double logNoise) {
        this.context = context;
        this.parts = parts;
        this.factor = factor;
        this.logNoise = logNoise;
    }

    /** The context. */
    public Context context() {
        return context;
    }

    /** The level l (number of ciphertext primes of its modulus). */
    public int level() {
        return parts[0].size();
    }

    /** Number of parts: 2 normally, 3 after an unrelinearized product. */
    public int size() {
        return parts.length;
    }

    /** The plaintext factor f in [1, t). */
    public long factor() {
        return factor;
    }

    /** log2 of the tracked noise bound (negative infinity for a trivial zero). */
    public double noiseBoundBits() {
        return logNoise;
    }

    /**
     * Bits of noise budget left: {@code log2(0.48 Q_l) - log2(noise bound * normBound)} (normBound
     * = {@link Context#normBoundBits()}, 1 for power-of-two m); at or below 0 decryption refuses.
     */
    public double capacity() {
        return capacity(context, level(), logNoise);
    }

    /** {@link #capacity()} of a ciphertext at this level with this noise bound (log2). */
    static double capacity(Context context, int level, double logNoise) {
        return context.logQ(level) + LOG2_048 - logNoise - context.normBoundBits();
    }

    /** Part i (not a copy: do not modify). */
    public DoubleCrt part(int i) {
        return parts[i];
    }

    /**
     * The 32-byte seed from which part 1 was generated, while this ciphertext is an unmodified fresh
     * secret-key encryption (serialization then stores the seed instead of part 1, halving the
     * size); null otherwise. Copies and results of operations carry no seed.
     */
    public byte[] seed() {
        return seed == null ? null : seed.clone();
    }

    void setSeed(byte[] seed) {
        this.seed = seed;
    }

    /** Forgets the seed: called by every operation that modifies this ciphertext in place. */
    void clearSeed() {
        this.seed = null;
    }

    /** A deep copy (without the seed of a fresh encryption). */
    public Ciphertext copy() {
        DoubleCrt[] p = new DoubleCrt[parts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = parts[i].copy();
        }
        return new Ciphertext(context, p, factor, logNoise);
    }

    @Override
    public String toString() {
        return String.format("Ciphertext(level %d of %d, %d parts, capacity %.1f bits)", level(), context.maxLevel(),
                parts.length, capacity());
    }

    // ---- reconstruction (serialization) ---------------------------------------------------

    /**
     * Reconstructs a ciphertext from its parts and metadata, for deserialization ({@code io.fhe4j.io}).
     * The parts are taken over, not copied: do not modify them afterwards.
     *
     * @param context the context the ciphertext belongs to
     * @param parts at least 2 parts, all over {@code context.ring(l)} for one level l, in evaluation form
     * @param factor the plaintext factor, in [1, t) and invertible mod t
     * @param noiseBoundBits log2 of the noise bound: finite, or negative infinity for a trivial zero
     * @throws InvalidParametersException if any of these does not hold (the message names the value)
     */
    public static Ciphertext restore(Context context, DoubleCrt[] parts, long factor, double noiseBoundBits) {
        if (context == null || parts == null) {
            throw new InvalidParametersException("restore needs a context and the parts (got null)");
        }
        if (parts.length < 2) {
            throw new InvalidParametersException("a ciphertext has at least 2 parts, got " + parts.length);
        }
        if (parts[0] == null) {
            throw new InvalidParametersException("ciphertext part 0 is null");
        }
        int level = parts[0].size();
        context.checkLevel(level);
        io.fhe4j.ring.PolyRing ring = context.ring(level);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null || !parts[i].ring().sameAs(ring)) {
                throw new InvalidParametersException("ciphertext part " + i + " is not over the ring of level " + level
                        + " of this context: " + (parts[i] == null ? "null" : parts[i].ring()));
            }
            if (!parts[i].isEvaluationForm()) {
                throw new InvalidParametersException("ciphertext part " + i + " is in coefficient form: convert it with"
                        + " toEvaluationForm() first");
            }
        }
        long t = context.plaintextModulus();
        if (factor < 1 || factor >= t || io.fhe4j.math.Primes.gcd(factor, t) != 1) {
            throw new InvalidParametersException("plaintext factor " + factor + " must be in [1, " + t
                    + ") and invertible mod t = " + t);
        }
        if (Double.isNaN(noiseBoundBits) || noiseBoundBits == Double.POSITIVE_INFINITY) {
            throw new InvalidParametersException("noise bound " + noiseBoundBits + " bits must be finite (or negative"
                    + " infinity for a trivial zero)");
        }
        return new Ciphertext(context, parts.clone(), factor, noiseBoundBits);
    }

    /**
     * Reconstructs a fresh secret-key encryption stored as part 0 and the seed of part 1 (see
     * {@link #seed()}), for deserialization; part 1 is regenerated from the seed.
     *
     * @throws InvalidParametersException as {@link #restore}, or if the seed is not 32 bytes
     */
    public static Ciphertext restoreSeeded(Context context, DoubleCrt part0, byte[] seed, long factor,
                                           double noiseBoundBits) {
        if (seed == null || seed.length != io.fhe4j.math.Prng.SEED_BYTES) {
            throw new InvalidParametersException("a seeded ciphertext needs a " + io.fhe4j.math.Prng.SEED_BYTES
                    + "-byte seed, got " + (seed == null ? "null" : seed.length + " bytes"));
        }
        if (part0 == null) {
            throw new InvalidParametersException("ciphertext part 0 is null");
        }
        DoubleCrt part1 = io.fhe4j.ring.Sampler.expanding(seed).uniform(part0.ring());
        Ciphertext c = restore(context, new DoubleCrt[] {part0, part1}, factor, noiseBoundBits);
        c.setSeed(seed.clone());
        return c;
    }
}
