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
 * stored key needs only the {@code b_j} and the seed (HElib's and SEAL's seed compression). They
 * are expanded on the key's first use and kept (HElib expands them at every key switch): a key
 * that is generated or read but never used holds only its {@code b_j}.
 * Immutable in value and thread-safe.
 */
public final class KeySwitchingKey {
    private final Context context;
    private final long galoisElement;
    private final DoubleCrt[] b;
    /** The uniform parts, expanded from the seed on first use: null until then. */
    private volatile DoubleCrt[] a;
    private final byte[] seed;
    private final java.util.Map<Integer, DoubleCrt[][]> byLevel = new java.util.concurrent.ConcurrentHashMap<>();

    KeySwitchingKey(Context context, long galoisElement, DoubleCrt[] b, byte[] seed) {
        this.context = context;
        this.galoisElement = galoisElement;
        this.b = b;
        this.seed = seed.clone();
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

    /** The uniform parts, expanded from the seed by the first caller. */
    private DoubleCrt[] uniformParts() {
        DoubleCrt[] parts = a;
        if (parts == null) {
            synchronized (this) {
                parts = a;
                if (parts == null) {
                    parts = expand(context, seed, b.length);
                    a = parts;
                }
            }
        }
        return parts;
    }

    /**
     * The pairs {@code (b_j, a_j)} over the key-switching ring of a level ({@code Q_l P}): views of
     * the key's rows (no copy), built once per level.
     */
    DoubleCrt[][] atLevel(int level) {
        return byLevel.computeIfAbsent(level, l -> {
            io.fhe4j.ring.PolyRing ring = context.keySwitchRing(l);
            DoubleCrt[] uniform = uniformParts();
            DoubleCrt[][] out = new DoubleCrt[2][b.length];
            for (int j = 0; j < b.length; j++) {
                out[0][j] = view(b[j], ring, l);
                out[1][j] = view(uniform[j], ring, l);
            }
            return out;
        });
    }

    private DoubleCrt view(DoubleCrt full, io.fhe4j.ring.PolyRing ring, int level) {
        int specials = ring.size() - level;
        int top = context.maxLevel();
        long[][] rows = new long[ring.size()][];
        for (int i = 0; i < level; i++) {
            rows[i] = full.row(i);
        }
        for (int k = 0; k < specials; k++) {
            rows[level + k] = full.row(top + k);
        }
        return ring.wrap(rows, true);
    }

    @Override
    public String toString() {
        return "KeySwitchingKey(" + context.fingerprint() + ", element " + galoisElement + ", " + b.length + " digits)";
    }

    // ---- reconstruction (serialization) ---------------------------------------------------

    /**
     * Reconstructs a seed-compressed key-switching key for deserialization ({@code io.fhe4j.io}):
     * the parts {@code b_j} are taken over (not copied); the uniform parts {@code a_j} are
     * regenerated from the seed on the key's first use.
     *
     * @param galoisElement 2 (relinearization) or an odd element in [1, m)
     * @param b one element per key-switching digit of the context, over its full ring, evaluation form
     * @param seed the {@value io.fhe4j.math.Prng#SEED_BYTES}-byte seed of the uniform parts
     * @throws InvalidParametersException if an argument does not match the context
     */
    public static KeySwitchingKey restore(Context context, long galoisElement, DoubleCrt[] b, byte[] seed) {
        if (context == null || b == null || seed == null) {
            throw new InvalidParametersException("restore needs a context, the b parts and the seed (got null)");
        }
        if (galoisElement != 2 && (galoisElement < 1 || galoisElement >= context.m()
                || io.fhe4j.math.Primes.gcd(galoisElement, context.m()) != 1)) {
            throw new InvalidParametersException("Galois element " + galoisElement + " must be 2 (relinearization) or a"
                    + " unit in [1, " + context.m() + ")");
        }
        if (b.length != context.digits()) {
            throw new InvalidParametersException(b.length + " key parts for a context of " + context.digits() + " digits");
        }
        for (int j = 0; j < b.length; j++) {
            if (b[j] == null || !b[j].ring().sameAs(context.fullRing()) || !b[j].isEvaluationForm()) {
                throw new InvalidParametersException("key part b_" + j + " must be over the context's full ring "
                        + context.fullRing() + " in evaluation form");
            }
        }
        if (seed.length != io.fhe4j.math.Prng.SEED_BYTES) {
            throw new InvalidParametersException("seed of " + seed.length + " bytes: need " + io.fhe4j.math.Prng.SEED_BYTES);
        }
        return new KeySwitchingKey(context, galoisElement, b.clone(), seed);
    }

    /** A copy of the part {@code b_j} (full ring, evaluation form). */
    public DoubleCrt bCopy(int j) {
        return b[j].copy();
    }
}
