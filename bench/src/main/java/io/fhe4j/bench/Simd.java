package io.fhe4j.bench;

/**
 * The JVM option that lets fhe-core's NTT use the JDK's Vector API ({@code io.fhe4j.math.Ntt#vectorized()}):
 * every benchmark fork adds it, so the figures are those of the fastest path this machine offers.
 */
final class Simd {
    /** {@code --add-modules jdk.incubator.vector}, as one JMH fork argument. */
    static final String ADD_MODULE = "--add-modules=jdk.incubator.vector";

    private Simd() {
    }
}
