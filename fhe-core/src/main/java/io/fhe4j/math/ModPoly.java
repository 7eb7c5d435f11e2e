package io.fhe4j.math;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Dense polynomial arithmetic over {@code Z_n}, for a modulus {@code 2 <= n < 2^62} (in practice a
 * prime p or a prime power {@code p^r}), on plain {@code long[]} coefficient arrays.
 *
 * <h2>Representation</h2>
 * A polynomial is a {@code long[] a} with {@code a[i]} the coefficient of {@code X^i}, every
 * coefficient in {@code [0, n)}, and no zero leading coefficient: {@code a.length == deg(a) + 1},
 * the zero polynomial is the empty array. Every method returns a fresh array in this normal form
 * and never modifies its arguments; inputs must be in normal form (use {@link #reduce(long[])} to
 * bring arbitrary signed coefficients into it).
 *
 * <h2>Which operations need what</h2>
 * Ring operations (add, multiply, compose, derivative) work for every n. Division by b needs the
 * leading coefficient of b to be a unit mod n (monic divisors always are). {@link #gcd},
 * {@link #inverseMod}, {@link #isIrreducible} and {@link #monic} of arbitrary polynomials need n
 * prime (a field); they throw {@link ArithmeticException} naming the coefficient that is not
 * invertible otherwise.
 *
 * <p>Costs are schoolbook: product {@code O(deg a * deg b)}, division {@code O(deg b * (deg a -
 * deg b))}. Coefficient products use the Barrett reduction of {@link Modulus}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModPoly {
    private static final long[] ZERO = new long[0];

    private final Modulus mod;
    private final long n;

    private ModPoly(long n) {
        this.mod = new Modulus(n);
        this.n = n;
    }

    /**
     * The arithmetic of {@code Z_n[X]}.
     *
     * @param n the coefficient modulus, {@code 2 <= n < 2^62}
     * @throws InvalidModulusException if n is out of range
     */
    public static ModPoly of(long n) {
        return new ModPoly(n);
    }

    /** The coefficient modulus n. */
    public long modulus() {
        return n;
    }

    /** The coefficient modulus as a {@link Modulus}. */
    public Modulus mod() {
        return mod;
    }

    /** The degree of a normalized polynomial; -1 for zero. */
    public static int degree(long[] a) {
        return a.length - 1;
    }

    /** The normal form of arbitrary signed coefficients: reduced into [0, n), leading zeros dropped. */
    public long[] reduce(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = mod.reduce(a[i]);
        }
        return trim(r, r.length);
    }

    /** The constant polynomial c (reduced mod n). */
    public long[] constant(long c) {
        return trim(new long[] {mod.reduce(c)}, 1);
    }

    /** The monomial {@code c * X^k}. */
    public long[] monomial(long c, int k) {
        long[] r = new long[k + 1];
        r[k] = mod.reduce(c);
        return trim(r, k + 1);
    }

    /** The polynomial X. */
    public long[] x() {
        return monomial(1, 1);
    }

    /** The first {@code len} entries of a, without leading zeros (a itself when nothing changes). */
    static long[] trim(long[] a, int len) {
        int l = Math.min(len, a.length);
        while (l > 0 && a[l - 1] == 0) {
            l--;
        }
        if (l == a.length) {
            return a;
        }
        return l == 0 ? ZERO : Arrays.copyOf(a, l);
    }

    /** {@code a + b}. */
    public long[] add(long[] a, long[] b) {
        long[] lo = a.length <= b.length ? a : b;
        long[] hi = a.length <= b.length ? b : a;
        long[] r = hi.clone();
        for (int i = 0; i < lo.length; i++) {
            r[i] = mod.add(r[i], lo[i]);
        }
        return trim(r, r.length);
    }

    /** {@code a - b}. */
    public long[] sub(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) {
            r[i] = mod.sub(r[i], b[i]);
        }
        return trim(r, r.length);
    }

    /** {@code -a}. */
    public long[] negate(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = mod.negate(a[i]);
        }
        return r;
    }

    /** {@code c * a} for a scalar c (any long, reduced mod n). */
    public long[] scale(long[] a, long c) {
        long cc = mod.reduce(c);
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = mod.mul(a[i], cc);
        }
        return trim(r, r.length);
    }

    /** {@code a * b}, schoolbook. */
    public long[] mul(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            return ZERO;
        }
        long[] r = new long[a.length + b.length - 1];
        if (lazyFits(Math.min(a.length, b.length))) {
            // small n: accumulate exact products, reduce once
            for (int i = 0; i < a.length; i++) {
                long ai = a[i];
                if (ai == 0) {
                    continue;
                }
                for (int j = 0; j < b.length; j++) {
                    r[i + j] += ai * b[j];
                }
            }
            for (int i = 0; i < r.length; i++) {
                r[i] %= n;
            }
            return trim(r, r.length);
        }
        for (int i = 0; i < a.length; i++) {
            long ai = a[i];
            if (ai == 0) {
                continue;
            }
            for (int j = 0; j < b.length; j++) {
                r[i + j] = mod.add(r[i + j], mod.mul(ai, b[j]));
            }
        }
        return trim(r, r.length);
    }

    /**
     * Quotient and remainder: {@code a = q * b + r} with {@code deg r < deg b}.
     *
     * @return {@code {q, r}}
     * @throws ArithmeticException if b is zero or its leading coefficient is not a unit mod n
     */
    public long[][] divRem(long[] a, long[] b) {
        int db = degree(b);
        long lcInv = leadInverse(b);
        if (a.length < b.length) {
            return new long[][] {ZERO, trim(a.clone(), a.length)};
        }
        long[] r = a.clone();
        long[] q = new long[a.length - db];
        if (lazyFits(db + 1)) {
            // small n: add c * (n - b_j) without reducing; a position is reduced when it leads
            long[] nb = new long[db];
            for (int j = 0; j < db; j++) {
                nb[j] = b[j] == 0 ? 0 : n - b[j];
            }
            for (int i = a.length - 1; i >= db; i--) {
                long c = r[i] % n;
                if (c == 0) {
                    continue;
                }
                c = lcInv == 1 ? c : mod.mul(c, lcInv);
                q[i - db] = c;
                int off = i - db;
                for (int j = 0; j < db; j++) {
                    r[off + j] += c * nb[j];
                }
            }
            for (int i = 0; i < db; i++) {
                r[i] %= n;
            }
            return new long[][] {trim(q, q.length), trim(r, db)};
        }
        for (int i = a.length - 1; i >= db; i--) {
            long c = r[i];
            if (c == 0) {
                continue;
            }
            c = mod.mul(c, lcInv);
            q[i - db] = c;
            int off = i - db;
            for (int j = 0; j < db; j++) {
                r[off + j] = mod.sub(r[off + j], mod.mul(c, b[j]));
            }
            r[i] = 0;
        }
        return new long[][] {trim(q, q.length), trim(r, db)};
    }

    /** {@code a mod b}; see {@link #divRem}. */
    public long[] rem(long[] a, long[] b) {
        return divRem(a, b)[1];
    }

    /** {@code a div b}; see {@link #divRem}. */
    public long[] div(long[] a, long[] b) {
        return divRem(a, b)[0];
    }

    /** {@code a * b mod f}. */
    public long[] mulMod(long[] a, long[] b, long[] f) {
        return rem(mul(a, b), f);
    }

    /**
     * {@code a^e mod f} by square-and-multiply, {@code e >= 0}.
     *
     * @throws ArithmeticException if f's leading coefficient is not a unit
     */
    public long[] powMod(long[] a, BigInteger e, long[] f) {
        if (e.signum() < 0) {
            throw new IllegalArgumentException("negative exponent " + e);
        }
        long[] base = rem(a, f);
        long[] result = rem(constant(1), f);
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            result = mulMod(result, result, f);
            if (e.testBit(i)) {
                result = mulMod(result, base, f);
            }
        }
        return result;
    }

    /** {@code a^e mod f} for a long exponent {@code e >= 0}. */
    public long[] powMod(long[] a, long e, long[] f) {
        return powMod(a, BigInteger.valueOf(e), f);
    }

    /** {@code g(h(X)) mod f}, by Horner's rule: {@code deg g} multiplications mod f. */
    public long[] compose(long[] g, long[] h, long[] f) {
        long[] hh = rem(h, f);
        long[] r = ZERO;
        for (int i = g.length - 1; i >= 0; i--) {
            r = add(mulMod(r, hh, f), constant(g[i]));
        }
        return rem(r, f);
    }

    /** {@code g(h(X))} without reduction (degree {@code deg g * deg h}). */
    public long[] compose(long[] g, long[] h) {
        long[] r = ZERO;
        for (int i = g.length - 1; i >= 0; i--) {
            r = add(mul(r, h), constant(g[i]));
        }
        return r;
    }

    /** The formal derivative. */
    public long[] derivative(long[] a) {
        if (a.length <= 1) {
            return ZERO;
        }
        long[] r = new long[a.length - 1];
        for (int i = 1; i < a.length; i++) {
            r[i - 1] = mod.mul(a[i], mod.reduce(i));
        }
        return trim(r, r.length);
    }

    /**
     * The monic associate {@code a / lc(a)} (zero stays zero).
     *
     * @throws ArithmeticException if the leading coefficient is not a unit mod n
     */
    public long[] monic(long[] a) {
        if (a.length == 0) {
            return a;
        }
        return scale(a, leadInverse(a));
    }

    /**
     * The monic greatest common divisor (zero if both are zero), by Euclid's algorithm.
     *
     * @throws ArithmeticException if n is not prime and a non-unit leading coefficient turns up
     */
    public long[] gcd(long[] a, long[] b) {
        long[] x = a;
        long[] y = b;
        while (y.length != 0) {
            long[] t = rem(x, y);
            x = y;
            y = t;
        }
        return monic(x);
    }

    /**
     * The inverse of a modulo f ({@code deg f >= 1}) by the extended Euclidean algorithm.
     *
     * @throws ArithmeticException if {@code gcd(a, f) != 1}, or n is not prime and a non-unit
     *         leading coefficient turns up
     */
    public long[] inverseMod(long[] a, long[] f) {
        long[] r0 = f;
        long[] r1 = rem(a, f);
        long[] s0 = ZERO;
        long[] s1 = constant(1);
        while (r1.length != 0) {
            long[][] qr = divRem(r0, r1);
            r0 = r1;
            r1 = qr[1];
            long[] t = sub(s0, mul(qr[0], s1));
            s0 = s1;
            s1 = t;
        }
        if (r0.length != 1) {
            throw new ArithmeticException("polynomial is not invertible modulo f: gcd has degree " + degree(r0)
                    + " (f of degree " + degree(f) + " over Z_" + n + ")");
        }
        return rem(scale(s0, mod.inverse(r0[0])), f);
    }

    /**
     * Whether f is irreducible over {@code Z_n}, n prime, by Rabin's test: {@code X^(n^k) = X mod
     * f} for {@code k = deg f} and {@code gcd(X^(n^(k/q)) - X, f) = 1} for every prime q dividing
     * k. Constants and zero are not irreducible. Cost: {@code O(k log n)} multiplications mod f.
     */
    public boolean isIrreducible(long[] f) {
        int k = degree(f);
        if (k < 1) {
            return false;
        }
        if (k == 1) {
            return true;
        }
        long[] fm = monic(f);
        long[] x = x();
        long[][] frob = new long[k + 1][]; // frob[i] = X^(n^i) mod f
        frob[0] = rem(x, fm);
        for (int i = 1; i <= k; i++) {
            frob[i] = powMod(frob[i - 1], n, fm);
        }
        if (!Arrays.equals(frob[k], rem(x, fm))) {
            return false;
        }
        for (long q : Primes.primeFactors(k)) {
            long[] g = gcd(sub(frob[k / (int) q], x), fm);
            if (g.length != 1) {
                return false;
            }
        }
        return true;
    }

    /** Evaluates a at the point x (Horner), result in [0, n). */
    public long evaluate(long[] a, long x) {
        long xx = mod.reduce(x);
        long r = 0;
        for (int i = a.length - 1; i >= 0; i--) {
            r = mod.add(mod.mul(r, xx), a[i]);
        }
        return r;
    }

    /** Whether {@code count} products of two residues, plus one residue, fit in a signed long. */
    private boolean lazyFits(int count) {
        long nm1 = n - 1;
        return nm1 < (1L << 31) && nm1 * nm1 <= (Long.MAX_VALUE - n) / Math.max(1, count);
    }

    private long leadInverse(long[] b) {
        if (b.length == 0) {
            throw new ArithmeticException("division by the zero polynomial over Z_" + n);
        }
        long lc = b[b.length - 1];
        return lc == 1 ? 1 : mod.inverse(lc);
    }

    /**
     * HElib's order on polynomials ({@code poly_comp} in PAlgebra.cpp): compare coefficients from
     * the constant term upwards; the first difference decides; if one is a prefix of the other the
     * shorter is smaller. Factors of {@code Phi_m} are sorted by it.
     */
    public static int compareHElib(long[] a, long[] b) {
        int k = Math.min(a.length, b.length);
        for (int i = 0; i < k; i++) {
            if (a[i] != b[i]) {
                return Long.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return "Z_" + n + "[X]";
    }
}
