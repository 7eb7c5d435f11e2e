package io.fhe4j.ring;

import io.fhe4j.math.Primes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared builders and the BigInteger reference arithmetic of {@code Z_Q[X]/(X^N+1)}. */
final class RingTestSupport {
    private RingTestSupport() {
    }

    /** A ring of degree 2^logN over {@code count} primes of the given sizes (cycled). */
    static PolyRing ring(int logN, int count, int... bits) {
        List<Long> primes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int b = bits[i % bits.length];
            primes.add(Primes.generate(b, 2L << logN, 1, primes).get(0));
        }
        return PolyRing.of(1 << logN, primes.stream().mapToLong(Long::longValue).toArray());
    }

    static BigInteger[] randomBig(Random rnd, int n, BigInteger q) {
        BigInteger[] a = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            a[i] = new BigInteger(q.bitLength() + 8, rnd).mod(q);
        }
        return a;
    }

    /** Reference: a * b in Z_Q[X]/(X^N + 1), coefficients in [0, Q). */
    static BigInteger[] multiply(BigInteger[] a, BigInteger[] b, BigInteger q) {
        int n = a.length;
        BigInteger[] acc = new BigInteger[n];
        java.util.Arrays.fill(acc, BigInteger.ZERO);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigInteger p = a[i].multiply(b[j]);
                if (i + j < n) {
                    acc[i + j] = acc[i + j].add(p);
                } else {
                    acc[i + j - n] = acc[i + j - n].subtract(p);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            acc[i] = acc[i].mod(q);
        }
        return acc;
    }

    /** Reference: a(X^k) in Z_Q[X]/(X^N + 1). */
    static BigInteger[] automorphism(BigInteger[] a, long k, BigInteger q) {
        int n = a.length;
        BigInteger[] out = new BigInteger[n];
        java.util.Arrays.fill(out, BigInteger.ZERO);
        for (int i = 0; i < n; i++) {
            long e = Math.floorMod(i * k, 2L * n);
            if (e < n) {
                out[(int) e] = out[(int) e].add(a[i]).mod(q);
            } else {
                out[(int) (e - n)] = out[(int) (e - n)].subtract(a[i]).mod(q);
            }
        }
        return out;
    }
}
