package io.fhe4j.math;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the transforms may use the JDK's Vector API ({@link VectorNtt}, {@link VectorArith}):
 * only when the JVM was started with {@code --add-modules jdk.incubator.vector}, the CPU has eight
 * 64-bit lanes per vector (AVX-512; narrower vectors gain nothing over the scalar code, whose
 * single high product per butterfly they must replace by three 32-bit ones) and the system
 * property {@code fhe4j.simd} is not {@code false}. This class is the single gate to the vector
 * code: it names no type of the incubator module and none of the classes that do ({@link VectorArith},
 * {@link VectorNtt}, {@code VectorKernels}), so it loads on every JVM; it loads the kernels by name
 * only when the module is present, and the scalar code reaches them only through
 * {@link #KERNELS} when {@link #ready()} ({@code VectorModuleIsolationTest} checks both).
 *
 * <p>Vector API code runs about ten times slower than scalar code until C2 has compiled it (each
 * lane operation allocates while interpreted): in a fresh JVM the first forward and inverse
 * transform at N = 16384 took 0.4 s instead of 0.04. So when enabled, a daemon thread
 * ("fhe4j-simd-warm-up") runs the vector kernels on throw-away data, and the library keeps to its
 * scalar code until that thread is done and has measured the compiled vector code faster
 * ({@link #ready()}).
 */
final class Simd {
    /** 64-bit lanes per vector of the kernels (512 bits): the lengths they take whole are multiples of this. */
    static final int LANES = 8;
    /** The Vector API kernels; null unless the module is present, enabled and the CPU has {@link #LANES} lanes. */
    static final SimdKernels KERNELS = load();
    /** Whether the kernels exist ({@link #KERNELS} is not null): the warm-up runs and may make them {@link #ready()}. */
    static final boolean ENABLED = KERNELS != null;
    private static final String VECTOR_KERNELS = "io.fhe4j.math.VectorKernels";
    /**
     * Forward and inverse transforms (N = 8192, 60-bit prime), pointwise products and key switching's
     * sums the warm-up runs:
     * ready after about 2.7 s on the reference machine (2 cores, idle). Fewer left the compiled code
     * less consistent; N = 1024 compiled it for short loops (up to 1.3x slower at N = 16384).
     */
    static final int WARM_UP_PAIRS = 1000;
    /** The warm-up gives up (and the scalar code stays) after this long: 2.7 s are enough when C2 compiles it. */
    static final long WARM_UP_LIMIT_NANOS = 20_000_000_000L;
    private static volatile boolean ready;
    /** Released when the warm-up ends, successfully ({@link #ready}) or not. */
    private static final CountDownLatch DONE = new CountDownLatch(1);

    static {
        if (ENABLED) {
            Thread t = new Thread(Simd::warmUp, "fhe4j-simd-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    private Simd() {
    }

    /** Whether the vector kernels are enabled and compiled, so that calls should take them. */
    static boolean ready() {
        return ready;
    }

    /**
     * Waits until the warm-up ends or the timeout, and tells whether the vector code is then in use
     * ({@link #ready()}); false at once when not {@link #ENABLED}.
     */
    static boolean awaitReady(Duration timeout) throws InterruptedException {
        return ENABLED && DONE.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && ready;
    }

    /** Whether the vector kernels are in use or will be once warm: enabled, and the warm-up has not given up. */
    static boolean usable() {
        return ENABLED && (!warmUpEnded() || ready);
    }

    /** Whether the warm-up has ended (in use or given up), or never started. */
    static boolean warmUpEnded() {
        return !ENABLED || DONE.getCount() == 0;
    }

    private static void warmUp() {
        int logN = 13;
        NttTables tables = NttTables.of(Primes.generate(NttTables.MAX_PRIME_BITS, 2L << logN), logN);
        long q = tables.modulus().value();
        long[] a = new long[tables.n()];
        long[] w = new long[tables.n()];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            w[i] = q - 1 - i;
        }
        long[] b = w.clone();
        long[] high = new long[a.length];
        long[] low = new long[a.length];
        long[][] sources = {a, b};
        double[] inverses = {1.0 / q, 1.0 / q};
        double[] sums = new double[a.length];
        long[] companions = tables.modulus().prepareShoupInPlace(w);
        long deadline = System.nanoTime() + WARM_UP_LIMIT_NANOS;
        SimdKernels kernels = KERNELS;
        try {
            for (int k = 0; k < WARM_UP_PAIRS; k++) {
                if (System.nanoTime() > deadline) {
                    return; // the JIT is not compiling the vector code: stay scalar
                }
                kernels.forward(a, tables, true);
                kernels.inverse(a, tables);
                kernels.mulShoup(a, w, companions, null, q);
                kernels.mulShoup(a, w, companions, b, q);
                tables.modulus().mul(a, b, b, true);
                tables.modulus().mulAdd(a, w, b, true);
                kernels.keySwitchSplit(a, b, a, b, a, b, high, low);
                kernels.scaledPairs(high, low, q, w[0], companions[0], w[1], companions[1]);
                kernels.accumulateScaled(sources, inverses, sums);
            }
            ready = vectorIsFaster(a, tables);
        } finally {
            DONE.countDown();
        }
    }

    /**
     * Whether the compiled vector transforms beat the scalar ones here (fastest of alternating
     * calls). They do by 1.3-1.6x where C2 compiles the Vector API; a JVM that does not (C1 only,
     * {@code -XX:TieredStopAtLevel=1}, or another JIT) keeps the scalar code.
     */
    private static boolean vectorIsFaster(long[] a, NttTables tables) {
        long vector = Long.MAX_VALUE;
        long scalar = Long.MAX_VALUE;
        for (int k = 0; k < 20; k++) {
            long t0 = System.nanoTime();
            KERNELS.forward(a, tables, true);
            KERNELS.inverse(a, tables);
            long t1 = System.nanoTime();
            Ntt.scalarForward(a, tables, true);
            Ntt.scalarInverse(a, tables);
            long t2 = System.nanoTime();
            vector = Math.min(vector, t1 - t0);
            scalar = Math.min(scalar, t2 - t1);
        }
        return vector < scalar;
    }

    /**
     * The kernels, when the property allows them, the module is present and the CPU has
     * {@link #LANES} lanes; else null. Loaded by name: a reference in this class's code would
     * tie the scalar code to the module.
     */
    private static SimdKernels load() {
        if (!Boolean.parseBoolean(System.getProperty("fhe4j.simd", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            SimdKernels kernels = Class.forName(VECTOR_KERNELS, true, Simd.class.getClassLoader())
                    .asSubclass(SimdKernels.class).getDeclaredConstructor().newInstance();
            return kernels.hardwareHasLanes() ? kernels : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // the module is not readable here: the scalar code serves
        }
    }
}
