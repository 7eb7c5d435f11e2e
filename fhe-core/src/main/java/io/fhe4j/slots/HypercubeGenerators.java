package io.fhe4j.slots;

import io.fhe4j.math.Primes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HElib 2.x's choice of hypercube generators for {@code Z_m^* / <p>} ({@code findGenerators} in
 * NumbTh.cpp, without user-supplied candidates), reimplemented.
 *
 * <p>Start with {@code H = <p>}. Repeat while {@code Z_m^* / H} is not trivial: let L be the
 * largest order of an element of {@code Z_m^* / H}; among the elements x of order L, in increasing
 * order of x in {@code [0, m)}, take the first with {@code x^L = 1 mod m} (a good, "native"
 * dimension), or failing that the first with {@code x^L in <p>}; record {@code (x, L)} and set
 * {@code H = <H, x>}. HElib warns ("low quality generator") if neither exists and records an
 * invalid generator; we refuse instead.
 *
 * <p>Orders in the quotient are computed per coset of H: the order of x is the least divisor k
 * of the group exponent {@code lambda(m)} with {@code x^k in H}. Cost per generator
 * {@code O(phi(m) + cosets * divisors(lambda) * log m)}.
 *
 * <p>Stateless and thread-safe.
 */
final class HypercubeGenerators {
    /** The generators and orders in HElib's order, and {@code ordP = |<p>|}. */
    record Result(int ordP, int[] gens, int[] ords) {
    }

    private HypercubeGenerators() {
    }

    static Result find(int m, long p) {
        long pm = Math.floorMod(p, (long) m);
        boolean[] inP = new boolean[m];
        boolean[] inH = new boolean[m];
        List<Integer> h = new ArrayList<>();
        long x = 1 % m;
        do {
            inP[(int) x] = true;
            inH[(int) x] = true;
            h.add((int) x);
            x = x * pm % m;
        } while (x != 1 % m);
        int ordP = h.size();
        long[] divisors = divisors(carmichael(m));
        List<Integer> gens = new ArrayList<>();
        List<Integer> ords = new ArrayList<>();
        int[] order = new int[m];
        while (true) {
            // label the cosets of H by their smallest element, computing each coset's order once
            Arrays.fill(order, 0);
            int largest = 1;
            for (int u = 1; u < m; u++) {
                if (order[u] != 0 || Primes.gcd(u, m) != 1) {
                    continue;
                }
                int ord = quotientOrder(u, m, inH, divisors);
                for (int e : h) {
                    order[(int) ((long) u * e % m)] = ord;
                }
                largest = Math.max(largest, ord);
            }
            if (largest == 1) {
                break;
            }
            int best = -1;
            for (int u = 0; u < m; u++) {
                if (order[u] != largest) {
                    continue;
                }
                long y = powMod(u, largest, m);
                if (y == 1) {
                    best = u;
                    break;
                }
                if (best < 0 && inP[(int) y]) {
                    best = u;
                }
            }
            if (best < 0) {
                throw new UnsupportedAlgebraException("no generator of order " + largest + " in Z_" + m + "^*/<"
                        + p + "> has its power in <p> (HElib's \"low quality generator\"): m = " + m + ", p = " + p
                        + " is not supported");
            }
            gens.add(best);
            ords.add(largest);
            // H <- <H, best>
            List<Integer> grown = new ArrayList<>(h.size() * largest);
            long g = 1;
            for (int k = 0; k < largest; k++) {
                for (int e : h) {
                    int v = (int) (g * e % m);
                    inH[v] = true;
                    grown.add(v);
                }
                g = g * best % m;
            }
            h = grown;
        }
        return new Result(ordP, gens.stream().mapToInt(Integer::intValue).toArray(),
                ords.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int quotientOrder(int u, int m, boolean[] inH, long[] divisors) {
        for (long k : divisors) {
            if (inH[(int) powMod(u, k, m)]) {
                return (int) k;
            }
        }
        throw new IllegalStateException("no power of " + u + " lies in the subgroup (m = " + m + ")");
    }

    /** Carmichael's lambda(m), the exponent of Z_m^*. */
    static long carmichael(int m) {
        long lambda = 1;
        int rest = m;
        for (long q : Primes.primeFactors(m)) {
            int e = 0;
            while (rest % q == 0) {
                rest /= (int) q;
                e++;
            }
            long pe = 1;
            for (int i = 0; i < e - 1; i++) {
                pe *= q;
            }
            long l = pe * (q - 1);
            if (q == 2 && e >= 3) {
                l /= 2;
            }
            lambda = lambda / Primes.gcd(lambda, l) * l;
        }
        return lambda;
    }

    /** Divisors of n, ascending. */
    private static long[] divisors(long n) {
        List<Long> out = new ArrayList<>();
        for (long k = 1; k * k <= n; k++) {
            if (n % k == 0) {
                out.add(k);
                if (k * k != n) {
                    out.add(n / k);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    static long powMod(long base, long exp, long mod) {
        long result = 1 % mod;
        long b = Math.floorMod(base, mod);
        long e = exp;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = result * b % mod;
            }
            b = b * b % mod;
            e >>>= 1;
        }
        return result;
    }
}
