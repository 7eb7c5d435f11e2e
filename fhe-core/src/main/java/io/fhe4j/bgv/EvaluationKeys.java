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
}
