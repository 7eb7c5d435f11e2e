package io.fhe4j.math;

/**
 * Whether the transforms may use the JDK's Vector API ({@link VectorNtt}, {@link VectorArith}): only when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}, the CPU has eight 64-bit lanes per
 * vector (AVX-512; narrower vectors gain nothing over the scalar code, whose single high product
 * per butterfly they must replace by three 32-bit ones) and the system property
 * {@code fhe4j.simd} is not {@code false}. This class names no type of the incubator module, so it
 * loads on every JVM; the vector classes are loaded only when {@link #ENABLED} is true.
 */
final class Simd {
    static final boolean ENABLED = detect();

    private Simd() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("fhe4j.simd", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorArith.hardwareHasLanes();
        } catch (LinkageError e) {
            return false;
        }
    }
}
