package io.fhe4j.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The factorization of {@code Phi_m(X)} modulo {@code p^r} into {@code phi(m)/d} monic factors of
 * degree {@code d = ord_m(p)}, irreducible modulo p, pairwise coprime modulo p.
 *
 * <h2>Order and roots (HElib's convention)</h2>
 * Factor 0 is the smallest factor mod p in HElib's polynomial order ({@link ModPoly#compareHElib},
 * as {@code PAlgebraModDerived} picks its first factor); the others follow in the same order.
 * Let zeta be the root {@code Y} of the ring {@code R = Z_(p^r)[Y]/F_0(Y)}, a primitive m-th root
 * of unity. Each factor has the roots {@code zeta^(e p^k)} for one coset {@code e <p>} of
 * {@code Z_m^*}: {@link #rootExponent(int)} gives one such e, {@link #factorWithRoot(int)} maps
 * any unit e to its factor. The slot code ({@code io.fhe4j.slots}) builds its slot order on this.
 *
 * <h2>Algorithm (no factoring of the large Phi_m)</h2>
 * Over {@code Z_p}: find an irreducible G of degree d (random trials, Rabin's test), a primitive
 * m-th root beta in {@code GF(p^d) = Z_p[Y]/G} ({@code alpha^((p^d - 1)/m)} of exact order m),
 * and for each coset representative t the minimal polynomial of {@code beta^t} (a d x d linear
 * system). Sort. For r > 1, lift factor 0 by Hensel ({@link PolyFactoring#henselLift}, cost
 * {@code O(r phi(m) d)}) and take the minimal polynomials of {@code zeta^e} over {@code Z_(p^r)}
 * in {@code Z_(p^r)[Y]/F_0}; they are the Hensel lifts (the lift of each factor is unique and
 * {@code prod (X - zeta^(e p^k))} is one). Total {@code O(phi(m)/d * d^3 + r phi(m) d)} plus
 * {@code O(m phi(m))} for {@code Phi_m} itself: tens of milliseconds at m = 31775. Generic
 * Cantor-Zassenhaus ({@link PolyFactoring#equalDegreeFactor}) gives the same factors; the tests
 * check that at small m.
 *
 * <p>Instances are cached per (m, p, r) ({@link #of}). Immutable and thread-safe; accessors return
 * copies.
 */
public final class CyclotomicFactorization {
    private static final Map<List<Long>, CyclotomicFactorization> CACHE = new ConcurrentHashMap<>();

    private final int m;
    private final long p;
    private final int r;
    private final long pr;
    private final int d;
    private final long[] phiExact;
    private final long[] phiMod;
    private final long[][] factors;
    private final int[] rootExp;
    /** Factor index of each unit e (via its coset), -1 for non-units. */
    private final int[] factorOf;

    private CyclotomicFactorization(int m, long p, int r) {
        this.m = m;
        this.p = p;
        this.r = r;
        this.pr = PolyFactoring.power(p, r);
        this.d = Cyclotomic.multiplicativeOrder(p, m);
        this.phiExact = Cyclotomic.phi(m);
        ModPoly ringP = ModPoly.of(p);
        ModPoly ringPr = ModPoly.of(pr);
        this.phiMod = ringPr.reduce(phiExact);

        // cosets of <p> in Z_m^*, representatives ascending
        int[] coset = new int[m];
        Arrays.fill(coset, -1);
        List<Integer> reps = new ArrayList<>();
        long pm = p % m;
        for (int t = 0; t < m; t++) {
            // gcd(0, m) = 1 only for m = 1, whose single unit is 0
            if (Primes.gcd(t, m) != 1 || coset[t] >= 0) {
                continue;
            }
            int id = reps.size();
            reps.add(t);
            long x = t;
            do {
                coset[(int) x] = id;
                x = x * pm % m;
            } while (x != t);
        }
        int count = reps.size();

        // GF(p^d) and a primitive m-th root beta
        SplittableRandom rnd = new SplittableRandom(0x5eed_c1c0L ^ ((long) m << 20) ^ p);
        long[] g = irreducible(ringP, d, rnd);
        long[] beta = primitiveRoot(ringP, g, rnd);
        long[][] modP = new long[count][];
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            modP[i] = PolyFactoring.minimalPolynomial(ringP, ringP.powMod(beta, reps.get(i), g), g);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> modP[i], ModPoly::compareHElib));
        int[] sortedIndexOfCoset = new int[count];
        for (int j = 0; j < count; j++) {
            sortedIndexOfCoset[order[j]] = j;
        }
        // zeta = beta^tStar is a root of the smallest factor; beta^t = zeta^(t / tStar)
        long tStar = reps.get(order[0]);
        long tStarInv = m == 1 ? 0 : BigInteger.valueOf(tStar).modInverse(BigInteger.valueOf(m)).longValue();
        this.rootExp = new int[count];
        for (int j = 0; j < count; j++) {
            rootExp[j] = m == 1 ? 0 : (int) (reps.get(order[j]) * tStarInv % m);
        }
        this.factorOf = new int[m];
        Arrays.fill(factorOf, -1);
        for (int e = 0; e < m; e++) {
            if (coset[e] >= 0) {
                // zeta^e = beta^(tStar e)
                factorOf[e] = sortedIndexOfCoset[coset[(int) (tStar * e % m)]];
            }
        }
        this.factors = new long[count][];
        if (r == 1) {
            for (int j = 0; j < count; j++) {
                factors[j] = modP[order[j]];
            }
        } else {
            long[] f0 = PolyFactoring.henselLift(phiExact, modP[order[0]], p, r);
            factors[0] = f0;
            long[] y = ringPr.x();
            for (int j = 1; j < count; j++) {
                factors[j] = PolyFactoring.minimalPolynomial(ringPr, ringPr.powMod(y, rootExp[j], f0), f0);
            }
        }
    }

    /**
     * The factorization of {@code Phi_m} modulo {@code p^r} (cached).
     *
     * @param m the cyclotomic index, {@code 1 <= m <= 2^20}
     * @param p a prime not dividing m
     * @param r at least 1, with {@code p^r < 2^62}
     * @throws InvalidModulusException if p is not prime, divides m, or p^r is too large
     * @throws InvalidDegreeException if m is out of range
     */
    public static CyclotomicFactorization of(int m, long p, int r) {
        if (m < 1 || m > Cyclotomic.MAX_M) {
            throw new InvalidDegreeException("cyclotomic index m = " + m + " is out of range: need 1 <= m <= "
                    + Cyclotomic.MAX_M);
        }
        if (!Primes.isPrime(p)) {
            throw new InvalidModulusException("p = " + p + " is not prime: Phi_m is factored modulo a prime power p^r");
        }
        if (m % p == 0) {
            throw new InvalidModulusException("p = " + p + " divides m = " + m
                    + ": Phi_m mod p is then not squarefree; choose p coprime to m");
        }
        PolyFactoring.power(p, r);
        return CACHE.computeIfAbsent(List.of((long) m, p, (long) r), k -> new CyclotomicFactorization(m, p, r));
    }

    private static long[] irreducible(ModPoly ring, int d, SplittableRandom rnd) {
        if (d == 1) {
            return ring.x();
        }
        long p = ring.modulus();
        while (true) {
            long[] g = new long[d + 1];
            for (int i = 0; i < d; i++) {
                g[i] = rnd.nextLong(p);
            }
            g[d] = 1;
            if (g[0] != 0 && ring.isIrreducible(g)) {
                return g;
            }
        }
    }

    private long[] primitiveRoot(ModPoly ring, long[] g, SplittableRandom rnd) {
        BigInteger cofactor = BigInteger.valueOf(p).pow(d).subtract(BigInteger.ONE).divide(BigInteger.valueOf(m));
        long[] one = ring.rem(ring.constant(1), g);
        long[] primes = Primes.primeFactors(m);
        for (int attempt = 0; attempt < 100_000; attempt++) {
            long[] a = new long[d];
            for (int i = 0; i < d; i++) {
                a[i] = rnd.nextLong(p);
            }
            a = ring.reduce(a);
            if (a.length == 0) {
                continue;
            }
            long[] b = ring.powMod(a, cofactor, g);
            boolean ok = m == 1 || Arrays.equals(ring.powMod(b, m, g), one);
            for (long q : primes) {
                ok &= !Arrays.equals(ring.powMod(b, m / q, g), one);
            }
            if (ok) {
                return b;
            }
        }
        throw new IllegalStateException("no primitive " + m + "-th root of unity found in GF(" + p + "^" + d + ")");
    }

    /** The cyclotomic index m. */
    public int m() {
        return m;
    }

    /** The prime p. */
    public long p() {
        return p;
    }

    /** The Hensel exponent r. */
    public int r() {
        return r;
    }

    /** The coefficient modulus {@code p^r}. */
    public long modulus() {
        return pr;
    }

    /** {@code d = ord_m(p)}, the degree of every factor. */
    public int degree() {
        return d;
    }

    /** The number of factors, {@code phi(m)/d}. */
    public int count() {
        return factors.length;
    }

    /** Factor i (monic, degree d, coefficients in [0, p^r)), a copy. */
    public long[] factor(int i) {
        return factors[checkIndex(i)].clone();
    }

    /** All factors in order, copies. */
    public List<long[]> factors() {
        List<long[]> out = new ArrayList<>(factors.length);
        for (long[] f : factors) {
            out.add(f.clone());
        }
        return out;
    }

    /** {@code Phi_m} with exact integer coefficients, a copy. */
    public long[] phiExact() {
        return phiExact.clone();
    }

    /** {@code Phi_m} modulo {@code p^r} (normal form), a copy. */
    public long[] phiModulus() {
        return phiMod.clone();
    }

    /**
     * An exponent e in {@code Z_m^*} with {@code zeta^e} a root of factor i (zeta the root of
     * factor 0); e = 1 for factor 0.
     */
    public int rootExponent(int i) {
        return rootExp[checkIndex(i)];
    }

    /**
     * The index of the factor that has {@code zeta^e} as a root.
     *
     * @param e a unit modulo m (any representative)
     * @throws IllegalArgumentException if e is not a unit modulo m
     */
    public int factorWithRoot(long e) {
        int x = (int) Math.floorMod(e, (long) m);
        if (factorOf[x] < 0) {
            throw new IllegalArgumentException("exponent e = " + e + " is not a unit modulo m = " + m
                    + ": zeta^e is not a primitive m-th root");
        }
        return factorOf[x];
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= factors.length) {
            throw new IndexOutOfBoundsException("factor " + i + " is not in [0, " + factors.length + ")");
        }
        return i;
    }

    @Override
    public String toString() {
        return "Phi_" + m + " mod " + p + "^" + r + ": " + factors.length + " factors of degree " + d;
    }
}
