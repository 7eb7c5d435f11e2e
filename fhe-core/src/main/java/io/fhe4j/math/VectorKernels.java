package io.fhe4j.math;

/**
 * {@link SimdKernels} on the JDK's Vector API: each method calls the static method of the same
 * name in {@link VectorArith} or {@link VectorNtt}. Loaded only by {@link Simd}, by name, when the
 * JVM has the module {@code jdk.incubator.vector}; no other class names it. Stateless and thread-safe.
 */
final class VectorKernels implements SimdKernels {
    VectorKernels() {
        if (VectorArith.LANES != Simd.LANES) {
            throw new IllegalStateException("VectorArith has " + VectorArith.LANES + " lanes, Simd.LANES says " + Simd.LANES);
        }
    }

    @Override
    public boolean hardwareHasLanes() {
        return VectorArith.hardwareHasLanes();
    }

    @Override
    public void forward(long[] a, NttTables tables, boolean reduce) {
        VectorNtt.forward(a, tables, reduce);
    }

    @Override
    public void inverse(long[] a, NttTables tables) {
        VectorNtt.inverse(a, tables);
    }

    @Override
    public void columnsForward(long[] a, int n, int inner, long[] w, long[] ws, long q) {
        VectorNtt.columnsForward(a, n, inner, w, ws, q);
    }

    @Override
    public void columnsInverse(long[] a, int n, int inner, long[] w, long[] ws, long q) {
        VectorNtt.columnsInverse(a, n, inner, w, ws, q);
    }

    @Override
    public int mulShoup(long[] x, long[] w, long[] ws, long[] acc, long q) {
        return VectorArith.mulShoup(x, w, ws, acc, q);
    }

    @Override
    public int mulBarrett(long[] x, long[] y, long[] acc, long[] out, long q, int k, long mu) {
        return VectorArith.mulBarrett(x, y, acc, out, q, k, mu);
    }

    @Override
    public int keySwitchSplit(long[] u0, long[] u1, long[] u2, long[] v0, long[] v1, long[] v2, long[] high, long[] low) {
        return VectorArith.keySwitchSplit(u0, u1, u2, v0, v1, v2, high, low);
    }

    @Override
    public void scaledPairs(long[] high, long[] low, long q, long hw, long hws, long lw, long lws) {
        VectorArith.scaledPairs(high, low, q, hw, hws, lw, lws);
    }

    @Override
    public int accumulateScaled(long[][] y, double[] inv, double[] acc) {
        return VectorArith.accumulateScaled(y, inv, acc);
    }

    @Override
    public void mulConstant(long[] src, int s, long[] dst, int d, int len, long w, long ws, long q) {
        VectorArith.mulConstant(src, s, dst, d, len, w, ws, q);
    }

    @Override
    public void mulConstantAdd(long[] src, int s, long[] add, long[] dst, int d, int len, long w, long ws, long q) {
        VectorArith.mulConstantAdd(src, s, add, dst, d, len, w, ws, q);
    }

    @Override
    public void accumulateProduct(long[] y, long w, long ws, long q, long[] out, boolean first, long[] table, int[] v) {
        VectorArith.accumulateProduct(y, w, ws, q, out, first, table, v);
    }
}
