package io.fhe4j.math;

/**
 * The Vector API kernels as the scalar code sees them: the one door to {@link VectorArith} and
 * {@link VectorNtt}, which name types of the incubator module {@code jdk.incubator.vector}. This
 * interface names none, and no class but the kernels names them, so a JVM started without the
 * module never loads them: {@link Simd} loads the implementation ({@code VectorKernels}) by name,
 * and only when the module is present ({@link Simd#KERNELS}, null otherwise). Callers reach it
 * only when {@link Simd#ready()}.
 *
 * <p>Each method is the static method of the same name in {@link VectorArith} or {@link VectorNtt},
 * with its contract (ranges, and the lengths it covers: whole multiples of {@link Simd#LANES}).
 * Implementations are stateless and thread-safe.
 */
interface SimdKernels {
    /** Whether the CPU's preferred vectors have {@link Simd#LANES} 64-bit lanes (else the code would run emulated). */
    boolean hardwareHasLanes();

    /** {@link VectorNtt#forward}. */
    void forward(long[] a, NttTables tables, boolean reduce);

    /** {@link VectorNtt#inverse}. */
    void inverse(long[] a, NttTables tables);

    /** {@link VectorNtt#columnsForward}. */
    void columnsForward(long[] a, int n, int inner, long[] w, long[] ws, long q);

    /** {@link VectorNtt#columnsInverse}. */
    void columnsInverse(long[] a, int n, int inner, long[] w, long[] ws, long q);

    /** {@link VectorArith#mulShoup}; returns the number of entries done. */
    int mulShoup(long[] x, long[] w, long[] ws, long[] acc, long q);

    /** {@link VectorArith#mulBarrett}; returns the number of entries done. */
    int mulBarrett(long[] x, long[] y, long[] acc, long[] out, long q, int k, long mu);

    /** {@link VectorArith#keySwitchSplit}; returns the number of entries done. */
    int keySwitchSplit(long[] u0, long[] u1, long[] u2, long[] v0, long[] v1, long[] v2, long[] high, long[] low);

    /** {@link VectorArith#scaledPairs}. */
    void scaledPairs(long[] high, long[] low, long q, long hw, long hws, long lw, long lws);

    /** {@link VectorArith#accumulateScaled}; returns the number of entries done. */
    int accumulateScaled(long[][] y, double[] inv, double[] acc);

    /** {@link VectorArith#mulConstant}. */
    void mulConstant(long[] src, int s, long[] dst, int d, int len, long w, long ws, long q);

    /** {@link VectorArith#mulConstantAdd}. */
    void mulConstantAdd(long[] src, int s, long[] add, long[] dst, int d, int len, long w, long ws, long q);

    /** {@link VectorArith#accumulateProduct}. */
    void accumulateProduct(long[] y, long w, long ws, long q, long[] out, boolean first, long[] table, int[] v);
}
