package io.fhe4j.bgv;

import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.Primes;
import io.fhe4j.ring.BaseConverter;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.PowerfulBasis;
import io.fhe4j.ring.RnsBasis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The BGV parameters, HElib's {@code Context}: the ring {@code Z[X]/Phi_m(X)} of degree
 * {@code N = phi(m)} (for power-of-two m, {@code Z[X]/(X^N+1)} with {@code N = m/2}; for odd m, the
 * powerful-basis ring of {@link PowerfulBasis}),
 * the plaintext modulus {@code t = p^r}, the chain of L ciphertext primes {@code q_0 .. q_{L-1}}
 * (the modulus at level l is {@code Q_l = q_0 ... q_{l-1}}, l = L for fresh ciphertexts), the
 * special primes whose product P is used in key switching, and the partition of the ciphertext
 * primes into c key-switching digits. Built by {@link ContextBuilder}.
 *
 * <p>All primes are below 2^60, distinct, coprime to t and {@code = 1 mod} {@link #primeDivisor()}
 * ({@code 2N} for power-of-two m, {@link PowerfulBasis#requiredDivisor()} for odd m). The
 * special primes are chosen so that {@code log2 P >= log2(largest digit) + 4}, which keeps the
 * key-switching noise at the level of one modulus switch, as HElib does; they are as few as
 * possible (each costs c + 2 NTTs per key switch).
 *
 * <p>Immutable and thread-safe.
 */
public final class Context {
    static final int DEFAULT_PRIME_BITS = 60;

    private final int m;
    private final int n;
    private final long p;
    private final int r;
    private final long t;
    private final Modulus plaintextModulus;
    private final int hammingWeight;
    private final int bits;
    private final int primeBits;
    /** The sizes given to {@link ContextBuilder#primeChain}, or empty. */
    private final int[] chain;
    private final boolean insecureAllowed;
    private final long[] ciphertextPrimes;
    private final long[] specialPrimes;
    private final int[][] digits;
    private final PolyRing fullRing;
    private final PolyRing[] keySwitchRings;
    private final BaseConverter[] specialToLevel;
    private final double securityLevel;
    /** logQ[l - 1] = log2 Q_l. */
    private final double[] logQ;
    private final double helibSecurity;
    private final String fingerprint;
    /** Null for power-of-two m. */
    private final PowerfulBasis powerful;
    private final long primeDivisor;

    Context(int m, long p, int r, long t, int bits, int c, int hammingWeight, int primeBits, int[] chain,
            boolean allowInsecure) {
        this.m = m;
        this.powerful = Integer.bitCount(m) == 1 ? null : PowerfulBasis.of(m);
        this.n = powerful == null ? m / 2 : powerful.n();
        this.primeDivisor = powerful == null ? 2L * n : powerful.requiredDivisor();
        this.p = p;
        this.r = r;
        this.t = t;
        this.plaintextModulus = new Modulus(t);
        this.hammingWeight = hammingWeight;
        this.bits = bits;
        this.chain = chain == null ? new int[0] : chain.clone();
        this.primeBits = this.chain.length > 0 ? Arrays.stream(this.chain).max().getAsInt() : primeBits;
        this.insecureAllowed = allowInsecure;
        long twoN = primeDivisor;
        int logN = 32 - Integer.numberOfLeadingZeros(n - 1);
        int minSize = Math.max(logN + 12, 66 - Long.numberOfLeadingZeros(primeDivisor));

        int count = this.chain.length > 0 ? this.chain.length : Math.max(1, (bits + primeBits - 1) / primeBits);
        int[] sizes = new int[count];
        if (this.chain.length > 0) {
            System.arraycopy(this.chain, 0, sizes, 0, count);
        } else {
            Arrays.fill(sizes, (bits + count - 1) / count);
        }
        int usable = 0;
        for (int size : sizes) {
            if (size < minSize) {
                throw new InvalidParametersException((this.chain.length > 0 ? "a prime chain of " + Arrays.toString(sizes)
                        + " bits has " : "bits = " + bits + " gives ") + size + "-bit primes, too small for m = "
                        + m + " (N = " + n + "): need at least " + minSize + " bits per prime");
            }
            usable += size - 1;
        }
        double logT = Math.log(t) / Math.log(2);
        // The rounding noise of a modulus switch is about t * N (see NoiseModel.rounding): the whole
        // chain must hold it with a few bits to spare. Levels whose modulus is below it are unusable
        // (their capacity is negative, so the evaluator does not pick them and decryption refuses).
        if (logT + logN + 3 > usable) {
            throw new InvalidParametersException(String.format("plaintext modulus t = %d (%.1f bits) leaves no room for noise"
                    + " in %d bits of ciphertext modulus at N = %d: use more bits or a smaller t", t, logT, usable + count, n));
        }
        List<Long> used = new ArrayList<>();
        ciphertextPrimes = new long[count];
        for (int i = 0; i < count; i++) {
            ciphertextPrimes[i] = pick(sizes[i], twoN, 1, used)[0];
        }
        if (c > count) {
            throw new InvalidParametersException("c = " + c + " key-switching digits but only " + count
                    + " ciphertext primes: use c <= " + count + " or more bits");
        }
        digits = new int[c][];
        for (int j = 0, start = 0; j < c; j++) {
            int len = count / c + (j < count % c ? 1 : 0);
            digits[j] = new int[len];
            for (int k = 0; k < len; k++) {
                digits[j][k] = start + k;
            }
            start += len;
        }
        double largestDigit = 0;
        for (int[] d : digits) {
            double b = 0;
            for (int i : d) {
                b += Math.log(ciphertextPrimes[i]) / Math.log(2);
            }
            largestDigit = Math.max(largestDigit, b);
        }
        int specialBits = (int) Math.ceil(largestDigit) + 4;
        specialPrimes = pickSpecial(specialBits, minSize, twoN, used);

        long[] all = Arrays.copyOf(ciphertextPrimes, ciphertextPrimes.length + specialPrimes.length);
        System.arraycopy(specialPrimes, 0, all, ciphertextPrimes.length, specialPrimes.length);
        fullRing = ringOver(RnsBasis.of(all));
        keySwitchRings = new PolyRing[count];
        specialToLevel = new BaseConverter[count];
        RnsBasis special = RnsBasis.of(specialPrimes);
        for (int l = 1; l <= count; l++) {
            RnsBasis ql = fullRing.basis().prefix(l);
            keySwitchRings[l - 1] = ringOver(ql.concat(special));
            specialToLevel[l - 1] = new BaseConverter(special, ql);
        }

        logQ = new double[count];
        for (int l = 1; l <= count; l++) {
            logQ[l - 1] = fullRing.basis().prefix(l).bits();
        }
        double logQP = fullRing.basis().bits();
        this.securityLevel = SecurityEstimator.securityLevel(m, n, logQP, hammingWeight);
        this.helibSecurity = SecurityEstimator.helibEstimate(m, n, logQP, hammingWeight);
        if (securityLevel < 128 && !allowInsecure) {
            throw new InsecureParametersException(insecurityMessage(logQP));
        }
        this.fingerprint = Long.toHexString(Arrays.hashCode(all) * 31L + t * 7 + m) + "-" + c + "-" + hammingWeight;
    }

    /** Why these parameters are under 128 bits, with the estimates and what to change. */
    private String insecurityMessage(double logQP) {
        double dense = SecurityEstimator.securityLevel(m, n, logQP, 0);
        double maxLogQP = n >= 1024 && n <= 65536 ? SecurityEstimator.maxLogQPAnyDegree(n, 128) : 0.0;
        if (hammingWeight > 0 && hammingWeight < SecurityEstimator.MIN_SECRET_HAMMING_WEIGHT) {
            return String.format("secret Hamming weight %d is below %d (HElib's minimum): a secret this sparse is found"
                    + " by hybrid and meet-in-the-middle attacks whatever the modulus, so its estimate is 0 bits (a dense"
                    + " key would give %.1f bits at m = %d, log2(QP) = %.1f). Use a dense key (hammingWeight(0)), a weight"
                    + " of at least %d, or call allowInsecure() to accept it.",
                    hammingWeight, SecurityEstimator.MIN_SECRET_HAMMING_WEIGHT, dense, m, logQP,
                    SecurityEstimator.MIN_SECRET_HAMMING_WEIGHT);
        }
        if (hammingWeight > 0 && dense >= 128) {
            return String.format("secret Hamming weight %d at m = %d with log2(QP) = %.1f bits gives about %.1f bits of"
                    + " security by HElib's sparse-key estimate (%.1f for a dense key by the HE standard). Use a dense key"
                    + " (hammingWeight(0)) or a larger weight, lower bits, raise m, or call allowInsecure() to accept it.",
                    hammingWeight, m, logQP, securityLevel, dense);
        }
        return String.format("m = %d with log2(QP) = %.1f bits (%d ciphertext + %d special primes) gives about %.1f bits"
                + " of security by the HE standard (HElib's estimate: %.1f)%s; 128 bits at N = %d allow at most %.0f bits"
                + " of QP. Lower bits, raise m, or call allowInsecure() to accept it.",
                m, logQP, ciphertextPrimes.length, specialPrimes.length, securityLevel, helibSecurity,
                hammingWeight > 0 ? " with secret Hamming weight " + hammingWeight : "", n, maxLogQP);
    }

    private PolyRing ringOver(RnsBasis basis) {
        return powerful == null ? PolyRing.of(n, basis) : PolyRing.general(m, basis);
    }

    /**
     * The fewest special primes whose product has at least {@code specialBits} bits: first
     * {@code ceil(specialBits / 60)} primes just below 2^60 (their product can fall a bit short of
     * 60 bits each), otherwise one more, each of the smallest size that surely suffices (k primes
     * of s bits exceed 2^(k (s - 1))). Fewer special primes means fewer NTTs per key switch.
     */
    private long[] pickSpecial(int specialBits, int minSize, long twoN, List<Long> used) {
        int fewest = (specialBits + DEFAULT_PRIME_BITS - 1) / DEFAULT_PRIME_BITS;
        int sure = (specialBits + DEFAULT_PRIME_BITS - 2) / (DEFAULT_PRIME_BITS - 1);
        if (fewest < sure) {
            List<Long> trial = new ArrayList<>(used);
            long[] top = pick(DEFAULT_PRIME_BITS, twoN, fewest, trial);
            if (RnsBasis.of(top).product().bitLength() - 1 >= specialBits) {
                used.clear();
                used.addAll(trial);
                return top;
            }
        }
        int size = Math.max(minSize, (specialBits + sure - 1) / sure + 1);
        return pick(size, twoN, sure, used);
    }

    private long[] pick(int size, long twoN, int count, List<Long> used) {
        List<Long> out = new ArrayList<>();
        List<Long> skip = new ArrayList<>(used);
        while (out.size() < count) {
            long q;
            try {
                q = Primes.generate(size, twoN, 1, skip).get(0);
            } catch (InvalidModulusException e) {
                throw new InvalidParametersException("not enough " + size + "-bit primes = 1 mod " + twoN + ": " + e.getMessage());
            }
            skip.add(q);
            if (Primes.gcd(q, t) == 1) {
                out.add(q);
            }
        }
        used.addAll(out);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The cyclotomic index m (a power of two, or odd). */
    public int m() {
        return m;
    }

    /** The ring degree N = phi(m) (m/2 for power-of-two m). */
    public int n() {
        return n;
    }

    /** Whether m is a power of two (ring {@code Z[X]/(X^N+1)}, power basis). */
    public boolean isPowerOfTwo() {
        return powerful == null;
    }

    /**
     * The powerful-basis structure of an odd-m ring (the basis of ring coefficients, secret keys
     * and noise; plaintexts stay in the power basis).
     *
     * @throws UnsupportedOperationException for power-of-two m
     */
    public PowerfulBasis powerfulBasis() {
        return fullRing.powerfulBasis();
    }

    /** The number every prime q - 1 is a multiple of. */
    public long primeDivisor() {
        return primeDivisor;
    }

    /**
     * log2 of the ring's expansion from the canonical embedding to coefficients: a coefficient of
     * the critical value is at most {@code 2^normBoundBits()} times its canonical norm (0 for
     * power-of-two m; {@code log2} of HElib's {@code normBnd} for odd m). Decryption needs
     * {@code noise * normBound < Q/2}.
     */
    public double normBoundBits() {
        return powerful == null ? 0 : Math.log(powerful.normBound()) / Math.log(2);
    }

    /** The plaintext prime p. */
    public long p() {
        return p;
    }

    /** The lifting exponent r. */
    public int r() {
        return r;
    }

    /** The plaintext modulus t = p^r. */
    public long plaintextModulus() {
        return t;
    }

    /** The plaintext modulus with its reduction constants. */
    public Modulus plaintextModulusArithmetic() {
        return plaintextModulus;
    }

    /** Number L of ciphertext primes: fresh ciphertexts are at level L. */
    public int maxLevel() {
        return ciphertextPrimes.length;
    }

    /** A copy of the ciphertext primes q_0 .. q_{L-1}. */
    public long[] ciphertextPrimes() {
        return ciphertextPrimes.clone();
    }

    /** A copy of the special primes. */
    public long[] specialPrimes() {
        return specialPrimes.clone();
    }

    /** Number of key-switching digits c. */
    public int digits() {
        return digits.length;
    }

    /** Indices of the ciphertext primes in digit j. */
    int[] digit(int j) {
        return digits[j];
    }

    /** Hamming weight of secret keys (0: dense ternary). */
    public int hammingWeight() {
        return hammingWeight;
    }

    /** The {@code bits} the context was built with (the chain's actual size is {@link #logQ(int)}). */
    public int requestedBits() {
        return bits;
    }

    /** The largest ciphertext prime size the context was built with. */
    public int primeBits() {
        return primeBits;
    }

    /**
     * The sizes in bits of the ciphertext primes, q_0 first, if the context was built with {@link
     * ContextBuilder#primeChain}; an empty array if its primes were derived from {@code bits} and
     * {@code primeBits}. A fresh array.
     */
    public int[] primeChain() {
        return chain.clone();
    }

    /** Whether the context was built with {@link ContextBuilder#allowInsecure()}. */
    public boolean insecureAllowed() {
        return insecureAllowed;
    }

    /** A builder preset with this context's parameters: building it gives an equal context. */
    public ContextBuilder toBuilder() {
        ContextBuilder b = new ContextBuilder().m(m).p(p).r(r).bits(bits).c(digits.length).hammingWeight(hammingWeight);
        if (chain.length > 0) {
            b.primeChain(chain);
        } else {
            b.primeBits(primeBits);
        }
        return insecureAllowed ? b.allowInsecure() : b;
    }

    /** The ring over all primes (ciphertext then special). */
    public PolyRing fullRing() {
        return fullRing;
    }

    /** The ring of ciphertexts at level l: {@code Z_{Q_l}[X]/Phi_m}. */
    public PolyRing ring(int level) {
        checkLevel(level);
        return fullRing.prefix(level);
    }

    /** The ring {@code Q_l * P} in which key switching at level l works. */
    PolyRing keySwitchRing(int level) {
        checkLevel(level);
        return keySwitchRings[level - 1];
    }

    /** Exact conversion from the special primes to the primes of level l. */
    BaseConverter specialToLevel(int level) {
        return specialToLevel[level - 1];
    }

    /** log2 of Q_l. */
    public double logQ(int level) {
        checkLevel(level);
        return logQ[level - 1];
    }

    /** log2(QP), the size that determines security. */
    public double logQP() {
        return fullRing.basis().bits();
    }

    /**
     * Estimated classical security in bits ({@link SecurityEstimator#securityLevel(int, int, double, int)}):
     * by the HomomorphicEncryption.org tables for dense keys; for sparse keys the lower of that and
     * HElib's sparse-key estimate (0 below weight {@value SecurityEstimator#MIN_SECRET_HAMMING_WEIGHT}).
     */
    public double securityLevel() {
        return securityLevel;
    }

    /** HElib's own (stricter) security estimate in bits, for the context's secret Hamming weight. */
    public double helibSecurityEstimate() {
        return helibSecurity;
    }

    /**
     * The degree, plaintext modulus, levels and fingerprint, for error messages:
     * {@code "N = 8192, t = 65537, 4 levels (log2 Q = 160.0), c = 4, fingerprint 1a2b-4-0"}.
     */
    public String summary() {
        return String.format("N = %d%s, t = %d, %d level%s (log2 Q = %.1f), c = %d%s, fingerprint %s", n,
                isPowerOfTwo() ? "" : " (m = " + m + ")", t, ciphertextPrimes.length,
                ciphertextPrimes.length == 1 ? "" : "s", logQ(ciphertextPrimes.length),
                digits.length, hammingWeight > 0 ? ", secret Hamming weight " + hammingWeight : "", fingerprint);
    }

    /** A short identifier of these parameters, used to reject objects of another context. */
    public String fingerprint() {
        return fingerprint;
    }

    void checkLevel(int level) {
        if (level < 1 || level > ciphertextPrimes.length) {
            throw new InvalidParametersException("level " + level + " is out of range: this context has levels 1.."
                    + ciphertextPrimes.length);
        }
    }

    /** Whether two contexts have the same parameters. */
    public boolean sameAs(Context other) {
        return this == other || fingerprint.equals(other.fingerprint) && Arrays.equals(ciphertextPrimes, other.ciphertextPrimes)
                && Arrays.equals(specialPrimes, other.specialPrimes) && t == other.t && m == other.m
                && hammingWeight == other.hammingWeight;
    }

    @Override
    public String toString() {
        int[] sizes = new int[ciphertextPrimes.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 64 - Long.numberOfLeadingZeros(ciphertextPrimes[i]);
        }
        int[] spSizes = new int[specialPrimes.length];
        for (int i = 0; i < spSizes.length; i++) {
            spSizes[i] = 64 - Long.numberOfLeadingZeros(specialPrimes[i]);
        }
        return String.format("Context(m=%d, N=%d, t=%d^%d=%d, %d ciphertext primes %s, %d special primes %s, c=%d,"
                + " log2(QP)=%.1f, security %.1f bits (%s), %.1f bits (HElib)%s)",
                m, n, p, r, t, ciphertextPrimes.length, Arrays.toString(sizes), specialPrimes.length,
                Arrays.toString(spSizes), digits.length, logQP(), securityLevel,
                hammingWeight > 0 ? "HE standard and HElib's sparse-key estimate" : "HE standard", helibSecurity,
                hammingWeight > 0 ? ", secret Hamming weight " + hammingWeight : "");
    }
}
