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
}
