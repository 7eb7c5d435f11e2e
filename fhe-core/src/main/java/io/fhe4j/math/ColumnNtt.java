package io.fhe4j.math;

/**
 * The negacyclic NTT of length n applied to every column of an {@code n x inner} row-major array
 * at once: each butterfly runs over a whole row pair, so the inner loops are long, contiguous and
 * free of gathers (the axis of a tensor whose fibers are interleaved). Forward: Cooley-Tukey with
 * the powers {@code psi^bitrev(i)} (natural order in, bit-reversed out); inverse: Gentleman-Sande
 * with {@code psi^-bitrev(i)}, <em>without</em> the factor {@code n^-1} (callers fold it into a
 * multiplier: {@link #scale()}); pointwise products of two forward transforms are then n times
 * the negacyclic convolution. Fully reduced arithmetic with Shoup companions. Needs
 * {@code q = 1 mod 2n}. Immutable and thread-safe.
 */
final class ColumnNtt {
    private final Modulus mod;
    private final int n;
    private final long[] fwd;
    private final long[] fwdS;
    private final long[] inv;
    private final long[] invS;
    private final long nInv;

    ColumnNtt(Modulus mod, int n) {
        this.mod = mod;
        this.n = n;
        int logN = Integer.numberOfTrailingZeros(n);
        long psi = Primes.primitiveRootOfUnity(mod.value(), 2L * n);
        long psiInv = mod.inverse(psi);
        fwd = new long[n];
        inv = new long[n];
        for (int i = 0; i < n; i++) {
            int r = NttTables.bitReverse(i, logN);
            fwd[i] = mod.pow(psi, r);
            inv[i] = mod.pow(psiInv, r);
        }
        fwdS = BluesteinTransform.shoupAll(mod, fwd);
        invS = BluesteinTransform.shoupAll(mod, inv);
        nInv = mod.inverse(n % mod.value());
    }

    /** Forward transform of every column of {@code a} (n rows of {@code inner} values in [0, q)), in place. */
    void forward(long[] a, int inner) {
        long q = mod.value();
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
                        long u = a[u0 + x];
                        long v = mod.mulShoup(a[v0 + x], w, ws);
                        long s = u + v - q;
                        a[u0 + x] = s + ((s >> 63) & q);
                        long d = u - v;
                        a[v0 + x] = d + ((d >> 63) & q);
                    }
                }
            }
        }
    }

    /** Inverse transform of every column without the factor {@code n^-1}, in place (values in [0, q)). */
    void inverse(long[] a, int inner) {
        long q = mod.value();
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
                        long s = u + v - q;
                        a[u0 + x] = s + ((s >> 63) & q);
                        long d = u - v;
                        a[v0 + x] = mod.mulShoup(d + ((d >> 63) & q), w, ws);
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
