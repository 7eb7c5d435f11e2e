package io.fhe4j.ring;

import io.fhe4j.math.Cyclotomic;
import io.fhe4j.math.CyclotomicCrt;
import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.Primes;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structure of {@code Z[X]/Phi_m} for odd m that the double-CRT layer needs, in the
 * <em>powerful basis</em> (Lyubashevsky, Peikert and Regev's "toolkit"). With {@code m = m_0 ...
 * m_(r-1)} the prime-power factors (ascending) and {@code a_k} the CRT idempotents ({@code a_k = 1
 * mod m_k}, {@code 0 mod m / m_k}), the ring is the tensor product of the {@code Z[X_k]/Phi_(m_k)}
 * under {@code X -> X_0 ... X_(r-1)}, {@code X_k -> X^(a_k)}. The powerful basis is the monomials
 * {@code X_0^(j_0) ... X_(r-1)^(j_(r-1))}, {@code j_k < phi(m_k)}, i.e. {@code X^(sum j_k a_k mod
 * m)}, stored row-major (the last, largest factor contiguous).
 *
 * <p>Why this basis: its elements are monomials (every canonical embedding of one has absolute
 * value 1, so small coefficients mean small noise exactly as for power-of-two rings); the CRT
 * transform is the tensor product of the factors' transforms ({@link CyclotomicCrt}: Rader's
 * algorithm on a power-of-two NTT for primes, far cheaper than a Bluestein transform of length m
 * followed by a reduction mod {@code Phi_m}); and a coefficient in it is at most
 * {@link #normBound()} times the canonical-embedding norm (HElib's {@code normBnd}, the product of
 * {@code (2/p) cot(pi/(2p))} over the primes p of m), which is what decryption needs. The power
 * basis ({@code 1, X, ..., X^(phi(m)-1)}, the plaintext polynomials) is converted at the plaintext
 * boundary: {@link #toPowerful} in O(m) per residue vector, {@link #toPower} by one sparse division
 * by {@code Phi_m}.
 *
 * <p>Sampling: the BGV layer draws secrets (ternary or of fixed Hamming weight), encryption
 * randomness and errors with independent coefficients in this basis, as in power-of-two rings;
 * since every basis element is a monomial, each canonical coordinate of such an element is a sum
 * of {@code phi(m)} terms of unit modulus, so the noise model of {@code io.fhe4j.bgv} (variances in
 * the canonical embedding) holds unchanged, and {@link #normBound()} converts its bound to a bound
 * on coefficients for decryption. The tests measure the noise and check it against that bound.
 *
 * <p>Evaluation order: index j (row-major over the factors) holds the value at {@code omega^e(j)}
 * with {@code e(j) = sum_k u_k(j_k) a_k mod m} ({@link #evaluationExponent}), {@code u_k} the
 * factor's {@link CyclotomicCrt#exponents}; omega is a primitive m-th root mod each prime (the
 * product of the factors' roots). So {@code X -> X^k} is the permutation {@code out[j] =
 * in[index(e(j) k)]} ({@link #evaluationPermutation}) for every prime alike.
 *
 * <p>Cached per m; immutable and thread-safe.
 */
public final class PowerfulBasis {
    /** Largest supported m. */
    public static final int MAX_M = 1 << 17;

    private static final Map<Integer, PowerfulBasis> CACHE = new ConcurrentHashMap<>();

    private final int m;
    private final int n;
    private final int[] factors;
    private final int[] phis;
    private final long divisor;
    private final double normBound;
    /** X^(monomialExponent[i]) is powerful basis element i. */
    private final int[] monomialExponent;
    private final int[] evalExponent;
    /** Evaluation index of each unit exponent, -1 for non-units. */
    private final int[] evalIndex;
    /** Position of X^i (i < phi(m)) in the full m_0 x ... x m_(r-1) grid. */
    private final int[] powerToGrid;
    /** Nonzero coefficients of Phi_m below the leading one: positions and values. */
    private final int[] phiPositions;
    private final long[] phiValues;
    private final Map<Long, int[]> permutations = new ConcurrentHashMap<>();
    private final Map<Long, PowerfulTransform> transforms = new ConcurrentHashMap<>();

    private PowerfulBasis(int m) {
        this.m = m;
        long[] primes = Primes.primeFactors(m);
        int r = primes.length;
        this.factors = new int[r];
        for (int k = 0; k < r; k++) {
            int f = 1;
            while (m / f % primes[k] == 0) {
                f *= (int) primes[k];
            }
            factors[k] = f;
        }
        Arrays.sort(factors);
        this.phis = new int[r];
        long div = m;
        double norm = 1;
        int size = 1;
        long[] idempotent = new long[r];
        for (int k = 0; k < r; k++) {
            phis[k] = Cyclotomic.eulerPhi(factors[k]);
            size *= phis[k];
            long d = CyclotomicCrt.requiredDivisor(factors[k]);
            div = div / Primes.gcd(div, d) * d;
            long p = Primes.primeFactors(factors[k])[0];
            norm *= 2.0 / Math.tan(Math.PI / (2.0 * p)) / p;
            long rest = m / factors[k];
            idempotent[k] = rest * java.math.BigInteger.valueOf(rest).modInverse(java.math.BigInteger.valueOf(factors[k]))
                    .longValue() % m;
        }
        this.n = size;
        this.divisor = div;
        this.normBound = norm;
        int[][] exps = new int[r][];
        for (int k = 0; k < r; k++) {
            exps[k] = CyclotomicCrt.exponents(factors[k]);
        }
        this.monomialExponent = new int[n];
        this.evalExponent = new int[n];
        this.evalIndex = new int[m];
        Arrays.fill(evalIndex, -1);
        for (int i = 0; i < n; i++) {
            long mono = 0;
            long eval = 0;
            for (int k = r - 1, rest = i; k >= 0; k--) {
                int j = rest % phis[k];
                rest /= phis[k];
                mono += j * idempotent[k];
                eval += exps[k][j] * idempotent[k];
            }
            monomialExponent[i] = (int) (mono % m);
            evalExponent[i] = (int) (eval % m);
            evalIndex[evalExponent[i]] = i;
        }
        this.powerToGrid = new int[n];
        for (int i = 0; i < n; i++) {
            int pos = 0;
            for (int k = 0; k < r; k++) {
                pos = pos * factors[k] + i % factors[k];
            }
            powerToGrid[i] = pos;
        }
        long[] phi = Cyclotomic.phi(m);
        int nz = 0;
        for (int j = 0; j < n; j++) {
            nz += phi[j] != 0 ? 1 : 0;
        }
        this.phiPositions = new int[nz];
        this.phiValues = new long[nz];
        for (int j = 0, t = 0; j < n; j++) {
            if (phi[j] != 0) {
                phiPositions[t] = j;
                phiValues[t++] = phi[j];
            }
        }
    }

    /**
     * The structure of {@code Z[X]/Phi_m}.
     *
     * @param m odd, in [3, {@value #MAX_M}]
     * @throws InvalidDegreeException if m is even or out of range
     */
    public static PowerfulBasis of(int m) {
        if (m < 3 || m > MAX_M || (m & 1) == 0) {
            throw new InvalidDegreeException("cyclotomic index m = " + m + " is not odd in [3, " + MAX_M + "]: general"
                    + " rings take odd m (power-of-two m are the negacyclic rings of PolyRing.of(N, ...))");
        }
        return CACHE.computeIfAbsent(m, PowerfulBasis::new);
    }

    /** The cyclotomic index m. */
    public int m() {
        return m;
    }

    /** The ring degree {@code phi(m)}. */
    public int n() {
        return n;
    }

    /** The prime-power factors of m, ascending (a copy). */
    public int[] factors() {
        return factors.clone();
    }

    /** The number every prime q - 1 must be a multiple of: lcm of m and the factors' transform divisors. */
    public long requiredDivisor() {
        return divisor;
    }

    /**
     * HElib's {@code normBnd}: every powerful-basis coefficient of an element is at most this times
     * the largest absolute value of its canonical embedding (product of {@code (2/p) cot(pi/(2p))}
     * over the primes p of m; about 1.27 per prime).
     */
    public double normBound() {
        return normBound;
    }

    /** The exponent e in {@code Z_m^*} whose root {@code omega^e} evaluation index j holds. */
    public int evaluationExponent(int j) {
        return evalExponent[j];
    }

    /** The exponent of powerful basis element i: it is the monomial {@code X^e}. */
    public int monomialExponent(int i) {
        return monomialExponent[i];
    }

    /**
     * {@code out[j] = in[perm[j]]} realises {@code X -> X^k} on the evaluation form (cached per k).
     *
     * @throws IllegalArgumentException if k is not a unit mod m
     */
    public int[] evaluationPermutation(long k) {
        long kk = Math.floorMod(k, (long) m);
        if (Primes.gcd(kk, m) != 1) {
            throw new IllegalArgumentException("automorphism exponent " + k + " is not a unit mod m = " + m
                    + ": X -> X^k is an automorphism of Z[X]/Phi_m only for gcd(k, m) = 1");
        }
        return permutations.computeIfAbsent(kk, key -> {
            int[] perm = new int[n];
            for (int j = 0; j < n; j++) {
                perm[j] = evalIndex[(int) (evalExponent[j] * key % m)];
            }
            return perm;
        });
    }

    /** The transform of the ring mod q (cached per q). */
    public RingTransform transform(long q) {
        return transforms.computeIfAbsent(q, key -> new PowerfulTransform(key, factors, phis));
    }

    /**
     * Power basis to powerful basis modulo {@code mod}: O(m) additions.
     *
     * @param power at most {@code phi(m)} coefficients of {@code 1, X, X^2, ...} in [0, mod); not modified
     * @return {@code phi(m)} powerful-basis coefficients in [0, mod)
     */
    public long[] toPowerful(long[] power, Modulus mod) {
        if (power.length > n) {
            throw new InvalidDegreeException(power.length + " coefficients given to a ring of degree " + n);
        }
        long[] cur = new long[m];
        for (int i = 0; i < power.length; i++) {
            cur[powerToGrid[i]] = power[i];
        }
        int[] dims = factors.clone();
        for (int k = 0; k < factors.length; k++) {
            int outer = 1;
            for (int l = 0; l < k; l++) {
                outer *= dims[l];
            }
            int inner = 1;
            for (int l = k + 1; l < dims.length; l++) {
                inner *= dims[l];
            }
            int mk = factors[k];
            int phik = phis[k];
            int block = mk - phik; // p^(e-1): X^(phi + r) = -sum_t X^(t block + r)
            long[] next = new long[outer * phik * inner];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < mk; j++) {
                    int src = (o * mk + j) * inner;
                    if (j < phik) {
                        int dst = (o * phik + j) * inner;
                        for (int x = 0; x < inner; x++) {
                            next[dst + x] = mod.add(next[dst + x], cur[src + x]);
                        }
                    } else {
                        for (int t = j - phik; t < phik; t += block) {
                            int dst = (o * phik + t) * inner;
                            for (int x = 0; x < inner; x++) {
                                next[dst + x] = mod.sub(next[dst + x], cur[src + x]);
                            }
                        }
                    }
                }
            }
            dims[k] = phik;
            cur = next;
        }
        return cur;
    }

    /**
     * Powerful basis to power basis modulo {@code mod}: the monomials placed at their exponents,
     * then one division by {@code Phi_m} ({@code (m - phi(m))} times its number of nonzero
     * coefficients operations).
     *
     * @param powerful {@code phi(m)} coefficients in [0, mod); not modified
     * @return {@code phi(m)} power-basis coefficients in [0, mod)
     */
    public long[] toPower(long[] powerful, Modulus mod) {
        if (powerful.length != n) {
            throw new InvalidDegreeException(powerful.length + " coefficients given to a ring of degree " + n);
        }
        long[] full = new long[m];
        for (int i = 0; i < n; i++) {
            full[monomialExponent[i]] = powerful[i];
        }
        long[] v = new long[phiValues.length];
        for (int t = 0; t < v.length; t++) {
            v[t] = mod.reduce(phiValues[t]);
        }
        for (int e = m - 1; e >= n; e--) {
            long c = full[e];
            if (c == 0) {
                continue;
            }
            int base = e - n;
            for (int t = 0; t < v.length; t++) {
                int pos = base + phiPositions[t];
                full[pos] = mod.sub(full[pos], v[t] == 1 ? c : mod.mul(c, v[t]));
            }
        }
        return Arrays.copyOf(full, n);
    }

    @Override
    public String toString() {
        return "PowerfulBasis(m = " + m + " = " + Arrays.toString(factors) + ", phi = " + n + ", q = 1 mod " + divisor + ")";
    }
}
