package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;

/**
 * A BGV secret key s: a ternary polynomial (dense, or with a fixed Hamming weight when the context
 * asks for one), held in double-CRT form over all primes of the context.
 *
 * <p>Its material is reachable only inside this package (the {@link Decryptor} and the
 * {@link KeyGenerator}); {@link #toString()} prints metadata, never coefficients. Immutable and
 * thread-safe.
 */
public final class SecretKey {
    private final Context context;
    private final long[] coefficients;
    private final DoubleCrt element;

    SecretKey(Context context, long[] coefficients) {
        this.context = context;
        this.coefficients = coefficients;
        this.element = context.fullRing().fromCoefficients(coefficients);
    }

    /** The context this key belongs to. */
    public Context context() {
        return context;
    }

    /** The small coefficients of s, in {-1, 0, 1}. */
    long[] coefficients() {
        return coefficients;
    }

    /** s over all primes, evaluation form. Callers must not modify it. */
    DoubleCrt element() {
        return element;
    }

    /** s restricted to the primes of {@code ring} (a sub-ring of the context's full ring). */
    DoubleCrt over(io.fhe4j.ring.PolyRing ring) {
        return element.restrictTo(ring);
    }

    @Override
    public String toString() {
        return "SecretKey(" + context.fingerprint() + ", N=" + context.n() + ")";
    }
}
