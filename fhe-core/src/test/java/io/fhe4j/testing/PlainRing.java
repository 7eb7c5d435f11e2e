package io.fhe4j.testing;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The obviously-correct reference arithmetic of {@code Z_t[X]/(X^N + 1)} that the tests of every
 * package compare against: schoolbook products with BigInteger accumulation and coefficient-wise
 * automorphisms. Slow on purpose; for tests only.
 */
public final class PlainRing {
    private PlainRing() {
    }

    /** Schoolbook product of a and b in {@code Z_t[X]/(X^N + 1)}; inputs of any sign, output in [0, t). */
    public static long[] negacyclicProduct(long[] a, long[] b, long t) {
        int n = a.length;
        BigInteger[] acc = new BigInteger[n];
        Arrays.fill(acc, BigInteger.ZERO);
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) {
                continue;
            }
            BigInteger ai = BigInteger.valueOf(a[i]);
            for (int j = 0; j < n; j++) {
                BigInteger p = ai.multiply(BigInteger.valueOf(b[j]));
                if (i + j < n) {
                    acc[i + j] = acc[i + j].add(p);
                } else {
                    acc[i + j - n] = acc[i + j - n].subtract(p);
                }
            }
        }
        long[] out = new long[n];
        BigInteger bt = BigInteger.valueOf(t);
        for (int i = 0; i < n; i++) {
            out[i] = acc[i].mod(bt).longValueExact();
        }
        return out;
    }

    /** {@code a(X^k)} in {@code Z_t[X]/(X^N + 1)} for odd k of any sign; output in [0, t). */
    public static long[] automorphism(long[] a, long k, long t) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long e = Math.floorMod(i * k, 2L * n);
            if (e < n) {
                out[(int) e] = Math.floorMod(out[(int) e] + a[i], t);
            } else {
                out[(int) (e - n)] = Math.floorMod(out[(int) (e - n)] - a[i], t);
            }
        }
        return out;
    }

    /**
     * Schoolbook product of a and b in {@code Z_t[X]/Phi_m(X)} (power basis, degree below
     * {@code phi(m)}): the full product, then long division by the exact {@code Phi_m}; inputs of
     * any sign, output {@code phi(m)} coefficients in [0, t).
     */
    public static long[] cyclotomicProduct(long[] a, long[] b, int m, long t) {
        BigInteger[] acc = new BigInteger[a.length + b.length];
        Arrays.fill(acc, BigInteger.ZERO);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                acc[i + j] = acc[i + j].add(BigInteger.valueOf(a[i]).multiply(BigInteger.valueOf(b[j])));
            }
        }
        return reduceModPhi(acc, m, t);
    }

    /** {@code a(X^k) mod Phi_m} in {@code Z_t[X]/Phi_m(X)} (power basis), k a unit mod m. */
    public static long[] cyclotomicAutomorphism(long[] a, long k, int m, long t) {
        BigInteger[] acc = new BigInteger[m];
        Arrays.fill(acc, BigInteger.ZERO);
        for (int i = 0; i < a.length; i++) {
            int e = (int) Math.floorMod(i * k, (long) m);
            acc[e] = acc[e].add(BigInteger.valueOf(a[i]));
        }
        return reduceModPhi(acc, m, t);
    }

    private static long[] reduceModPhi(BigInteger[] acc, int m, long t) {
        long[] phi = io.fhe4j.math.Cyclotomic.phi(m);
        int n = phi.length - 1;
        for (int e = acc.length - 1; e >= n; e--) {
            BigInteger c = acc[e];
            if (c.signum() != 0) {
                for (int j = 0; j <= n; j++) {
                    acc[e - n + j] = acc[e - n + j].subtract(c.multiply(BigInteger.valueOf(phi[j])));
                }
            }
        }
        long[] out = new long[n];
        BigInteger bt = BigInteger.valueOf(t);
        for (int i = 0; i < n && i < acc.length; i++) {
            out[i] = acc[i].mod(bt).longValueExact();
        }
        return out;
    }
}
