package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.Sampler;

/**
 * A key-switching matrix from a key s' to the secret key s, in HElib's hybrid form: for each of
 * the c digits {@code D_j} of the ciphertext modulus, a pair
 * {@code (b_j, a_j) = (-a_j s + t e_j + P g_j s', a_j)} modulo {@code Q_L P}, where P is the
 * product of the special primes and {@code g_j = (Q/D_j) [(Q/D_j)^-1]_{D_j}} (1 modulo the primes
 * of {@code D_j}, 0 modulo the others).
 *
 * <p>The uniform parts {@code a_j} are regenerated from a 32-byte seed ({@link #seed()}), so a
 * stored key needs only the {@code b_j} and the seed (HElib's and SEAL's seed compression).
 * Immutable and thread-safe.
 */
public final class KeySwitchingKey {
    private final Context context;
    private final long galoisElement;
    private final DoubleCrt[] b;
    private final DoubleCrt[] a;
    private final byte[] seed;

    KeySwitchingKey(Context context, long galoisElement, DoubleCrt[] b, byte[] seed) {
        this.context = context;
        this.galoisElement = galoisElement;
        this.b = b;
        this.seed = seed.clone();
        this.a = expand(context, seed, b.length);
    }

    /** The uniform parts a_j regenerated from the seed. */
    static DoubleCrt[] expand(Context context, byte[] seed, int digits) {
        Sampler sampler = Sampler.expanding(seed);
        DoubleCrt[] a = new DoubleCrt[digits];
        for (int j = 0; j < digits; j++) {
            a[j] = sampler.uniform(context.fullRing());
        }
        return a;
    }

    /** The context this key belongs to. */
    public Context context() {
        return context;
    }

    /**
     * The Galois element k such that this key switches from {@code s(X^k)} to s; 2 for the
     * relinearization key (which switches from {@code s^2}).
     */
    public long galoisElement() {
        return galoisElement;
    }

    /** The seed of the uniform parts (a copy). */
    public byte[] seed() {
        return seed.clone();
    }

    /** Number of digits c. */
    public int digits() {
        return b.length;
    }

    DoubleCrt b(int j) {
        return b[j];
    }

    DoubleCrt a(int j) {
        return a[j];
    }

    @Override
    public String toString() {
        return "KeySwitchingKey(" + context.fingerprint() + ", element " + galoisElement + ", " + b.length + " digits)";
    }
}
