package io.fhe4j.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CyclotomicCrt} as a dense {@code phi x phi} Vandermonde matrix {@code V[j][i] = w^(u_j i)}
 * (u_j the units of {@code Z_(m')} in increasing order, w the smallest primitive m'-th root mod q)
 * and its inverse, computed once by Gauss-Jordan elimination mod q. For small prime powers, where
 * {@code phi(m')} multiplications per value beat a convolution. Many interleaved fibers
 * ({@link #forwardColumns}) are multiplied column by column, with contiguous inner loops and
 * lazy products ({@link NttTables#mulLazy}). Cached per (q, m'); immutable and thread-safe.
 */
final class MatrixCrt extends PrimePowerCrt {
    private static final Map<Key, MatrixCrt> CACHE = new ConcurrentHashMap<>();

    private record Key(long q, int index) {
    }

    private final int phi;
    private final Modulus mod;
    /** Row-major phi x phi matrices in the signed-companion form of {@link NttTables#mulLazy}. */
    private final long[] fwd;
    private final long[] fwdS;
    private final long[] inv;
    private final long[] invS;

    private MatrixCrt(long q, int index) {
        super(index);
        this.phi = Cyclotomic.eulerPhi(index);
        this.mod = new Modulus(q);
        long w = Primes.primitiveRootOfUnity(q, index);
        long[][] v = new long[phi][phi];
        for (int j = 0; j < phi; j++) {
            long x = mod.pow(w, exponent(j));
            long pw = 1;
            for (int i = 0; i < phi; i++) {
                v[j][i] = pw;
                pw = mod.mul(pw, x);
            }
        }
        this.fwd = flatten(v);
        this.inv = flatten(invert(v));
        this.fwdS = NttTables.companionsInPlace(fwd, mod);
        this.invS = NttTables.companionsInPlace(inv, mod);
    }

    static MatrixCrt of(long q, int index) {
        return CACHE.computeIfAbsent(new Key(q, index), k -> new MatrixCrt(k.q, k.index));
    }

    private long[][] invert(long[][] a) {
        int n = a.length;
        long[][] m = new long[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            while (m[piv][c] == 0) {
                piv++; // a Vandermonde matrix on distinct points is invertible
            }
            long[] t = m[piv];
            m[piv] = m[c];
            m[c] = t;
            long s = mod.inverse(m[c][c]);
            for (int k = 0; k < 2 * n; k++) {
                m[c][k] = mod.mul(m[c][k], s);
            }
            for (int r = 0; r < n; r++) {
                long f = m[r][c];
                if (r != c && f != 0) {
                    for (int k = 0; k < 2 * n; k++) {
                        m[r][k] = mod.sub(m[r][k], mod.mul(f, m[c][k]));
                    }
                }
            }
        }
        long[][] out = new long[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, out[i], 0, n);
        }
        return out;
    }

    private long[] flatten(long[][] a) {
        long[] out = new long[phi * phi];
        for (int i = 0; i < phi; i++) {
            System.arraycopy(a[i], 0, out, i * phi, phi);
        }
        return out;
    }



    @Override
    public void forward(long[] a) {
        apply(fwd, fwdS, a, 0, 1);
    }

    @Override
    public void inverse(long[] a) {
        apply(inv, invS, a, 0, 1);
    }

    @Override
    public void forwardColumns(long[] a, int base, int inner) {
        apply(fwd, fwdS, a, base, inner);
    }

    @Override
    public void inverseColumns(long[] a, int base, int inner) {
        apply(inv, invS, a, base, inner);
    }

    /** Row j of the output is {@code sum_i M[j][i] * row i of the input}, all columns at once; sums kept in [0, 2q). */
    private void apply(long[] mat, long[] matS, long[] a, int base, int inner) {
        long q = mod.value();
        long twoQ = q << 1;
        long[] out = new long[phi * inner];
        for (int j = 0; j < phi; j++) {
            int o = j * inner;
            for (int i = 0; i < phi; i++) {
                long w = mat[j * phi + i];
                long ws = matS[j * phi + i];
                int src = base + i * inner;
                for (int x = 0; x < inner; x++) {
                    long s = out[o + x] + NttTables.mulLazy(a[src + x], w, ws, q) - twoQ;
                    out[o + x] = s + ((s >> 63) & twoQ);
                }
            }
        }
        for (int k = 0; k < out.length; k++) {
            long r = out[k] - q;
            a[base + k] = r + ((r >> 63) & q);
        }
    }
}
