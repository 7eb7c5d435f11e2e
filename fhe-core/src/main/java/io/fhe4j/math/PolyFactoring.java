package io.fhe4j.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Factoring tools over {@code Z_p} and lifting to {@code Z_(p^r)}: Cantor-Zassenhaus equal-degree
 * factorization, Hensel lifting (one factor, or all factors of a factorization), and minimal
 * polynomials in {@code Z_(p^r)[Y]/f(Y)}.
 *
 * <p>All polynomials are in {@link ModPoly}'s normal form. Randomized steps take a seed and are
 * deterministic for a given seed (the factors they return do not depend on it, only the time).
 *
 * <p>Stateless and thread-safe.
 */
public final class PolyFactoring {
    private PolyFactoring() {
    }

    /**
     * Cantor-Zassenhaus equal-degree factorization: the monic irreducible factors, sorted in
     * HElib's order ({@link ModPoly#compareHElib}), of a monic squarefree f over {@code Z_p}
     * whose irreducible factors all have degree d.
     *
     * <p>For odd p a random a splits f by {@code gcd(a^((p^d - 1)/2) - 1, f)}; for p = 2 by
     * {@code gcd(Tr(a), f)} with the trace {@code Tr(a) = a + a^2 + ... + a^(2^(d-1)) mod f}. Each
     * try splits with probability about 1/2 per pair of factors. Expected cost
     * {@code O(d log p * deg f^2 * log(deg f / d))} coefficient operations (schoolbook): fine for
     * degrees up to a few thousand; {@link CyclotomicFactorization} factors large {@code Phi_m}
     * without it.
     *
     * @param ring {@code Z_p[X]}, p prime
     * @param f monic, squarefree, product of irreducibles of degree d
     * @param d the common degree of the factors, dividing {@code deg f}
     * @param seed seed of the random splitting polynomials
     * @throws IllegalArgumentException if d does not divide deg f or f is not monic
     */
    public static List<long[]> equalDegreeFactor(ModPoly ring, long[] f, int d, long seed) {
        int n = ModPoly.degree(f);
        if (d < 1 || n < 1 || n % d != 0) {
            throw new IllegalArgumentException("factor degree d = " + d + " does not divide deg f = " + n);
        }
        if (f[n] != 1) {
            throw new IllegalArgumentException("f must be monic: leading coefficient " + f[n]);
        }
        List<long[]> out = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(seed);
        split(ring, f, d, rnd, out);
        out.sort(ModPoly::compareHElib);
        return out;
    }

    private static void split(ModPoly ring, long[] f, int d, SplittableRandom rnd, List<long[]> out) {
        int n = ModPoly.degree(f);
        if (n == d) {
            out.add(f);
            return;
        }
        long p = ring.modulus();
        BigInteger half = BigInteger.valueOf(p).pow(d).subtract(BigInteger.ONE).shiftRight(1);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextLong(p);
            }
            a = ring.reduce(a);
            if (a.length < 2) {
                continue;
            }
            long[] b;
            if (p == 2) {
                b = a;
                long[] pw = a;
                for (int i = 1; i < d; i++) {
                    pw = ring.mulMod(pw, pw, f);
                    b = ring.add(b, pw);
                }
            } else {
                b = ring.sub(ring.powMod(a, half, f), ring.constant(1));
            }
            long[] g = ring.gcd(b, f);
            int dg = ModPoly.degree(g);
            if (dg > 0 && dg < n) {
                split(ring, g, d, rnd, out);
                split(ring, ring.div(f, g), d, rnd, out);
                return;
            }
        }
        throw new IllegalStateException("equal-degree factorization did not split f of degree " + n + " into degree "
                + d + " over Z_" + p + ": is f squarefree with all factors of degree d?");
    }

    /**
     * Hensel lifting of one factor: given a monic g with {@code g | f mod p} and g coprime to
     * {@code f/g mod p}, the unique monic {@code G = g mod p} with {@code G | f mod p^r}.
     *
     * <p>Linear lifting, one digit per step: with {@code t = (f/g)^-1 mod (g, p)} and the
     * remainder {@code rho = f mod G = p^k * e}, the correction is {@code G += p^k * (t * e mod
     * g)}. Cost {@code O(r * deg f * deg g)} (one division of f by G per digit).
     *
     * @param f monic over the integers, coefficients given mod {@code p^r} in [0, p^r) (or any
     *          representatives; they are reduced)
     * @param g monic factor mod p, coefficients in [0, p)
     * @param p a prime
     * @param r the exponent, {@code p^r < 2^62}
     * @throws ArithmeticException if g is not coprime to f/g mod p, or g does not divide f mod p
     */
    public static long[] henselLift(long[] f, long[] g, long p, int r) {
        long pr = power(p, r);
        ModPoly ringP = ModPoly.of(p);
        long[] fp = ringP.reduce(f);
        long[][] qr = ringP.divRem(fp, g);
        if (qr[1].length != 0) {
            throw new ArithmeticException("g does not divide f modulo p = " + p);
        }
        long[] t = ringP.inverseMod(qr[0], g); // (f/g)^-1 mod g
        if (r == 1) {
            return g.clone();
        }
        ModPoly ringPr = ModPoly.of(pr);
        long[] fr = ringPr.reduce(f);
        long[] lifted = g.clone();
        long pk = p;
        for (int k = 1; k < r; k++) {
            long[] rho = ringPr.rem(fr, lifted); // divisible by p^k
            long[] e = new long[rho.length];
            for (int i = 0; i < rho.length; i++) {
                if (rho[i] % pk != 0) {
                    throw new ArithmeticException("Hensel lifting lost divisibility at p^" + k);
                }
                e[i] = (rho[i] / pk) % p;
            }
            long[] delta = ringP.rem(ringP.mul(t, ringP.reduce(e)), g);
            long[] next = lifted.clone();
            for (int i = 0; i < delta.length; i++) {
                next[i] = (next[i] + delta[i] * pk) % pr;
            }
            lifted = next;
            pk *= p;
        }
        return lifted;
    }

    /**
     * Multifactor Hensel lifting: the factorization {@code f = prod g_i mod p} (monic, pairwise
     * coprime factors) lifted to {@code f = prod G_i mod p^r}, {@code G_i = g_i mod p}, same order.
     * Each factor is lifted against its cofactor with {@link #henselLift(long[], long[], long,
     * int)}; by uniqueness of Hensel lifts the result is the multifactor lift. Cost
     * {@code O(r * deg f^2)}.
     */
    public static List<long[]> henselLiftAll(long[] f, List<long[]> factors, long p, int r) {
        List<long[]> out = new ArrayList<>(factors.size());
        for (long[] g : factors) {
            out.add(henselLift(f, g, p, r));
        }
        return out;
    }

    /**
     * The minimal polynomial over {@code Z_n} (n = p^r) of an element gamma of {@code A =
     * Z_n[Y]/f(Y)}, f monic of degree d, assuming {@code 1, gamma, ..., gamma^(d-1)} are a basis of
     * A mod p (true when gamma mod p generates the field {@code Z_p[Y]/f}, f irreducible mod p):
     * the monic P of degree d with {@code P(gamma) = 0}, found by Gaussian elimination on the
     * Krylov vectors with unit pivots. Cost {@code O(d^3)}.
     *
     * @throws ArithmeticException if the Krylov vectors are dependent mod p
     */
    public static long[] minimalPolynomial(ModPoly ring, long[] gamma, long[] f) {
        int d = ModPoly.degree(f);
        Modulus mod = ring.mod();
        long n = ring.modulus();
        // matrix rows = coordinates, columns = gamma^0 .. gamma^(d-1), augmented with gamma^d
        long[][] a = new long[d][d + 1];
        long[] pw = ring.constant(1);
        long[] g = ring.rem(gamma, f);
        for (int k = 0; k <= d; k++) {
            for (int i = 0; i < pw.length; i++) {
                a[i][k] = pw[i];
            }
            pw = ring.mulMod(pw, g, f);
        }
        long p = Primes.primeFactors(n)[0];
        for (int col = 0; col < d; col++) {
            int piv = -1;
            for (int row = col; row < d; row++) {
                if (a[row][col] % p != 0) {
                    piv = row;
                    break;
                }
            }
            if (piv < 0) {
                throw new ArithmeticException("powers of gamma are dependent mod p = " + p
                        + ": gamma does not generate Z_p[Y]/f");
            }
            long[] tmp = a[piv];
            a[piv] = a[col];
            a[col] = tmp;
            long inv = mod.inverse(a[col][col]);
            for (int k = col; k <= d; k++) {
                a[col][k] = mod.mul(a[col][k], inv);
            }
            for (int row = 0; row < d; row++) {
                long c = a[row][col];
                if (row == col || c == 0) {
                    continue;
                }
                for (int k = col; k <= d; k++) {
                    a[row][k] = mod.sub(a[row][k], mod.mul(c, a[col][k]));
                }
            }
        }
        // gamma^d = sum c_k gamma^k  =>  P = X^d - sum c_k X^k
        long[] poly = new long[d + 1];
        for (int k = 0; k < d; k++) {
            poly[k] = mod.negate(a[k][d]);
        }
        poly[d] = 1;
        return poly;
    }

    /**
     * The inverse of a modulo f over {@code Z_(p^r)} (f monic, a coprime to f mod p): the inverse
     * mod p by the extended Euclidean algorithm, then Newton's iteration {@code s <- s (2 - a s)}
     * mod f, which doubles the p-adic precision each step. Cost {@code O(log r)} products mod f.
     *
     * @throws ArithmeticException if a is not invertible modulo (f, p)
     */
    public static long[] inverseModPrimePower(long[] a, long[] f, long p, int r) {
        ModPoly ringP = ModPoly.of(p);
        long[] s = ringP.inverseMod(ringP.reduce(a), ringP.reduce(f));
        if (r == 1) {
            return s;
        }
        ModPoly ring = ModPoly.of(power(p, r));
        long[] two = ring.constant(2);
        for (int prec = 1; prec < r; prec *= 2) {
            s = ring.mulMod(s, ring.sub(two, ring.mulMod(a, s, f)), f);
        }
        return s;
    }

    /** p^r, checked to stay below 2^62. */
    public static long power(long p, int r) {
        if (r < 1) {
            throw new IllegalArgumentException("exponent r = " + r + " must be at least 1");
        }
        long x = 1;
        for (int i = 0; i < r; i++) {
            if (x > ((1L << Modulus.MAX_BITS) - 1) / p) {
                throw new InvalidModulusException("p^r = " + p + "^" + r + " does not fit below 2^" + Modulus.MAX_BITS);
            }
            x *= p;
        }
        return x;
    }
}
