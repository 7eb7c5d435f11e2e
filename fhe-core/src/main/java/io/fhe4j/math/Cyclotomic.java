package io.fhe4j.math;

import java.util.Arrays;

/**
 * Cyclotomic polynomials with exact integer coefficients, and small number theory on {@code Z_m}.
 *
 * <p>{@link #phi(int)} builds {@code Phi_m(X)} as {@code Phi_rad(X^(m/rad))}, with {@code rad} the
 * product of the distinct primes of m and {@code Phi_(n q)(X) = Phi_n(X^q) / Phi_n(X)} for each
 * prime q of rad, starting from {@code Phi_1 = X - 1}: one exact division by a monic polynomial
 * per prime, {@code O(m * phi(m))} in the worst case, milliseconds for the m of interest. The
 * coefficients are exact {@code long}s (overflow is detected and reported; the first m whose
 * coefficients exceed 64 bits is far beyond any ring we use).
 *
 * <p>Stateless and thread-safe.
 */
public final class Cyclotomic {
    /** Largest supported index m. */
    public static final int MAX_M = 1 << 20;

    private Cyclotomic() {
    }

    /**
     * The m-th cyclotomic polynomial, coefficients of {@code X^0 .. X^phi(m)} (monic, exact).
     *
     * @param m the index, {@code 1 <= m <= 2^20}
     * @throws InvalidDegreeException if m is out of range
     */
    public static long[] phi(int m) {
        checkM(m);
        long rad = 1;
        long[] f = {-1, 1}; // Phi_1
        for (long q : Primes.primeFactors(m)) {
            // Phi_(rad q)(X) = Phi_rad(X^q) / Phi_rad(X)
            long[] up = stretch(f, (int) q);
            f = exactDivide(up, f);
            rad *= q;
        }
        return stretch(f, (int) (m / rad));
    }

    /** Euler's totient phi(m). */
    public static int eulerPhi(int m) {
        checkM(m);
        long r = m;
        for (long q : Primes.primeFactors(m)) {
            r = r / q * (q - 1);
        }
        return (int) r;
    }

    /**
     * The multiplicative order of p modulo m ({@code d = ord_m(p)}).
     *
     * @throws IllegalArgumentException if {@code gcd(p, m) != 1}
     */
    public static int multiplicativeOrder(long p, int m) {
        if (m == 1) {
            return 1;
        }
        if (Primes.gcd(p, m) != 1) {
            throw new IllegalArgumentException("p = " + p + " is not a unit modulo m = " + m + " (gcd "
                    + Primes.gcd(p, m) + "): it has no multiplicative order");
        }
        long pm = Math.floorMod(p, m);
        long y = pm;
        int d = 1;
        while (y != 1) {
            y = y * pm % m;
            d++;
        }
        return d;
    }

    /** f(X^k). */
    private static long[] stretch(long[] f, int k) {
        if (k == 1) {
            return f;
        }
        long[] r = new long[(f.length - 1) * k + 1];
        for (int i = 0; i < f.length; i++) {
            r[i * k] = f[i];
        }
        return r;
    }

    /** Exact quotient of integer polynomials, b monic. */
    private static long[] exactDivide(long[] a, long[] b) {
        long[] r = a.clone();
        int db = b.length - 1;
        long[] q = new long[a.length - db];
        for (int i = a.length - 1; i >= db; i--) {
            long c = r[i];
            q[i - db] = c;
            if (c == 0) {
                continue;
            }
            for (int j = 0; j <= db; j++) {
                r[i - db + j] = Math.subtractExact(r[i - db + j], Math.multiplyExact(c, b[j]));
            }
        }
        for (int i = 0; i < db; i++) {
            if (r[i] != 0) {
                throw new IllegalStateException("cyclotomic division left remainder " + Arrays.toString(r));
            }
        }
        return q;
    }

    private static void checkM(int m) {
        if (m < 1 || m > MAX_M) {
            throw new InvalidDegreeException("cyclotomic index m = " + m + " is out of range: need 1 <= m <= "
                    + MAX_M);
        }
    }
}
