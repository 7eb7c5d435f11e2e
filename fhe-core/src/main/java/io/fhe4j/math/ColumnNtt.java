package io.fhe4j.math;

/**
 * The negacyclic NTT of length n applied to every column of an {@code n x inner} row-major array
 * at once: each butterfly runs over a whole row pair, so the inner loops are long, contiguous and
 * free of gathers (the axis of a tensor whose fibers are interleaved). Forward: Cooley-Tukey with
 * the powers {@code psi^bitrev(i)} (natural order in, bit-reversed out); inverse: Gentleman-Sande
 * with {@code psi^-bitrev(i)}, <em>without</em> the factor {@code n^-1} (callers fold it into a
 * multiplier: {@link #scale()}); pointwise products of two forward transforms are then n times
 * the negacyclic convolution. Harvey's lazy butterflies with the signed Shoup companions of
 * {@link NttTables#mulLazy}: inputs in [0, 2q), forward outputs in [0, 4q), inverse outputs in
 * [0, 2q) (q below 2^60). When the caller asks for it ({@link #vectorRows}: row length a multiple of
 * eight, Vector API code ready), both run on the Vector API ({@link VectorNtt#columnsForward}),
 * with outputs in [0, 8q) and [0, 4q). Immutable and thread-safe.
 */
final class ColumnNtt {
    private final long q;
    private final int n;
    private final long[] fwd;
    private final long[] fwdS;
    private final long[] inv;
    private final long[] invS;
    /** fwd and inv in [0, q), for the Vector API (null when {@link Simd#ENABLED} is false). */
    private final long[] fwdPlain;
    private final long[] invPlain;
    private final long nInv;

    ColumnNtt(Modulus mod, int n) {
        this.q = mod.value();
        this.n = n;
        int logN = Integer.numberOfTrailingZeros(n);
        long psi = Primes.primitiveRootOfUnity(q, 2L * n);
        long psiInv = mod.inverse(psi);
        fwd = new long[n];
        inv = new long[n];
        fwdS = new long[n];
        invS = new long[n];
        for (int i = 0; i < n; i++) {
            int r = NttTables.bitReverse(i, logN);
            long w = mod.pow(psi, r);
            long wi = mod.pow(psiInv, r);
            fwdS[i] = NttTables.shoup64(w, q);
            fwd[i] = NttTables.adjust(w, fwdS[i], q);
            invS[i] = NttTables.shoup64(wi, q);
            inv[i] = NttTables.adjust(wi, invS[i], q);
        }
        nInv = mod.inverse(n % q);
        fwdPlain = Simd.ENABLED ? NttTables.plain(fwd, q) : null;
        invPlain = Simd.ENABLED ? NttTables.plain(inv, q) : null;
    }

    /** Whether rows of this length can take the Vector API code now: a multiple of eight, and {@link Simd#ready()}. */
    static boolean vectorRows(int inner) {
        return inner % Simd.LANES == 0 && Simd.ready();
    }

    /**
     * Forward transform of every column of {@code a} (n rows of {@code inner} values in [0, 2q)), in
     * place: on the Vector API if {@code vector} ({@link #vectorRows} said so; outputs in [0, 8q)),
     * else in scalar code (outputs in [0, 4q)).
     */
    void forward(long[] a, int inner, boolean vector) {
        if (vector) {
            Simd.KERNELS.columnsForward(a, n, inner, fwdPlain, fwdS, q);
        } else {
            scalarForward(a, inner);
        }
    }

    private void scalarForward(long[] a, int inner) {
        final long twoQ = q << 1;
        int t = n;
        for (int m = 1; m < n; m <<= 1) {
            t >>>= 1;
            for (int i = 0; i < m; i++) {
                long w = fwd[m + i];
                long ws = fwdS[m + i];
                int j1 = 2 * i * t;
                for (int j = j1; j < j1 + t; j++) {
                    int u0 = j * inner;
                    int v0 = (j + t) * inner;
                    for (int x = 0; x < inner; x++) {
                        long u = a[u0 + x] - twoQ;
                        u += (u >> 63) & twoQ;
                        long v = NttTables.mulLazy(a[v0 + x], w, ws, q);
                        a[u0 + x] = u + v;
                        a[v0 + x] = u - v + twoQ;
                    }
                }
            }
        }
    }

    /**
     * Inverse transform of every column without the factor {@code n^-1}, in place, inputs in
     * [0, 2q): on the Vector API if {@code vector} (outputs in [0, 4q)), else in scalar code
     * (outputs in [0, 2q)).
     */
    void inverse(long[] a, int inner, boolean vector) {
        if (vector) {
            Simd.KERNELS.columnsInverse(a, n, inner, invPlain, invS, q);
        } else {
            scalarInverse(a, inner);
        }
    }

    private void scalarInverse(long[] a, int inner) {
        final long twoQ = q << 1;
        int t = 1;
        for (int m = n >>> 1; m >= 1; m >>>= 1) {
            for (int i = 0; i < m; i++) {
                long w = inv[m + i];
                long ws = invS[m + i];
                int j1 = 2 * i * t;
                for (int j = j1; j < j1 + t; j++) {
                    int u0 = j * inner;
                    int v0 = (j + t) * inner;
                    for (int x = 0; x < inner; x++) {
                        long u = a[u0 + x];
                        long v = a[v0 + x];
                        long s = u + v - twoQ;
                        a[u0 + x] = s + ((s >> 63) & twoQ);
                        a[v0 + x] = NttTables.mulLazy(u - v + twoQ, w, ws, q);
                    }
                }
            }
            t <<= 1;
        }
    }

    /** {@code n^-1 mod q}, the factor {@link #inverse} leaves out. */
    long scale() {
        return nInv;
    }
}
