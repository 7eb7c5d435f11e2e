package io.fhe4j.bgv;

import io.fhe4j.ring.DoubleCrt;

/**
 * A BGV secret key s: a ternary polynomial (dense, or with a fixed Hamming weight when the context
 * asks for one; coefficients in the ring's basis, the powerful basis for odd m), held in double-CRT
 * form over all primes of the context.
 *
 * <p>Its material is reachable inside this package (the {@link Decryptor} and the
 * {@link KeyGenerator}) and, outside it, only through the explicit {@link Access} token (for
 * serialization), so every place that touches the key is easy to find; {@link #toString()}
 * prints metadata, never coefficients. Immutable and
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

    // ---- explicit export and import (serialization) ---------------------------------------

    /**
     * The coefficients of s, in {-1, 0, 1} (a copy). Only with an explicit {@link Access} token, so
     * that every place that reads secret material is easy to find.
     */
    public long[] coefficients(Access access) {
        Access.check(access);
        return coefficients.clone();
    }

    /**
     * Reconstructs a secret key from its coefficients, for deserialization ({@code io.fhe4j.io}).
     *
     * @param coefficients N values in {-1, 0, 1} (with exactly h nonzero ones when the context has a
     *     Hamming weight h); copied, not modified
     * @throws InvalidParametersException if the length, a value or the weight is wrong (the message
     *     never names a coefficient)
     */
    public static SecretKey restore(Context context, long[] coefficients, Access access) {
        Access.check(access);
        if (context == null || coefficients == null) {
            throw new InvalidParametersException("restore needs a context and the coefficients (got null)");
        }
        if (coefficients.length != context.n()) {
            throw new InvalidParametersException(coefficients.length + " secret key coefficients for ring degree "
                    + context.n());
        }
        int weight = 0;
        for (long c : coefficients) {
            if (c < -1 || c > 1) {
                throw new InvalidParametersException("secret key coefficients must be in {-1, 0, 1}");
            }
            weight += (int) (c & 1);
        }
        if (context.hammingWeight() > 0 && weight != context.hammingWeight()) {
            throw new InvalidParametersException("the secret key's Hamming weight does not match the context's ("
                    + context.hammingWeight() + ")");
        }
        return new SecretKey(context, coefficients.clone());
    }

    /**
     * The token that unlocks secret key material ({@link #coefficients(Access)},
     * {@link #restore(Context, long[], Access)}), in the manner of Tink's {@code SecretKeyAccess}:
     * code that holds one is code that handles the secret key. Immutable and thread-safe.
     */
    public static final class Access {
        private static final Access INSTANCE = new Access();

        private Access() {
        }

        /** The token. Call it only where the secret key is meant to leave or enter memory. */
        public static Access insecureSecretKeyAccess() {
            return INSTANCE;
        }

        static void check(Access access) {
            if (access != INSTANCE) {
                throw new SecurityException("secret key material needs SecretKey.Access.insecureSecretKeyAccess()");
            }
        }

        @Override
        public String toString() {
            return "SecretKey.Access";
        }
    }
}
