package io.fhe4j.bgv;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public evaluation keys a server needs: the relinearization key (optional) and the Galois
 * keys of the automorphisms it will apply, indexed by Galois element. Immutable and thread-safe.
 */
public final class EvaluationKeys {
    private final Context context;
    private final KeySwitchingKey relinearization;
    private final Map<Long, KeySwitchingKey> galois;

    EvaluationKeys(Context context, KeySwitchingKey relinearization, Map<Long, KeySwitchingKey> galois) {
        this.context = context;
        this.relinearization = relinearization;
        this.galois = Collections.unmodifiableMap(new TreeMap<>(galois));
    }

    /** The context these keys belong to. */
    public Context context() {
        return context;
    }

    /** Whether the relinearization key is present. */
    public boolean hasRelinearizationKey() {
        return relinearization != null;
    }

    /** The relinearization key (switches from s^2 to s). */
    public KeySwitchingKey relinearizationKey() {
        if (relinearization == null) {
            throw new MissingKeyException("no relinearization key: generate one with KeyGenerator.evaluationKeys(sk, true, ...)");
        }
        return relinearization;
    }

    /** Whether the Galois key of this element is present. */
    public boolean hasGaloisKey(long element) {
        return galois.containsKey(Math.floorMod(element, (long) context.m()));
    }

    /** The Galois key that switches from s(X^k) to s. */
    public KeySwitchingKey galoisKey(long element) {
        long k = Math.floorMod(element, (long) context.m());
        KeySwitchingKey key = galois.get(k);
        if (key == null) {
            throw new MissingKeyException("no Galois key for element " + k + " (X -> X^" + k + "); available: "
                    + galois.keySet() + ". Generate it with KeyGenerator.evaluationKeys(sk, relin, " + k + ", ...)");
        }
        return key;
    }

    /** The Galois elements with keys, ascending. */
    public java.util.Set<Long> galoisElements() {
        return galois.keySet();
    }

    @Override
    public String toString() {
        return "EvaluationKeys(" + context.fingerprint() + ", relinearization " + (relinearization != null)
                + ", Galois elements " + galois.keySet() + ")";
    }

    // ---- reconstruction (serialization) ---------------------------------------------------

    /**
     * Reconstructs evaluation keys for deserialization ({@code io.fhe4j.io}).
     *
     * @param relinearization the relinearization key (Galois element 2), or null
     * @param galoisKeys Galois keys, each of an odd element; no two of the same element
     * @throws InvalidParametersException if a key belongs to another context, has the wrong element or repeats one
     */
    public static EvaluationKeys restore(Context context, KeySwitchingKey relinearization,
            java.util.Collection<KeySwitchingKey> galoisKeys) {
        if (context == null || galoisKeys == null) {
            throw new InvalidParametersException("restore needs a context and a (possibly empty) collection of Galois keys");
        }
        if (relinearization != null && (!relinearization.context().sameAs(context) || relinearization.galoisElement() != 2)) {
            throw new InvalidParametersException("relinearization key must be of this context with element 2, got "
                    + relinearization);
        }
        Map<Long, KeySwitchingKey> map = new TreeMap<>();
        for (KeySwitchingKey k : galoisKeys) {
            if (k == null || !k.context().sameAs(context) || io.fhe4j.math.Primes.gcd(k.galoisElement(), context.m()) != 1) {
                throw new InvalidParametersException("Galois key " + k + " is not a key of this context for a unit mod m");
            }
            if (map.put(k.galoisElement(), k) != null) {
                throw new InvalidParametersException("two Galois keys for element " + k.galoisElement());
            }
        }
        return new EvaluationKeys(context, relinearization, map);
    }
}
