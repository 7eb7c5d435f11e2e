package io.fhe4j.bench;

/**
 * The JVM option that lets fhe-core's NTT use the JDK's Vector API ({@code io.fhe4j.math.Ntt#vectorized()}):
 * every benchmark fork adds it, so the figures are those of the fastest path this machine offers,
 * and every setup waits for its warm-up ({@link #awaitVectorCode()}).
 */
final class Simd {
    /** {@code --add-modules jdk.incubator.vector}, as one JMH fork argument. */
    static final String ADD_MODULE = "--add-modules=jdk.incubator.vector";

    private Simd() {
    }

    /**
     * Waits (at most a minute) until fhe-core's Vector API code is compiled and in use
     * ({@link io.fhe4j.math.Ntt#awaitVectorized}), so that no measured call runs the scalar code of
     * its warm-up period; returns at once when the fork runs without it.
     */
    static void awaitVectorCode() {
        try {
            io.fhe4j.math.Ntt.awaitVectorized(java.time.Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Vector API warm-up", e);
        }
    }
}
