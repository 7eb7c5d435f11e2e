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
        boolean powerOfTwo = Integer.bitCount(m) == 1;
        double log2InvAlpha = logQP - Math.log(3.2) / Math.log(2) - (powerOfTwo ? 0 : 0.5 * Math.log(m) / Math.log(2));
        return 3.8 * phiM / log2InvAlpha - 20;
    }
}
