package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Vector API transforms ({@link VectorNtt}, run directly when {@link Simd#ENABLED}, as under
 * the build's test JVM on AVX-512 machines) against {@link Ntt}'s scalar code, value for value; the
 * warm-up; and the detection (a JVM without the module: {@link VectorModuleIsolationTest}).
 */
class VectorNttProperties {

    /** Inputs: random residues, or random extremes (0, 1, q - 1) that push every lazy range to its edge. */
    private static long[] input(Random rnd, int n, long q, boolean extremes) {
        long[] a = NttProperties.randomPoly(rnd, n, q);
        if (extremes) {
            long[] edge = {0, 1, q - 1, q - 1, q - 1};
            for (int i = 0; i < n; i++) {
                a[i] = edge[rnd.nextInt(edge.length)];
            }
        }
        return a;
    }

    @Property(tries = 80)
    void sameValuesAsScalarCode(@ForAll @IntRange(min = 10, max = 15) int logN,
                                @ForAll @IntRange(min = 30, max = 60) int bits,
                                @ForAll boolean extremes, @ForAll long seed) {
        int n = 1 << logN;
        // the largest primes of each size: 60 bits is the edge of the [0, 8q) range below 2^63
        long q = Primes.generate(bits, 2L * n);
        NttTables tab = NttTables.of(q, logN);
        Random rnd = new Random(seed);
        long[] a = input(rnd, n, q, extremes);

        long[] f = a.clone();
        long[] fs = a.clone();
        forward(f, tab, true);
        Ntt.scalarForward(fs, tab, true);
        assertArrayEquals(fs, f, "forward");

        long[] lazy = a.clone();
        long[] lazyScalar = a.clone();
        forward(lazy, tab, false);
        Ntt.scalarForward(lazyScalar, tab, false);
        for (int i = 0; i < n; i++) {
            assertTrue(lazy[i] >= 0 && lazy[i] < 4 * q, "lazy output out of [0, 4q) at " + i);
            assertEquals(lazyScalar[i] % q, lazy[i] % q, "lazy forward at " + i);
        }

        long[] e = input(rnd, n, q, extremes);
        long[] inv = e.clone();
        long[] invScalar = e.clone();
        if (Simd.ENABLED) {
            VectorNtt.inverse(inv, tab);
        } else {
            Ntt.inverse(inv, tab);
        }
        Ntt.scalarInverse(invScalar, tab);
        assertArrayEquals(invScalar, inv, "inverse");

        long[] dispatched = a.clone();
        Ntt.forward(dispatched, tab); // vector or scalar, depending on the warm-up: the same values
        assertArrayEquals(fs, dispatched, "Ntt.forward");
    }

    /**
     * The column transforms ({@link ColumnNtt}: every column of an n x inner array, as the general
     * rings' Rader transforms use them) on the Vector API against the scalar loops, value for value
     * modulo q, with the vector output ranges ([0, 8q) forward, [0, 4q) inverse) checked.
     */
    @Property(tries = 80)
    void columnTransformsSameValuesAsScalarCode(@ForAll @IntRange(min = 1, max = 9) int logN,
                                                @ForAll @IntRange(min = 1, max = 6) int vectors,
                                                @ForAll @IntRange(min = 30, max = 60) int bits,
                                                @ForAll boolean extremes, @ForAll long seed) {
        if (!Simd.ENABLED) {
            return; // no vector code on this JVM: the scalar loops are all there is
        }
        int n = 1 << logN;
        int inner = 8 * vectors;
        long q = Primes.generate(bits, 2L * n);
        ColumnNtt columns = new ColumnNtt(new Modulus(q), n);
        Random rnd = new Random(seed);
        long[] a = new long[n * inner]; // inputs in [0, 2q), the range both directions accept
        long[] edge = {0, 1, q - 1, q, 2 * q - 1};
        for (int i = 0; i < a.length; i++) {
            a[i] = extremes ? edge[rnd.nextInt(edge.length)] : Math.floorMod(rnd.nextLong(), 2 * q);
        }
        long[] f = a.clone();
        long[] fs = a.clone();
        columns.forward(f, inner, true);
        columns.forward(fs, inner, false);
        long[] i = a.clone();
        long[] is = a.clone();
        columns.inverse(i, inner, true);
        columns.inverse(is, inner, false);
        for (int k = 0; k < a.length; k++) {
            assertTrue(f[k] >= 0 && f[k] < 8 * q, "forward output out of [0, 8q) at " + k);
            assertEquals(fs[k] % q, f[k] % q, "forward at " + k);
            assertTrue(i[k] >= 0 && i[k] < 4 * q, "inverse output out of [0, 4q) at " + k);
            assertEquals(is[k] % q, i[k] % q, "inverse at " + k);
        }
    }

    /**
     * The CRT transform of Phi_p for an odd prime p on many interleaved fibers (an axis of the
     * general rings' tensor: on the Vector API, once the warm-up is done, when the fiber count is a
     * multiple of eight) against the same transform fiber by fiber (always scalar), both directions.
     */
    @Property(tries = 40)
    void interleavedFibersMatchSingleFibers(@ForAll("raderPrimes") int p,
                                            @ForAll @IntRange(min = 1, max = 4) int vectors,
                                            @ForAll @IntRange(min = 30, max = 60) int bits,
                                            @ForAll long seed) throws InterruptedException {
        Ntt.awaitVectorized(java.time.Duration.ofSeconds(30));
        long q = Primes.generate(bits, CyclotomicCrt.requiredDivisor(p));
        CyclotomicCrt crt = CyclotomicCrt.of(q, p);
        int len = p - 1;
        int inner = 8 * vectors;
        Random rnd = new Random(seed);
        long[] a = new long[len * inner];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.floorMod(rnd.nextLong(), q);
        }
        for (boolean forward : new boolean[] {true, false}) {
            long[] all = a.clone();
            if (forward) {
                crt.forwardColumns(all, 0, inner);
            } else {
                crt.inverseColumns(all, 0, inner);
            }
            for (int x = 0; x < inner; x++) {
                long[] fiber = new long[len];
                for (int j = 0; j < len; j++) {
                    fiber[j] = a[j * inner + x];
                }
                if (forward) {
                    crt.forward(fiber);
                } else {
                    crt.inverse(fiber);
                }
                for (int j = 0; j < len; j++) {
                    assertEquals(fiber[j], all[j * inner + x], (forward ? "forward" : "inverse") + " p = " + p
                            + ", fiber " + x + ", entry " + j);
                }
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> raderPrimes() {
        return net.jqwik.api.Arbitraries.of(3, 5, 7, 11, 13, 17, 31, 41, 257);
    }

    /** The Vector API transform itself when the JVM can run it (the dispatch waits for the warm-up). */
    private static void forward(long[] a, NttTables tab, boolean reduce) {
        if (Simd.ENABLED) {
            VectorNtt.forward(a, tab, reduce);
        } else if (reduce) {
            Ntt.forward(a, tab);
        } else {
            Ntt.forwardLazy(a, tab);
        }
    }

    /**
     * The warm-up thread ends, and the library takes the vector code only if enabled (on a loaded
     * machine it may measure the vector code slower, or run out of time, and keep the scalar code).
     */
    @Test
    void warmUpEnds() throws InterruptedException {
        boolean inUse = Ntt.awaitVectorized(java.time.Duration.ofMinutes(2));
        assertTrue(Simd.warmUpEnded(), "the Vector API warm-up did not end within two minutes");
        assertEquals(inUse, Simd.ready());
        assertEquals(inUse, Ntt.vectorized(), "after the warm-up, vectorized() says whether the vector code is in use");
        assertTrue(!inUse || Simd.ENABLED, "vector code in use although not enabled");
    }

    /** The build's test JVM has the module, so on a 512-bit machine the tests above run the Vector API path. */
    @Test
    void enabledExactlyWhenTheModuleAndEightLanesArePresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(module, "the surefire argLine should add jdk.incubator.vector");
        assertEquals(VectorArith.hardwareHasLanes() && !"false".equals(System.getProperty("fhe4j.simd")), Simd.ENABLED);
    }
}
