package io.fhe4j.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Primality testing and generation of NTT-friendly primes.
 *
 * <p>{@link #isPrime(long)} is a deterministic Miller-Rabin test, exact for every 64-bit input
 * (the seven bases of Jaeschke/Sinclair cover all {@code n < 2^64}). The generators return the
 * largest primes of a requested bit size that are {@code 1 mod m}, the form HElib uses for its
 * ciphertext and special primes: for {@code m = 2N} they support a negacyclic NTT of length N,
 * for general m a primitive m-th root of unity exists.
 *
 * <p>Stateless and thread-safe.
 */
public final class Primes {
    private static final long[] WITNESSES = {2, 325, 9375, 28178, 450775, 9780504, 1795265022};

    private Primes() {
    }

    /** Whether n is prime; exact for all positive longs, false for {@code n < 2}. */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long p : new long[] {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
            if (n % p == 0) {
                return n == p;
            }
        }
        if (n < 37 * 37) {
            return true;
        }
        if (n >= (1L << Modulus.MAX_BITS)) {
            return millerRabinBig(n);
        }
        Modulus mod = new Modulus(n);
        long d = n - 1;
        int s = Long.numberOfTrailingZeros(d);
        d >>>= s;
        for (long w : WITNESSES) {
            long a = w % n;
            if (a == 0) {
                continue;
            }
            if (!passes(mod, a, d, s)) {
                return false;
            }
        }
        return true;
    }

    private static boolean passes(Modulus mod, long a, long d, int s) {
        long n = mod.value();
        long x = mod.pow(a, d);
        if (x == 1 || x == n - 1) {
            return true;
        }
        for (int r = 1; r < s; r++) {
            x = mod.mul(x, x);
            if (x == n - 1) {
                return true;
            }
        }
        return false;
    }

    /** The same deterministic test with BigInteger arithmetic, for {@code 2^62 <= n < 2^63}. */
    private static boolean millerRabinBig(long n) {
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger nm1 = bn.subtract(BigInteger.ONE);
        int s = nm1.getLowestSetBit();
        BigInteger d = nm1.shiftRight(s);
        for (long w : WITNESSES) {
            BigInteger a = BigInteger.valueOf(w).mod(bn);
            if (a.signum() == 0) {
                continue;
            }
            BigInteger x = a.modPow(d, bn);
            if (x.equals(BigInteger.ONE) || x.equals(nm1)) {
                continue;
            }
            boolean composite = true;
            for (int r = 1; r < s && composite; r++) {
                x = x.multiply(x).mod(bn);
                composite = !x.equals(nm1);
            }
            if (composite) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code count} largest primes {@code q = 1 mod m} with exactly {@code bits} bits
     * ({@code 2^(bits-1) < q < 2^bits}), in decreasing order, skipping any in {@code exclude}.
     *
     * @param bits bit size, at most 62 and large enough for q = 1 mod m to exist
     * @param m the required divisor of q - 1 (2N for a negacyclic NTT of length N)
     * @param count how many primes
     * @param exclude primes not to return (for example ones already used); may be empty
     * @throws InvalidModulusException if bits is out of range or too few such primes exist
     */
    public static List<Long> generate(int bits, long m, int count, Collection<Long> exclude) {
        if (bits < 2 || bits > Modulus.MAX_BITS) {
            throw new InvalidModulusException("prime size " + bits + " bits is out of range: need 2.."
                    + Modulus.MAX_BITS);
        }
        if (m < 1) {
            throw new IllegalArgumentException("congruence modulus m = " + m + " must be positive");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " must be non-negative");
        }
        Set<Long> skip = new HashSet<>(exclude);
        List<Long> out = new ArrayList<>(count);
        long lower = 1L << (bits - 1);
        // largest candidate k*m + 1 below 2^bits
        long k = ((1L << bits) - 2) / m;
        for (; k > 0 && out.size() < count; k--) {
            long q = k * m + 1;
            if (q <= lower) {
                break;
            }
            if (!skip.contains(q) && isPrime(q)) {
                out.add(q);
            }
        }
        if (out.size() < count) {
            throw new InvalidModulusException("only " + out.size() + " primes of " + bits
                    + " bits are 1 mod " + m + " (wanted " + count + "): use more bits per prime");
        }
        return out;
    }

    /**
     * The largest prime {@code q = 1 mod m} with exactly {@code bits} bits.
     *
     * @see #generate(int, long, int, Collection)
     */
    public static long generate(int bits, long m) {
        return generate(bits, m, 1, List.of()).get(0);
    }

    /**
     * The smallest prime {@code q = 1 mod m} with exactly {@code bits} bits (at least
     * {@code 2^(bits-1)}, below {@code 2^bits}): the smallest plaintext modulus of that size, so that
     * {@code q/2 > 2^(bits-2)} bounds the values it holds.
     *
     * @param bits 2 to 62
     * @param m the order, at least 1
     * @throws InvalidModulusException if bits or m is out of range, or no such prime has that many bits
     */
    public static long smallest(int bits, long m) {
        if (bits < 2 || bits > 62 || m < 1) {
            throw new InvalidModulusException("smallest prime of " + bits + " bits = 1 mod " + m
                    + ": bits must be in [2, 62] and m >= 1");
        }
        long lower = 1L << (bits - 1);
        for (long q = (lower - 1) / m * m + 1; q < 2 * lower; q += m) {
            if (q >= lower && isPrime(q)) {
                return q;
            }
        }
        throw new InvalidModulusException("no prime = 1 mod " + m + " has " + bits + " bits");
    }

    /**
     * The smallest primitive m-th root of unity modulo the prime q, that is the least w in
     * [2, q) with {@code w^m = 1} and {@code w^(m/r) != 1} for every prime r dividing m.
     *
     * @param q a prime with {@code q = 1 mod m}
     * @param m the order wanted, at least 1
     * @throws InvalidModulusException if q is not prime or not 1 mod m
     */
    public static long primitiveRootOfUnity(long q, long m) {
        if (!isPrime(q)) {
            throw new InvalidModulusException("modulus " + q + " is not prime: roots of unity need a prime");
        }
        if (m < 1 || (q - 1) % m != 0) {
            throw new InvalidModulusException("prime " + q + " is not 1 mod " + m
                    + ": no primitive " + m + "-th root of unity exists");
        }
        if (m == 1) {
            return 1;
        }
        Modulus mod = new Modulus(q);
        long[] factors = primeFactors(m);
        long cofactor = (q - 1) / m;
        for (long g = 2; g < q; g++) {
            long w = mod.pow(g, cofactor);
            if (hasOrder(mod, w, m, factors)) {
                // w generates the subgroup of order m; its smallest generator is a power of it
                return smallestGenerator(mod, w, m, factors);
            }
        }
        throw new IllegalStateException("no primitive root found modulo " + q);
    }

    private static long smallestGenerator(Modulus mod, long w, long m, long[] factors) {
        if (m > 1 << 20) {
            return w;
        }
        long best = w;
        long x = 1;
        for (long e = 1; e < m; e++) {
            x = mod.mul(x, w);
            if (x < best && gcd(e, m) == 1) {
                best = x;
            }
        }
        assert hasOrder(mod, best, m, factors);
        return best;
    }

    private static boolean hasOrder(Modulus mod, long w, long m, long[] factors) {
        if (mod.pow(w, m) != 1) {
            return false;
        }
        for (long r : factors) {
            if (mod.pow(w, m / r) == 1) {
                return false;
            }
        }
        return true;
    }

    /** The distinct prime factors of n >= 1, ascending, by trial division. */
    public static long[] primeFactors(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("cannot factor " + n);
        }
        List<Long> out = new ArrayList<>();
        long x = n;
        for (long p = 2; p * p <= x; p++) {
            if (x % p == 0) {
                out.add(p);
                while (x % p == 0) {
                    x /= p;
                }
            }
        }
        if (x > 1) {
            out.add(x);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Greatest common divisor of two non-negative longs. */
    public static long gcd(long a, long b) {
        long x = Math.abs(a);
        long y = Math.abs(b);
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
