package io.fhe4j.math;

/**
 * The negacyclic number-theoretic transform over {@code Z_q[X]/(X^N + 1)}, in place.
 *
 * <p>{@link #forward} evaluates a polynomial, given by its N coefficients in [0, q), at the N
 * primitive 2N-th roots of unity {@code psi^(2*bitrev(j)+1)} (Cooley-Tukey butterflies, output in
 * bit-reversed order); {@link #inverse} interpolates back (Gentleman-Sande butterflies, with the
 * factor {@code N^-1} folded into the last layer). Both do two layers per pass (radix-4: four loads
 * and four stores per four butterflies), with the pass over adjacent values written out flat.
 *
 * <p>Harvey's lazy butterflies: values stay in [0, 8q) (forward: only the inputs of every other
 * layer are reduced, to [0, 4q)) or [0, 4q) (inverse) between layers. Each twiddle multiplication is Shoup's with a signed 64-bit companion
 * ({@link NttTables#mulLazy}): one high and two low multiplications, no shift, no sign
 * correction. NTT primes are below 2^60, so every intermediate value is a non-negative signed
 * long. Inputs must be in [0, q) and outputs are fully reduced to [0, q).
 *
 * <p>With {@code --add-modules jdk.incubator.vector} on a CPU with 512-bit vectors, transforms of
 * N >= {@value #VECTOR_MIN_N} run on the Vector API instead ({@link VectorNtt}, the same values,
 * 1.3-1.6x faster at N = 16384). Without the module everything runs in the scalar code here: the
 * library needs no JVM option.
 *
 * <p>Stateless and thread-safe (the array argument is modified in place).
 */
public final class Ntt {
    /** Smallest N sent through the Vector API when it is enabled ({@link #vectorized()}). */
    public static final int VECTOR_MIN_N = 1 << 10;

    private Ntt() {
    }

    /**
     * Forward transform, in place.
     *
     * @param a N coefficients in [0, q); overwritten with the evaluations in [0, q)
     * @param tables the tables for q and N
     */
    public static void forward(long[] a, NttTables tables) {
        checkLength(a, tables);
        forward(a, tables, true);
    }

    /**
     * Forward transform without the final reduction: outputs in [0, 4q). Inputs may be in [0, 4q).
     */
    public static void forwardLazy(long[] a, NttTables tables) {
        checkLength(a, tables);
        forward(a, tables, false);
    }

    /**
     * Whether {@link #forward} and {@link #inverse} use the JDK's Vector API: true when the JVM
     * was started with {@code --add-modules jdk.incubator.vector} on a CPU with 512-bit vectors
     * (and the system property {@code fhe4j.simd} is not {@code false}), for N of at least
     * {@value #VECTOR_MIN_N}. The vector code takes over once a background thread has had the JIT
     * compile it and measured it faster than the scalar code (about two seconds after the first
     * transform; until then the scalar code runs); if that warm-up gives up, this turns false.
     * The results are the same either way.
     */
    public static boolean vectorized() {
        return Simd.usable();
    }

    /**
     * Waits until the Vector API code is compiled and in use (see {@link #vectorized()}), for
     * programs and benchmarks that want the steady-state speed from their first timed call.
     *
     * @return true when the vector code is in use; false at once when it is not enabled, or when
     *     the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitVectorized(java.time.Duration timeout) throws InterruptedException {
        return Simd.awaitReady(timeout);
    }

    private static boolean vectorized(NttTables tables) {
        return Simd.ready() && tables.n >= VECTOR_MIN_N;
    }

    private static void forward(long[] a, NttTables tables, boolean reduce) {
        if (vectorized(tables)) {
            Simd.KERNELS.forward(a, tables, reduce);
        } else {
            scalarForward(a, tables, reduce);
        }
    }

    /** The forward transform in scalar code (what {@link #forward} runs when not {@link #vectorized()}). */
    static void scalarForward(long[] a, NttTables tables, boolean reduce) {
        final long q = tables.modulus.value();
        final long twoQ = q << 1;
        final long fourQ = q << 2;
        final long[] w = tables.fwd;
        final long[] ws = tables.fwdShoup;
        final int n = tables.n;
        int t = n; // span of the current group: pairs are t/2 apart
        int m = 1; // number of groups
        if ((tables.logN & 1) == 1) {
            // odd number of layers: one radix-2 layer first
            t >>>= 1;
            final long w1 = w[1];
            final long s1 = ws[1];
            for (int j = 0; j < t; j++) {
                long x = a[j];
                x = csub(x, twoQ);                          // [0, 2q)
                long y = a[j + t];
                long tw = y * w1 - Math.multiplyHigh(y, s1) * q;       // y * w mod q in [0, 2q)
                a[j] = x + tw;                                         // [0, 4q)
                a[j + t] = x - tw + twoQ;                              // [0, 4q)
            }
            m = 2;
        }
        final int quarter = n >>> 2;
        for (; m < quarter; m <<= 2) {
            forwardPass(a, w, ws, m, t, q, fourQ);
            t >>>= 2;
        }
        if (m == quarter) {
            lastForwardPass(a, w, ws, m, q, twoQ, reduce);
        } else {
            // fewer than four values: at most the radix-2 layer ran, values in [0, 4q)
            if (reduce) {
                for (int i = 0; i < n; i++) {
                    a[i] = reduce4(a[i], q, twoQ);
                }
            }
        }
    }

    /**
     * The last radix-4 pass of the forward transform (layers N/4 and N/2): groups of four adjacent
     * values, flat loop; with {@code reduce}, the outputs are brought from [0, 4q) to [0, q) on the
     * way out instead of in a separate pass (C2 unswitches the loop on the invariant flag).
     */
    private static void lastForwardPass(long[] a, long[] w, long[] ws, int m, long q, long twoQ, boolean reduce) {
        final long fourQ = twoQ << 1;
        for (int i = 0, j = 0; i < m; i++, j += 4) {
            final long w1 = w[m + i];
            final long s1 = ws[m + i];
            final long w2 = w[2 * m + 2 * i];
            final long s2 = ws[2 * m + 2 * i];
            final long w3 = w[2 * m + 2 * i + 1];
            final long s3 = ws[2 * m + 2 * i + 1];
            long x0 = a[j];
            long x1 = a[j + 1];
            long x2 = a[j + 2];
            long x3 = a[j + 3];
            x0 = csub(csub(x0, fourQ), twoQ);                          // [0, 2q)
            x1 = csub(csub(x1, fourQ), twoQ);
            long t2 = x2 * w1 - Math.multiplyHigh(x2, s1) * q;
            long t3 = x3 * w1 - Math.multiplyHigh(x3, s1) * q;
            long y0 = x0 + t2;
            long y2 = x0 - t2 + twoQ;
            long y1 = x1 + t3;
            long y3 = x1 - t3 + twoQ;
            y0 = csub(y0, twoQ);
            y2 = csub(y2, twoQ);
            long u1 = y1 * w2 - Math.multiplyHigh(y1, s2) * q;
            long u3 = y3 * w3 - Math.multiplyHigh(y3, s3) * q;
            long z0 = y0 + u1;
            long z1 = y0 - u1 + twoQ;
            long z2 = y2 + u3;
            long z3 = y2 - u3 + twoQ;
            if (reduce) {
                z0 = reduce4(z0, q, twoQ);
                z1 = reduce4(z1, q, twoQ);
                z2 = reduce4(z2, q, twoQ);
                z3 = reduce4(z3, q, twoQ);
            }
            a[j] = z0;
            a[j + 1] = z1;
            a[j + 2] = z2;
            a[j + 3] = z3;
        }
    }

    /**
     * One radix-4 pass of the forward transform: layers m and 2m over groups of t values. Inputs
     * and outputs in [0, 8q) (below 2^63 since q is below 2^60): the inputs of the first layer are
     * brought to [0, 4q), its outputs (in [0, 6q)) go to the second layer unreduced, so a group of
     * four butterflies needs two conditional subtractions instead of four.
     */
    private static void forwardPass(long[] a, long[] w, long[] ws, int m, int t, long q, long fourQ) {
        final int h = t >>> 2;
        final long twoQ = fourQ >>> 1;
        for (int i = 0, j1 = 0; i < m; i++, j1 += t) {
            final long w1 = w[m + i];
            final long s1 = ws[m + i];
            final long w2 = w[2 * m + 2 * i];
            final long s2 = ws[2 * m + 2 * i];
            final long w3 = w[2 * m + 2 * i + 1];
            final long s3 = ws[2 * m + 2 * i + 1];
            for (int j = j1; j < j1 + h; j++) {
                long x0 = a[j];
                long x1 = a[j + h];
                long x2 = a[j + 2 * h];
                long x3 = a[j + 3 * h];
                // layer m: (x0, x2) and (x1, x3) with w1
                x0 = csub(x0, fourQ);                                 // [0, 4q)
                x1 = csub(x1, fourQ);
                long t2 = x2 * w1 - Math.multiplyHigh(x2, s1) * q;   // [0, 2q)
                long t3 = x3 * w1 - Math.multiplyHigh(x3, s1) * q;
                long y0 = x0 + t2;                                    // [0, 6q)
                long y2 = x0 - t2 + twoQ;
                long y1 = x1 + t3;
                long y3 = x1 - t3 + twoQ;
                // layer 2m: (y0, y1) with w2 and (y2, y3) with w3
                long u1 = y1 * w2 - Math.multiplyHigh(y1, s2) * q;
                long u3 = y3 * w3 - Math.multiplyHigh(y3, s3) * q;
                a[j] = y0 + u1;                                       // [0, 8q)
                a[j + h] = y0 - u1 + twoQ;
                a[j + 2 * h] = y2 + u3;
                a[j + 3 * h] = y2 - u3 + twoQ;
            }
        }
    }

    /** x in [0, 4q) to [0, q). */
    private static long reduce4(long x, long q, long twoQ) {
        x = csub(x, twoQ);
        return csub(x, q);
    }

    /**
     * Inverse transform, in place: the exact inverse of {@link #forward}.
     *
     * @param a N evaluations in [0, q) (bit-reversed order); overwritten with coefficients in [0, q)
     * @param tables the tables for q and N
     */
    public static void inverse(long[] a, NttTables tables) {
        checkLength(a, tables);
        if (vectorized(tables)) {
            Simd.KERNELS.inverse(a, tables);
        } else {
            scalarInverse(a, tables);
        }
    }

    /** The inverse transform in scalar code (what {@link #inverse} runs when not {@link #vectorized()}). */
    static void scalarInverse(long[] a, NttTables tables) {
        final long q = tables.modulus.value();
        final long twoQ = q << 1;
        final long fourQ = q << 2;
        final long[] w = tables.inv;
        final long[] ws = tables.invShoup;
        final int n = tables.n;
        int t = 1;     // distance between the two inputs of a butterfly
        int h = n / 2; // number of groups in the current layer
        // All layers but the last (h = 1), which folds in N^-1. Values stay in [0, 4q). The inputs
        // are in [0, q), so the first pass needs no conditional subtraction.
        if (((tables.logN - 1) & 1) == 1) {
            // odd number of such layers: one radix-2 layer first
            for (int i = 0, j = 0; i < h; i++, j += 2) {
                long x = a[j];
                long y = a[j + 1];
                a[j] = x + y;                                                 // [0, 2q)
                long v = x - y + q;                                           // (0, 2q)
                a[j + 1] = v * w[h + i] - Math.multiplyHigh(v, ws[h + i]) * q;  // [0, 2q)
            }
            t = 2;
            h >>>= 1;
        } else if (h > 1) {
            // first radix-4 pass (layers N/2 and N/4, pairs 1 and 2 apart): flat loop over groups of four
            final int hh = h >>> 1;
            for (int i = 0, j = 0; i < hh; i++, j += 4) {
                final long w1 = w[h + 2 * i];
                final long s1 = ws[h + 2 * i];
                final long w2 = w[h + 2 * i + 1];
                final long s2 = ws[h + 2 * i + 1];
                final long w3 = w[hh + i];
                final long s3 = ws[hh + i];
                long x0 = a[j];
                long x1 = a[j + 1];
                long x2 = a[j + 2];
                long x3 = a[j + 3];
                long u0 = x0 + x1;                                  // [0, 2q)
                long v1 = x0 - x1 + q;                              // (0, 2q)
                v1 = v1 * w1 - Math.multiplyHigh(v1, s1) * q;       // [0, 2q)
                long u2 = x2 + x3;
                long v3 = x2 - x3 + q;
                v3 = v3 * w2 - Math.multiplyHigh(v3, s2) * q;
                a[j] = u0 + u2;                                     // [0, 4q)
                long r2 = u0 - u2 + twoQ;                           // (0, 4q)
                a[j + 2] = r2 * w3 - Math.multiplyHigh(r2, s3) * q;
                a[j + 1] = v1 + v3;                                 // [0, 4q)
                long r3 = v1 - v3 + twoQ;
                a[j + 3] = r3 * w3 - Math.multiplyHigh(r3, s3) * q;
            }
            t = 4;
            h >>>= 2;
        }
        for (; h > 1; h >>>= 2) {
            // layers h (pairs t apart) and h/2 (pairs 2t apart) in one pass over blocks of 4t;
            // inputs and outputs in [0, 4q), intermediate sums below 8q (below 2^63)
            final int hh = h >>> 1;
            for (int i = 0, j1 = 0; i < hh; i++, j1 += 4 * t) {
                final long w1 = w[h + 2 * i];
                final long s1 = ws[h + 2 * i];
                final long w2 = w[h + 2 * i + 1];
                final long s2 = ws[h + 2 * i + 1];
                final long w3 = w[hh + i];
                final long s3 = ws[hh + i];
                for (int j = j1; j < j1 + t; j++) {
                    long x0 = a[j];
                    long x1 = a[j + t];
                    long x2 = a[j + 2 * t];
                    long x3 = a[j + 3 * t];
                    long u0 = csub(x0 + x1, fourQ);                 // [0, 4q)
                    long v1 = x0 - x1 + fourQ;                      // (0, 8q)
                    v1 = v1 * w1 - Math.multiplyHigh(v1, s1) * q;   // [0, 2q)
                    long u2 = csub(x2 + x3, fourQ);
                    long v3 = x2 - x3 + fourQ;
                    v3 = v3 * w2 - Math.multiplyHigh(v3, s2) * q;
                    a[j] = csub(u0 + u2, fourQ);                    // [0, 4q)
                    long r2 = u0 - u2 + fourQ;                      // (0, 8q)
                    a[j + 2 * t] = r2 * w3 - Math.multiplyHigh(r2, s3) * q;
                    a[j + t] = v1 + v3;                             // [0, 4q)
                    long r3 = v1 - v3 + twoQ;                       // (0, 4q)
                    a[j + 3 * t] = r3 * w3 - Math.multiplyHigh(r3, s3) * q;
                }
            }
            t <<= 2;
        }
        // Last layer: fold in N^-1; inv[1] already carries the factor N^-1.
        final long ni = tables.nInv;
        final long nis = tables.nInvShoup;
        final long wi = w[1];
        final long wsi = ws[1];
        final int half = n >>> 1;
        for (int j = 0, k = half; j < half; j++, k++) {
            long x = a[j];
            long y = a[k];
            long u = x + y;                                        // [0, 8q)
            long v = x - y + fourQ;                                // (0, 8q)
            long r0 = u * ni - Math.multiplyHigh(u, nis) * q;      // [0, 2q)
            long r1 = v * wi - Math.multiplyHigh(v, wsi) * q;      // [0, 2q)
            a[j] = csub(r0, q);
            a[k] = csub(r1, q);
        }
    }

    private static void checkLength(long[] a, NttTables tables) {
        if (a.length != tables.n) {
            throw new InvalidDegreeException("array of length " + a.length + " given to an NTT of length " + tables.n);
        }
    }

    /**
     * x - m if x >= m, else x, for 0 <= x < 2m: branch-free (C2 compiles a ternary as a branch
     * when its profile looks predictable, and NTT data is not).
     */
    private static long csub(long x, long m) {
        long d = x - m;
        return d + ((d >> 63) & m);
    }
}
