package io.fhe4j.math;

/**
 * The overflow counts of an exact RNS base conversion: {@code v[x] = round(sum_s y_s[x] / q_s)},
 * the multiple of the source product Q to take away for the centered representative, computed in
 * double precision from the given {@code inv[s] = 1 / q_s}. The sum is taken source by source in
 * ascending order, each term a rounded product ({@code y * inv}) added to the rounded running sum,
 * then 0.5 added and the result truncated: the same value on every path (on the Vector API when
 * the vector code is in use, else in scalar code).
 *
 * <p>Stateless and thread-safe.
 */
public final class OverflowCounts {
    private OverflowCounts() {
    }

    /**
     * The counts for the first n entries of the source rows.
     *
     * @param y source rows (residues), at least n values each
     * @param inv one factor per row
     * @return n counts (each at most the number of rows when {@code inv[s] = 1 / q_s} and {@code y_s < q_s})
     */
    public static int[] of(long[][] y, double[] inv, int n) {
        if (inv.length < y.length) {
            throw new IllegalArgumentException(y.length + " rows but " + inv.length + " factors");
        }
        Modulus.checkRows(n, y);
        double[] acc = new double[n];
        int from = Simd.ready() ? Simd.KERNELS.accumulateScaled(y, inv, acc) : 0;
        for (int s = 0; s < y.length; s++) {
            double f = inv[s];
            long[] ys = y[s];
            for (int x = from; x < n; x++) {
                acc[x] += ys[x] * f;
            }
        }
        int[] v = new int[n];
        for (int x = 0; x < n; x++) {
            v[x] = (int) (acc[x] + 0.5);
        }
        return v;
    }
}
