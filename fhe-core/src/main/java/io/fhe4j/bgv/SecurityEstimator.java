package io.fhe4j.bgv;

/**
 * Security estimates for RLWE parameters: ring degree N = phi(m) and the total modulus log2(QP)
 * (ciphertext primes and special primes together, since key-switching keys live modulo QP).
 *
 * <ul>
 *   <li>{@link #standardLevel(int, double)}: the HomomorphicEncryption.org standard tables
 *       (classical security, uniform ternary secret, error sigma 3.2), which give the largest
 *       log2(QP) for 128, 192 and 256 bits at each power-of-two N. Between and beyond the table's
 *       columns the estimate is interpolated linearly in {@code N / log2(QP)}, the quantity the
 *       lattice attacks' cost grows with.</li>
 *   <li>{@link #helibEstimate(int, int, double)}: HElib's own formula {@code 3.8 X - 20} with
 *       {@code X = N / log2(1/alpha)} and {@code alpha = 3.2 sqrt(m) / Q} for non-power-of-two m
 *       ({@code 3.2 / Q} for power-of-two m); it is stricter than the table near 128 bits.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SecurityEstimator {
    /** The security levels of the standard table. */
    public static final int[] LEVELS = {128, 192, 256};
    private static final int[] TABLE_LOG_N = {10, 11, 12, 13, 14, 15, 16};
    /** MAX_LOG_QP[i][level] for N = 2^TABLE_LOG_N[i] and LEVELS. */
    private static final double[][] MAX_LOG_QP = {
        {27, 19, 14},
        {54, 37, 29},
        {109, 75, 58},
        {218, 152, 118},
        {438, 305, 237},
        {881, 611, 476},
        {1747, 1222, 953},
    };

    /**
     * The smallest secret-key Hamming weight given any security (HElib's {@code MIN_SK_HWT}): below
     * it the estimate is 0, so a context with such keys needs {@link ContextBuilder#allowInsecure()}.
     * A weight-1 key at N = 8192 is found from the public key alone in milliseconds.
     */
    public static final int MIN_SECRET_HAMMING_WEIGHT = 120;
    /** HElib's sparse-key fits: weights, slopes a_h and constants b_h of {@code a_h X + b_h}. */
    private static final double[] SPARSE_WEIGHTS = {120, 150, 180, 210, 240, 270, 300, 330, 360, 390, 420, 450};
    // HElib's header lists slope 3.2 at weight 270, its source 3.3: the lower (and monotone) one is taken
    private static final double[] SPARSE_SLOPES = {2.4, 2.67, 2.83, 3.0, 3.1, 3.2, 3.3, 3.35, 3.4, 3.45, 3.5, 3.55};
    private static final double[] SPARSE_CONSTANTS = {19, 13, 10, 6, 3, 1, -3, -4, -5, -7, -10, -12};

    private SecurityEstimator() {
    }

    /**
     * The largest log2(QP) the standard allows at this power-of-two degree for the given level.
     *
     * @param n a power of two in [1024, 65536]
     * @param level 128, 192 or 256
     */
    public static double maxLogQP(int n, int level) {
        int row = row(n);
        for (int k = 0; k < LEVELS.length; k++) {
            if (LEVELS[k] == level) {
                return MAX_LOG_QP[row][k];
            }
        }
        throw new IllegalArgumentException("security level " + level + " is not in the standard table: use 128, 192 or 256");
    }

    private static int row(int n) {
        int logN = Integer.numberOfTrailingZeros(n);
        if (Integer.bitCount(n) != 1 || logN < TABLE_LOG_N[0] || logN > TABLE_LOG_N[TABLE_LOG_N.length - 1]) {
            throw new IllegalArgumentException("the HE standard table covers N = 1024 .. 65536 (powers of two), not " + n);
        }
        return logN - TABLE_LOG_N[0];
    }

    /**
     * Estimated classical security in bits from the standard table for a power-of-two N,
     * interpolated (and extrapolated) linearly in {@code N / log2(QP)}.
     *
     * @param n power of two in [1024, 65536]
     * @param logQP total modulus bits, positive
     */
    public static double standardLevel(int n, double logQP) {
        if (!(logQP > 0)) {
            throw new IllegalArgumentException("log2(QP) must be positive, got " + logQP);
        }
        double[] row = MAX_LOG_QP[row(n)];
        return interpolate(n / logQP, new double[] {n / row[0], n / row[1], n / row[2]});
    }

    /** The level at x = N / log2(QP), linear between the columns' xs (and beyond them). */
    private static double interpolate(double x, double[] xs) {
        int seg = x <= xs[1] ? 0 : 1;
        double slope = (LEVELS[seg + 1] - LEVELS[seg]) / (xs[seg + 1] - xs[seg]);
        return LEVELS[seg] + slope * (x - xs[seg]);
    }

    /**
     * {@link #maxLogQP(int, int)} for any degree in [1024, 65536] (for example {@code phi(m)} of an
     * odd m): the table's bound interpolated linearly in N between the neighbouring powers of two.
     */
    public static double maxLogQPAnyDegree(int n, int level) {
        if (n < 1024 || n > 65536) {
            throw new IllegalArgumentException("the HE standard table covers N = 1024 .. 65536, not " + n);
        }
        if (Integer.bitCount(n) == 1) {
            return maxLogQP(n, level);
        }
        int lo = Integer.highestOneBit(n);
        double f = (double) (n - lo) / lo;
        return maxLogQP(lo, level) * (1 - f) + maxLogQP(2 * lo, level) * f;
    }

    /**
     * {@link #standardLevel(int, double)} for any degree in [1024, 65536]: the level interpolated
     * (linearly in {@code N / log2(QP)}) between the table's interpolated columns.
     */
    public static double standardLevelAnyDegree(int n, double logQP) {
        if (Integer.bitCount(n) == 1) {
            return standardLevel(n, logQP);
        }
        if (!(logQP > 0)) {
            throw new IllegalArgumentException("log2(QP) must be positive, got " + logQP);
        }
        double[] xs = new double[LEVELS.length];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = n / maxLogQPAnyDegree(n, LEVELS[k]);
        }
        return interpolate(n / logQP, xs);
    }

    /**
     * HElib's estimate {@code 3.8 X - 20}, {@code X = phi(m) / log2(1/alpha)}.
     *
     * @param m the cyclotomic index
     * @param phiM phi(m), the ring degree
     * @param logQP total modulus bits
     */
    public static double helibEstimate(int m, int phiM, double logQP) {
        return 3.8 * helibX(m, phiM, logQP) - 20;
    }

    /** HElib's {@code X = phi(m) / log2(1/alpha)}. */
    private static double helibX(int m, int phiM, double logQP) {
        boolean powerOfTwo = Integer.bitCount(m) == 1;
        double log2InvAlpha = logQP - Math.log(3.2) / Math.log(2) - (powerOfTwo ? 0 : 0.5 * Math.log(m) / Math.log(2));
        return phiM / log2InvAlpha;
    }

    /**
     * HElib's estimate for secret keys of Hamming weight h ({@code lweEstimateSecurity}): for h = 0
     * (dense) {@link #helibEstimate(int, int, double)}; for {@code 0 < h <} {@link #MIN_SECRET_HAMMING_WEIGHT}
     * 0; otherwise {@code a_h X + b_h} (at least 0) with the slope and constant interpolated
     * linearly between HElib's fitted weights 120, 150, ..., 450 (those of 450 above it), from
     * {@code 2.4 X + 19} at h = 120 to {@code 3.55 X - 12} at h = 450. The fits cross (at small X a
     * lighter weight's line lies above a heavier one's), so the result is also capped by the fits
     * of every heavier tabulated weight: it never decreases as h grows.
     *
     * @param hammingWeight 0 for dense keys, else the number of nonzero coefficients
     */
    public static double helibEstimate(int m, int phiM, double logQP, int hammingWeight) {
        if (hammingWeight < 0) {
            throw new IllegalArgumentException("Hamming weight " + hammingWeight + " must be non-negative");
        }
        if (hammingWeight == 0) {
            return helibEstimate(m, phiM, logQP);
        }
        if (hammingWeight < MIN_SECRET_HAMMING_WEIGHT) {
            return 0;
        }
        double x = helibX(m, phiM, logQP);
        int last = SPARSE_WEIGHTS.length - 1;
        double level = SPARSE_SLOPES[last] * x + SPARSE_CONSTANTS[last];
        int i = (hammingWeight - MIN_SECRET_HAMMING_WEIGHT) / 30;
        if (i < last) {
            double f = (hammingWeight - SPARSE_WEIGHTS[i]) / (SPARSE_WEIGHTS[i + 1] - SPARSE_WEIGHTS[i]);
            double slope = SPARSE_SLOPES[i] + f * (SPARSE_SLOPES[i + 1] - SPARSE_SLOPES[i]);
            double constant = SPARSE_CONSTANTS[i] + f * (SPARSE_CONSTANTS[i + 1] - SPARSE_CONSTANTS[i]);
            level = slope * x + constant;
            for (int j = i + 1; j <= last; j++) { // a lighter key never rates above a heavier one
                level = Math.min(level, SPARSE_SLOPES[j] * x + SPARSE_CONSTANTS[j]);
            }
        }
        return Math.max(0, level);
    }

    /**
     * The security estimate a context reports and checks against 128 bits: for dense keys
     * (h = 0) the HE standard's {@link #standardLevelAnyDegree(int, double)} (0 outside its degrees
     * 1024 .. 65536); for sparse keys the lower of that and {@link #helibEstimate(int, int, double, int)},
     * so 0 below weight {@link #MIN_SECRET_HAMMING_WEIGHT}.
     *
     * @param m the cyclotomic index
     * @param n phi(m), the ring degree
     * @param logQP total modulus bits
     * @param hammingWeight 0 for dense keys, else the number of nonzero coefficients
     */
    public static double securityLevel(int m, int n, double logQP, int hammingWeight) {
        double dense = n >= 1024 && n <= 65536 ? standardLevelAnyDegree(n, logQP) : 0;
        return hammingWeight == 0 ? dense : Math.min(dense, helibEstimate(m, n, logQP, hammingWeight));
    }
}
