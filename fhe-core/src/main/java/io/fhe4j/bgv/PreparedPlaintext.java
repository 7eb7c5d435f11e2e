package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.ring.DoubleCrt;

/**
 * A plaintext converted once to double-CRT evaluation form at a level, with the Shoup companion of
 * every residue, for repeated products with ciphertexts ({@link Evaluator#multiplyPlain(Ciphertext,
 * PreparedPlaintext)}): each product is then one Shoup multiplication per residue, with no
 * conversion (HElib's product by a plaintext already in double-CRT form). Made by
 * {@link Evaluator#prepare(Plaintext, int)}; it takes about twice the memory of a ciphertext part
 * at its level.
 *
 * <p>Immutable and thread-safe.
 */
public final class PreparedPlaintext {
    private final Context context;
    private final int level;
    /** Per prime i: the residues, as multipliers paired with signed Shoup companions ({@link io.fhe4j.math.Modulus#prepareShoupInPlace}). */
    private final long[][] multipliers;
    /** Per prime i: the bits of floor(w 2^64 / q_i). */
    private final long[][] companions;
    private final double l1Norm;

    PreparedPlaintext(Plaintext pt, int level) {
        this.context = pt.context();
        this.level = level;
        this.l1Norm = pt.l1Norm();
        DoubleCrt element = pt.toRing(level, 1);
        multipliers = new long[level][];
        companions = new long[level][];
        for (int i = 0; i < level; i++) {
            long[] w = element.row(i);
            companions[i] = element.basis().modulus(i).prepareShoupInPlace(w);
            multipliers[i] = w;
        }
    }

    /** The context. */
    public Context context() {
        return context;
    }

    /** The level it was prepared at: it multiplies ciphertexts at this level or below. */
    public int level() {
        return level;
    }

    /** The L1 norm of the plaintext's centered coefficients (its noise factor). */
    public double l1Norm() {
        return l1Norm;
    }

    /**
     * {@code part *= this} for every part, each at level {@code size() <= level} in evaluation form:
     * prime by prime, so that the prime's multipliers are read from memory once for all parts.
     */
    void multiplyInto(DoubleCrt[] parts) {
        int n = context.n();
        io.fhe4j.ring.Parallel.forEach(parts[0].size(), (long) n * parts.length, i -> {
            Modulus mod = parts[0].basis().modulus(i);
            for (DoubleCrt part : parts) {
                mod.mulShoupInPlace(part.row(i), multipliers[i], companions[i]);
            }
        });
    }

    @Override
    public String toString() {
        return "PreparedPlaintext(level " + level + ", " + context.fingerprint() + ")";
    }
}
