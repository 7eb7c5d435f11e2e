package io.fhe4j.math;

/**
 * The CRT transform of {@code Z_q[X]/Phi_(m')} for an odd prime power {@code m' = p^e}: a
 * polynomial of degree below {@code phi(m')}, given by its coefficients, is mapped to its values at
 * the {@code phi(m')} primitive m'-th roots of unity mod q, and back. It is one tensor factor of the
 * double-CRT transform of a general cyclotomic ring ({@code io.fhe4j.ring.PowerfulBasis}).
 *
 * <p>Output j holds the value at {@code w^exponent(j)} for a primitive m'-th root w chosen by the
 * implementation (any such root will do for the tensor product); {@link #exponent(int)} is a
 * fixed function of m' alone, the same for every q, so that automorphisms are one permutation for
 * all primes.
 *
 * <p>Implementations, chosen by {@link #of} from m' alone (so the prime condition
 * {@link #requiredDivisor(int)} is known before the primes are): Rader's algorithm for primes
 * (a cyclic convolution of length p - 1 by a negacyclic NTT: twisted when p - 1 is a power of two,
 * zero-padded otherwise), a dense matrix when that is cheaper (small m'), and the Bluestein
 * transform for large prime powers.
 *
 * <p>Implementations are immutable and thread-safe; {@link #forward} and {@link #inverse} work in
 * place and allocate their own scratch space.
 */
public interface CyclotomicCrt {
    /** Largest phi(m') for which a non-prime m' gets the dense matrix (beyond it, Bluestein). */
    int DENSE_LIMIT = 128;

    /** The prime power m'. */
    int index();

    /** {@code phi(m')}, the length of the transform. */
    int length();

    /** The unit u of {@code Z_(m')} such that output j is the value at {@code w^u}. */
    int exponent(int j);

    /**
     * Coefficients to values, in place.
     *
     * @param a {@link #length()} coefficients in [0, q); overwritten with the values in [0, q)
     */
    void forward(long[] a);

    /**
     * Values to coefficients, in place (the inverse of {@link #forward}).
     *
     * @param a {@link #length()} values in [0, q); overwritten with the coefficients in [0, q)
     */
    void inverse(long[] a);

    /**
     * {@link #forward} of the {@code inner} interleaved fibers {@code a[base + j inner + x]}
     * ({@code j < length()}, {@code x < inner}) at once, in place: one axis of a tensor. The
     * default gathers each fiber into a scratch array; implementations may work on all columns
     * together.
     */
    default void forwardColumns(long[] a, int base, int inner) {
        eachFiber(a, base, inner, true);
    }

    /** {@link #inverse} of the {@code inner} interleaved fibers, as {@link #forwardColumns}. */
    default void inverseColumns(long[] a, int base, int inner) {
        eachFiber(a, base, inner, false);
    }

    private void eachFiber(long[] a, int base, int inner, boolean forward) {
        int len = length();
        long[] fiber = new long[len];
        for (int x = 0; x < inner; x++) {
            for (int j = 0, pos = base + x; j < len; j++, pos += inner) {
                fiber[j] = a[pos];
            }
            if (forward) {
                forward(fiber);
            } else {
                inverse(fiber);
            }
            for (int j = 0, pos = base + x; j < len; j++, pos += inner) {
                a[pos] = fiber[j];
            }
        }
    }

    /**
     * The transform for q and the odd prime power m'.
     *
     * @throws InvalidDegreeException if m' is not an odd prime power above 1
     * @throws InvalidModulusException if q is not a prime {@code = 1 mod requiredDivisor(m')}
     */
    static CyclotomicCrt of(long q, int primePower) {
        long p = oddPrimeOf(primePower);
        long div = requiredDivisor(primePower);
        if (q < 3 || q >= (1L << NttTables.MAX_PRIME_BITS) || (q - 1) % div != 0 || !Primes.isPrime(q)) {
            throw new InvalidModulusException("modulus q = " + q + " does not fit the CRT transform of Phi_"
                    + primePower + ": need a prime below 2^" + NttTables.MAX_PRIME_BITS + " with q = 1 mod " + div
                    + ", for example Primes.generate(50, " + div + ")");
        }
        switch (kind(primePower, p)) {
            case RADER: return RaderCrt.of(q, (int) p);
            case DENSE: return MatrixCrt.of(q, primePower);
            default: return new BluesteinCrt(BluesteinTransform.of(q, primePower));
        }
    }

    /** The number that q - 1 must be a multiple of for {@link #of} at this prime power. */
    static long requiredDivisor(int primePower) {
        long p = oddPrimeOf(primePower);
        switch (kind(primePower, p)) {
            case RADER: return p * 2L * RaderCrt.convolutionLength((int) p);
            case DENSE: return primePower;
            default: return BluesteinTransform.requiredDivisor(primePower);
        }
    }

    /**
     * The exponents of the outputs at this prime power, {@code exponents(m')[j] == exponent(j)} of
     * every transform {@link #of} returns for m': powers of the smallest generator of
     * {@code Z_p^*} for Rader's algorithm, the units in increasing order otherwise.
     */
    static int[] exponents(int primePower) {
        long p = oddPrimeOf(primePower);
        if (kind(primePower, p) == Kind.RADER) {
            return RaderCrt.generatorPowers((int) p);
        }
        int[] units = new int[Cyclotomic.eulerPhi(primePower)];
        for (int j = 0, k = 0; j < primePower; j++) {
            if (j % p != 0) {
                units[k++] = j;
            }
        }
        return units;
    }

    /** The kinds of implementation. */
    enum Kind { RADER, DENSE, BLUESTEIN }

    /** Which implementation serves m' (a function of m' alone). */
    static Kind kind(int primePower, long p) {
        int phi = Cyclotomic.eulerPhi(primePower);
        if (p == primePower) {
            int n = RaderCrt.convolutionLength((int) p);
            double raderCost = (n * (double) Integer.numberOfTrailingZeros(n) + 4.0 * n) / phi;
            return raderCost < phi ? Kind.RADER : Kind.DENSE;
        }
        return phi <= DENSE_LIMIT ? Kind.DENSE : Kind.BLUESTEIN;
    }

    private static long oddPrimeOf(int primePower) {
        if (primePower < 3 || primePower > BluesteinTransform.MAX_M || (primePower & 1) == 0) {
            throw new InvalidDegreeException("CRT factor m' = " + primePower + " is not an odd prime power in [3, "
                    + BluesteinTransform.MAX_M + "]");
        }
        long[] f = Primes.primeFactors(primePower);
        if (f.length != 1) {
            throw new InvalidDegreeException("CRT factor m' = " + primePower + " is not a prime power: split m into"
                    + " its prime-power factors first");
        }
        return f[0];
    }
}
