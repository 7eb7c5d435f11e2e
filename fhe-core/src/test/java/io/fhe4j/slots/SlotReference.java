package io.fhe4j.slots;

import io.fhe4j.math.Primes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Slow, obviously correct references for the slot tests: schoolbook ring arithmetic, Horner's
 * rule, HElib's generator search.
 */
final class SlotReference {
    private SlotReference() {
    }

    /** A prime {@code t = 1 mod 2N} of about {@code bits} bits (65537 when bits is 17 and N <= 2^15). */
    static long plaintextPrime(int logN, int bits) {
        long m = 2L << logN;
        if (bits == 17 && logN <= 15) {
            return 65537;
        }
        return Primes.generate(Math.max(bits, logN + 12), m);
    }

    /** Random signed longs of mixed kinds: small, near +-t, anywhere, and the extremes. */
    static long[] randomValues(Random rnd, int n, long t) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0:
                    a[i] = rnd.nextInt(201) - 100;
                    break;
                case 1:
                    a[i] = Math.floorMod(rnd.nextLong(), t);
                    break;
                case 2:
                    a[i] = -1 - Math.floorMod(rnd.nextLong(), t); // in [-t, -1]
                    break;
                case 3:
                    a[i] = rnd.nextLong();
                    break;
                case 4:
                    a[i] = t + rnd.nextInt(3) - 1;
                    break;
                default:
                    a[i] = rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                    break;
            }
        }
        return a;
    }

    static long[] mod(long[] a, long t) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.floorMod(a[i], t);
        }
        return r;
    }

    /** Schoolbook product in {@code Z_t[X]/(X^N + 1)}, BigInteger accumulation. */
    static long[] negacyclicProduct(long[] a, long[] b, long t) {
        return io.fhe4j.testing.PlainRing.negacyclicProduct(a, b, t);
    }

    /** {@code a(X^k)} in {@code Z_t[X]/(X^N + 1)} for odd k of any sign, coefficient by coefficient. */
    static long[] automorphism(long[] a, long k, long t) {
        return io.fhe4j.testing.PlainRing.automorphism(a, k, t);
    }

    /** {@code a(x) mod t} by Horner's rule with BigInteger. */
    static long evaluate(long[] a, long x, long t) {
        BigInteger bt = BigInteger.valueOf(t);
        BigInteger bx = BigInteger.valueOf(x);
        BigInteger acc = BigInteger.ZERO;
        for (int i = a.length - 1; i >= 0; i--) {
            acc = acc.multiply(bx).add(BigInteger.valueOf(a[i])).mod(bt);
        }
        return acc.longValueExact();
    }

    /** One HElib hypercube dimension: generator, order, and whether it is good (native). */
    record Dim(long generator, long order, boolean good) {
    }

    /**
     * A port of HElib 2.x's {@code findGenerators} (NumbTh.cpp) without candidates: quotient by
     * {@code <p>}, then repeatedly the smallest element of largest order, preferring one whose
     * order is the same in {@code Z_m^*}.
     */
    static List<Dim> helibGenerators(int m, long p) {
        int[] classes = new int[m];
        for (int i = 0; i < m; i++) {
            classes[i] = Primes.gcd(i, m) == 1 ? i : 0;
        }
        conjClasses(classes, (int) (p % m), m);
        boolean[] pSubgroup = new boolean[m];
        for (int i = 0; i < m; i++) {
            pSubgroup[i] = classes[i] == 1;
        }
        List<Dim> dims = new ArrayList<>();
        long[] orders = new long[m];
        while (true) {
            compOrder(orders, classes, m);
            long largest = 1;
            for (long o : orders) {
                largest = Math.max(largest, o);
            }
            if (largest <= 1) {
                break;
            }
            int bestIdx = -1;
            int bestQuality = 0;
            for (int i = 0; i < m && bestQuality < 2; i++) {
                if (orders[i] == largest) {
                    long j = BigInteger.valueOf(i).modPow(BigInteger.valueOf(largest), BigInteger.valueOf(m))
                            .longValue();
                    if (j == 1) {
                        bestIdx = i;
                        bestQuality = 2;
                    } else if (bestQuality < 1 && pSubgroup[(int) j]) {
                        bestIdx = i;
                        bestQuality = 1;
                    }
                }
            }
            boolean good = BigInteger.valueOf(bestIdx).modPow(BigInteger.valueOf(largest), BigInteger.valueOf(m))
                    .longValue() == 1;
            dims.add(new Dim(bestIdx, largest, good));
            conjClasses(classes, bestIdx, m);
        }
        return dims;
    }

    private static void conjClasses(int[] classes, int g, int m) {
        for (int i = 0; i < m; i++) {
            if (classes[i] == 0) {
                continue;
            }
            if (classes[i] < i) {
                classes[i] = classes[classes[i]];
                continue;
            }
            int j = (int) ((long) i * g % m);
            while (classes[j] != i) {
                classes[classes[j]] = i;
                j = (int) ((long) j * g % m);
            }
        }
    }

    private static void compOrder(long[] orders, int[] classes, int m) {
        orders[0] = 0;
        orders[1] = 1;
        for (int i = 2; i < m; i++) {
            if (classes[i] <= 1) {
                orders[i] = classes[i] == 1 ? 1 : 0;
                continue;
            }
            if (classes[i] < i) {
                orders[i] = orders[classes[i]];
                continue;
            }
            int j = (int) ((long) i * i % m);
            long ord = 2;
            while (classes[j] != 1) {
                j = (int) ((long) j * i % m);
                ord++;
            }
            orders[i] = ord;
        }
    }
}
