package io.fhe4j.math;

/**
 * The negacyclic number-theoretic transform over {@code Z_q[X]/(X^N + 1)}, in place.
 *
 * <p>{@link #forward} evaluates a polynomial, given by its N coefficients in [0, q), at the N
 * primitive 2N-th roots of unity {@code psi^(2*bitrev(j)+1)} (Cooley-Tukey butterflies, output in
 * bit-reversed order); {@link #inverse} interpolates back (Gentleman-Sande butterflies, with the
 * factor {@code N^-1} folded into the last layer). Both use Harvey's lazy butterflies: values stay
 * in [0, 4q) between layers, which fits a signed 64-bit long because NTT primes are below 2^61;
 * Shoup's precomputed twiddles make each butterfly one high and two low multiplications.
 * Inputs must be in [0, q) and outputs are fully reduced to [0, q).
 *
 * <p>Stateless and thread-safe (the array argument is modified in place).
 */
public final class Ntt {
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
        forwardLazy(a, tables);
        final long q = tables.modulus.value();
        final long twoQ = q << 1;
        for (int i = 0; i < a.length; i++) {
            long x = a[i] - twoQ;
            x += (x >> 63) & twoQ;
            x -= q;
            a[i] = x + ((x >> 63) & q);
        }
    }

    /**
     * Forward transform without the final reduction: outputs in [0, 4q). Inputs may be in [0, 4q).
     */
    public static void forwardLazy(long[] a, NttTables tables) {
        final long q = tables.modulus.value();
        final long twoQ = q << 1;
        final long[] w = tables.fwd;
        final long[] ws = tables.fwdShoup;
        final int n = tables.n;
        int t = n;
        for (int m = 1; m < n; m <<= 1) {
            t >>>= 1;
            for (int i = 0, j1 = 0; i < m; i++, j1 += 2 * t) {
                final long wi = w[m + i];
                final long wsi = ws[m + i];
                final long wsiSign = wsi >> 63;
                for (int j = j1, k = j1 + t; j < j1 + t; j++, k++) {
                    long x = a[j] - twoQ;
                    x += (x >> 63) & twoQ;                       // x in [0, 2q)
                    long y = a[k];                               // y in [0, 4q)
                    long quot = Math.multiplyHigh(y, wsi) + (y & wsiSign);
                    long tw = y * wi - quot * q;                 // y * w mod q, in [0, 2q)
                    a[j] = x + tw;                               // [0, 4q)
                    a[k] = x - tw + twoQ;                        // [0, 4q)
                }
            }
        }
    }

    /**
     * Inverse transform, in place: the exact inverse of {@link #forward}.
     *
     * @param a N evaluations in [0, q) (bit-reversed order); overwritten with coefficients in [0, q)
     * @param tables the tables for q and N
     */
    public static void inverse(long[] a, NttTables tables) {
        checkLength(a, tables);
        final long q = tables.modulus.value();
        final long twoQ = q << 1;
        final long[] w = tables.inv;
        final long[] ws = tables.invShoup;
        final int n = tables.n;
        int t = 1;
        for (int m = n; m > 2; m >>>= 1) {
            final int h = m >>> 1;
            for (int i = 0, j1 = 0; i < h; i++, j1 += 2 * t) {
                final long wi = w[h + i];
                final long wsi = ws[h + i];
                final long wsiSign = wsi >> 63;
                for (int j = j1, k = j1 + t; j < j1 + t; j++, k++) {
                    long x = a[j];                               // [0, 2q)
                    long y = a[k];                               // [0, 2q)
                    long u = x + y - twoQ;
                    a[j] = u + ((u >> 63) & twoQ);               // [0, 2q)
                    long v = x - y + twoQ;                       // [0, 4q)
                    long quot = Math.multiplyHigh(v, wsi) + (v & wsiSign);
                    a[k] = v * wi - quot * q;                    // [0, 2q)
                }
            }
            t <<= 1;
        }
        // Last layer (m = 2): fold in N^-1; inv[1] already carries the factor N^-1.
        final long ni = tables.nInv;
        final long nis = tables.nInvShoup;
        final long nisSign = nis >> 63;
        final long wi = w[1];
        final long wsi = ws[1];
        final long wsiSign = wsi >> 63;
        final int half = n >>> 1;
        for (int j = 0, k = half; j < half; j++, k++) {
            long x = a[j];
            long y = a[k];
            long u = x + y;                                      // [0, 4q)
            long v = x - y + twoQ;                               // [0, 4q)
            long qu = Math.multiplyHigh(u, nis) + (u & nisSign);
            long r0 = u * ni - qu * q;                           // [0, 2q)
            long qv = Math.multiplyHigh(v, wsi) + (v & wsiSign);
            long r1 = v * wi - qv * q;                           // [0, 2q)
            r0 -= q;
            a[j] = r0 + ((r0 >> 63) & q);
            r1 -= q;
            a[k] = r1 + ((r1 >> 63) & q);
        }
    }

    private static void checkLength(long[] a, NttTables tables) {
        if (a.length != tables.n) {
            throw new InvalidDegreeException("array of length " + a.length + " given to an NTT of length " + tables.n);
        }
    }
}
