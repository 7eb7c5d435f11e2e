package io.fhe4j.bgv;

/**
 * Builds an immutable {@link Context} from HElib's knobs: the cyclotomic index m (a power of two,
 * ring {@code Z[X]/(X^(m/2)+1)}, or odd, ring {@code Z[X]/Phi_m} of degree {@code phi(m)} with
 * GF(p^d) slots, see {@code io.fhe4j.slots.PAlgebra}), the plaintext modulus {@code p^r}, the number of
 * bits of the ciphertext modulus, the number c of key-switching digits, and optionally the
 * Hamming weight of the secret key. Each setter validates its argument; {@link #build()} checks
 * the combination, picks the primes and refuses parameters under 128-bit security unless
 * {@link #allowInsecure()} was called.
 *
 * <pre>{@code
 * Context ctx = new ContextBuilder().m(32768).p(65537).bits(240).c(2).build();
 * System.out.println(ctx.securityLevel());   // 155.4 bits by the HE standard table
 * }</pre>
 *
 * The defaults build a secure context, as SEAL's default coefficient modulus for a degree does:
 * {@code new ContextBuilder().build()} is the context above (m = 32768, N = 16384, t = 65537, four
 * 60-bit ciphertext primes in c = 2 digits, log2(QP) = 369, 155.4 bits by the HE standard).
 *
 * <p>Secret keys are dense (uniform ternary, the HE standard's assumption) unless
 * {@link #hammingWeight(int)} asks for sparse ones; a sparse key lowers the estimate (see
 * {@link SecurityEstimator#securityLevel}) and a weight below
 * {@value SecurityEstimator#MIN_SECRET_HAMMING_WEIGHT} is refused unless {@link #allowInsecure()}
 * is called.
 *
 * Odd m is for GF(p^d) slots ({@code io.fhe4j.slots.GeneralEncryptedArray}); the security
 * estimate uses {@code N = phi(m)}. HElib's small general rings are insecure: m = 4369 (N = 4096)
 * with 324 bits of Q is refused unless {@link #allowInsecure()} is called, and then reports about
 * 18 bits by the HE standard and 12 by HElib's formula (HElib's own estimate is as low).
 *
 * <p>Not thread-safe; the built context is.
 */
public final class ContextBuilder {
    /** Largest plaintext modulus p^r: 2^58, so that t times a fresh error (at most 20 in magnitude) fits in a long. */
    public static final long MAX_PLAINTEXT_MODULUS = 1L << 58;

    private int m = 32768;
    private long p = 65537;
    private int r = 1;
    private int bits = 240;
    private int c = 2;
    private int hammingWeight;
    private int primeBits = Context.DEFAULT_PRIME_BITS;
    private int[] chain;
    private boolean allowInsecure;

    /**
     * The cyclotomic index: a power of two from 2^11 to 2^18 (ring degree m/2), or an odd m from 3
     * to {@value io.fhe4j.ring.PowerfulBasis#MAX_M} (ring degree phi(m); small odd m are for tests:
     * their security is nil and needs {@link #allowInsecure()}). Default 32768.
     */
    public ContextBuilder m(int m) {
        if ((m & 1) == 1) {
            if (m < 3 || m > io.fhe4j.ring.PowerfulBasis.MAX_M) {
                throw new InvalidParametersException("odd m = " + m + " is out of range: use 3 .. "
                        + io.fhe4j.ring.PowerfulBasis.MAX_M);
            }
            this.m = m;
            return this;
        }
        if (m < 4 || Integer.bitCount(m) != 1) {
            throw new InvalidParametersException("m = " + m + " is neither a power of two nor odd: use a power of two"
                    + " (ring Z[X]/(X^(m/2)+1)) or an odd m (ring Z[X]/Phi_m)");
        }
        if (m < 2048 || m > (1 << 18)) {
            throw new InvalidParametersException("m = " + m + " is out of range: use 2048 .. 262144 (ring degree 1024 .. 131072)");
        }
        this.m = m;
        return this;
    }

    /**
     * The plaintext prime p (default 65537): the plaintext modulus is {@code p^r}, so p itself must
     * be prime (for a prime power {@code q^k} set {@code p(q).r(k)}).
     *
     * @throws InvalidParametersException if p is not a prime (the message names a prime power's base
     *     and exponent)
     */
    public ContextBuilder p(long p) {
        if (p < 2) {
            throw new InvalidParametersException("plaintext prime p = " + p + " must be a prime, at least 2");
        }
        if (!io.fhe4j.math.Primes.isPrime(p)) {
            throw new InvalidParametersException("plaintext prime p = " + p + " is not prime" + primePowerHint(p)
                    + ": the plaintext modulus is p^r for a prime p; use a prime p (and r(k) for a prime power)");
        }
        this.p = p;
        return this;
    }

    /** {@code " (p = q^k: use p(q).r(k))"} when p is a power of a prime q, else "". */
    private static String primePowerHint(long p) {
        for (int k = 62; k >= 2; k--) {
            long q = Math.round(Math.pow(p, 1.0 / k));
            for (long c = Math.max(2, q - 1); c <= q + 1; c++) {
                long pow = 1;
                for (int i = 0; i < k && pow <= p; i++) {
                    pow = pow > Long.MAX_VALUE / c ? Long.MAX_VALUE : pow * c;
                }
                if (pow == p && io.fhe4j.math.Primes.isPrime(c)) {
                    return " (" + p + " = " + c + "^" + k + ": use p(" + c + ").r(" + k + "))";
                }
            }
        }
        return "";
    }

    /** The Hensel lifting exponent r: the plaintext modulus is p^r (default 1). */
    public ContextBuilder r(int r) {
        if (r < 1) {
            throw new InvalidParametersException("exponent r = " + r + " must be at least 1");
        }
        this.r = r;
        return this;
    }

    /**
     * Total bits of the ciphertext modulus chain Q (default 240), in primes of equal size of at most
     * {@link #primeBits(int)} bits. Replaces an earlier {@link #primeChain}.
     */
    public ContextBuilder bits(int bits) {
        if (bits < 20) {
            throw new InvalidParametersException("bits = " + bits + " is too small: the chain needs at least one prime of 20+ bits");
        }
        this.bits = bits;
        this.chain = null;
        return this;
    }

    /**
     * The sizes in bits of the ciphertext primes, q_0 first (the prime kept longest; modulus
     * switching drops the last first), as SEAL's {@code CoeffModulus::Create(N, {sizes})}: for a
     * circuit whose values need less than a whole 60-bit prime at some level, e.g. {@code
     * primeChain(60, 60, 35, 45)} gives levels of 60, 120, 155 and 200 bits. Each size in
     * [20, 60] (the ring degree may need more: checked at {@link #build()}); sets {@code bits} to
     * their sum. Replaced by a later {@link #bits(int)}.
     */
    public ContextBuilder primeChain(int... sizes) {
        if (sizes == null || sizes.length < 1 || sizes.length > 64) {
            throw new InvalidParametersException("a prime chain needs 1 to 64 prime sizes, got "
                    + (sizes == null ? "none" : sizes.length));
        }
        int sum = 0;
        for (int b : sizes) {
            if (b < 20 || b > 60) {
                throw new InvalidParametersException("prime size " + b + " bits in the chain " + java.util.Arrays.toString(sizes)
                        + ": use 20 .. 60");
            }
            sum += b;
        }
        this.chain = sizes.clone();
        this.bits = sum;
        return this;
    }

    /** Number of key-switching digits (HElib's c, default 2); at least 1. */
    public ContextBuilder c(int c) {
        if (c < 1) {
            throw new InvalidParametersException("c = " + c + " key-switching digits: need at least 1");
        }
        this.c = c;
        return this;
    }

    /**
     * Secret keys with exactly this many nonzero coefficients (0, the default, means dense: uniform
     * ternary). A sparse key lowers the security estimate; weights from 1 to
     * {@value SecurityEstimator#MIN_SECRET_HAMMING_WEIGHT} - 1 are refused at {@link #build()} unless
     * {@link #allowInsecure()} is called (see {@link SecurityEstimator#securityLevel}).
     */
    public ContextBuilder hammingWeight(int h) {
        if (h < 0) {
            throw new InvalidParametersException("Hamming weight " + h + " must be non-negative");
        }
        this.hammingWeight = h;
        return this;
    }

    /**
     * Largest size of a ciphertext prime in bits (default 60, as HElib on 64-bit machines); not used
     * when a {@link #primeChain} is set.
     */
    public ContextBuilder primeBits(int primeBits) {
        if (primeBits < 30 || primeBits > 60) {
            throw new InvalidParametersException("prime size " + primeBits + " bits: use 30 .. 60");
        }
        this.primeBits = primeBits;
        return this;
    }

    /**
     * Accepts parameters below 128-bit security (a modulus too large for the degree, or a sparse
     * secret too light); their estimate stays printable. The only way past the security check.
     */
    public ContextBuilder allowInsecure() {
        this.allowInsecure = true;
        return this;
    }

    /**
     * Validates the combination, chooses the primes and builds the context.
     *
     * @throws InvalidParametersException if the combination cannot work
     * @throws InsecureParametersException if it is under 128 bits (for a sparse secret: by the lower
     *     of the HE standard and HElib's sparse-key estimate, and 0 below weight
     *     {@value SecurityEstimator#MIN_SECRET_HAMMING_WEIGHT}) and {@link #allowInsecure()} was not called
     */
    public Context build() {
        long t = 1;
        for (int i = 0; i < r; i++) {
            if (t > MAX_PLAINTEXT_MODULUS / p) {
                throw new InvalidParametersException("plaintext modulus p^r = " + p + "^" + r + " exceeds 2^58 (fresh"
                        + " noise t e, |e| <= " + io.fhe4j.ring.Sampler.TAIL + ", is computed in 64-bit integers): lower "
                        + (r > 1 ? "r" : "p"));
            }
            t *= p;
        }
        int n = (m & 1) == 1 ? io.fhe4j.math.Cyclotomic.eulerPhi(m) : m / 2;
        if (hammingWeight > n) {
            throw new InvalidParametersException("Hamming weight " + hammingWeight + " exceeds the ring degree " + n);
        }
        if ((m & 1) == 1 && m % p == 0) {
            throw new InvalidParametersException("plaintext prime p = " + p + " divides m = " + m
                    + ": p must not divide m (Phi_m mod p would not be separable); pick another m or p");
        }
        return new Context(m, p, r, t, bits, c, hammingWeight, primeBits, chain, allowInsecure);
    }
}
