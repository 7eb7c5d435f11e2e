package io.fhe4j.ring;

import io.fhe4j.math.CyclotomicCrt;
import io.fhe4j.math.Ntt;

/**
 * {@link RingTransform} of {@code Z_q[X]/Phi_m}, m odd, in the powerful basis: the tensor product
 * of the factors' {@link CyclotomicCrt} transforms, applied along each axis of the row-major
 * {@code phi(m_0) x ... x phi(m_(r-1))} array, all fibers of an axis at once
 * ({@link CyclotomicCrt#forwardColumns}); the contiguous last axis is transposed first when it has
 * many fibers (600 of 40 at m = 31775) or, with the Vector API transforms ({@link Ntt#vectorized()}),
 * a multiple of eight (16 of 256 at m = 4369: 30 % faster as two vectors per row than fiber by
 * fiber), one by one otherwise. See {@link PowerfulBasis}. Immutable and thread-safe.
 */
final class PowerfulTransform implements RingTransform {
    /** From this many contiguous fibers on, the last axis is transposed and transformed column-wise. */
    static final int TRANSPOSE_FIBERS = 64;

    private final CyclotomicCrt[] crts;
    private final int[] phis;
    private final int n;

    PowerfulTransform(long q, int[] factors, int[] phis) {
        this.crts = new CyclotomicCrt[factors.length];
        this.phis = phis.clone();
        int size = 1;
        for (int k = 0; k < factors.length; k++) {
            crts[k] = CyclotomicCrt.of(q, factors[k]);
            size *= phis[k];
        }
        this.n = size;
    }

    @Override
    public void forward(long[] row) {
        apply(row, true);
    }

    @Override
    public void inverse(long[] row) {
        apply(row, false);
    }

    private void apply(long[] row, boolean forward) {
        if (row.length != n) {
            throw new io.fhe4j.math.InvalidDegreeException(row.length + " values given to a transform of length " + n);
        }
        int inner = n;
        for (int k = 0; k < crts.length; k++) {
            int len = phis[k];
            inner /= len;
            int outer = n / (len * inner);
            CyclotomicCrt crt = crts[k];
            if (inner == 1 && (outer >= TRANSPOSE_FIBERS || outer % 8 == 0 && Ntt.vectorized())) {
                // many short contiguous fibers: transpose them into columns and transform all at once
                long[] t = new long[n];
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < len; j++) {
                        t[j * outer + o] = row[o * len + j];
                    }
                }
                if (forward) {
                    crt.forwardColumns(t, 0, outer);
                } else {
                    crt.inverseColumns(t, 0, outer);
                }
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < len; j++) {
                        row[o * len + j] = t[j * outer + o];
                    }
                }
                continue;
            }
            for (int o = 0; o < outer; o++) {
                int base = o * len * inner;
                if (forward) {
                    crt.forwardColumns(row, base, inner);
                } else {
                    crt.inverseColumns(row, base, inner);
                }
            }
        }
    }
}
