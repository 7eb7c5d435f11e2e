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
    private final Context context;
    DoubleCrt[] parts;
    long factor;
    double logNoise;

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

    /** Bits of noise budget left: {@code log2(0.48 Q_l) - log2(noise bound)}; at or below 0 decryption refuses. */
    public double capacity() {
        return context.logQ(level()) + Math.log(0.48) / Math.log(2) - logNoise;
    }

    /** Part i (not a copy: do not modify). */
    public DoubleCrt part(int i) {
        return parts[i];
    }

    /** A deep copy. */
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
}
