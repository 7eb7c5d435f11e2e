package io.fhe4j.ring;

import io.fhe4j.math.Prng;

/**
 * Samples the random ring elements and small polynomials that RLWE needs, from a {@link Prng}.
 *
 * <ul>
 *   <li>{@link #uniform(PolyRing)}: uniform in {@code R_Q}, sampled directly in evaluation form
 *       (the NTT is a bijection, so this is uniform as well);</li>
 *   <li>{@link #ternary(int)}: coefficients uniform in {-1, 0, 1};</li>
 *   <li>{@link #sparseTernary(int, int)}: exactly h coefficients in {-1, 1} at uniformly random
 *       positions, the rest 0 (HElib's secret keys with a Hamming weight);</li>
 *   <li>{@link #gaussian(int)}: the rounded-Gaussian error distribution with standard deviation
 *       {@value #SIGMA}, tail cut at {@value #TAIL} (about 6.25 sigma), sampled by an inversion
 *       table with 63-bit probabilities.</li>
 * </ul>
 * Instances come from {@link #secure()} (seeded from {@code SecureRandom}), from
 * {@link #expanding(byte[])} (public randomness regenerated from a stored seed) or, in tests only,
 * from {@link #deterministicForTests(long)}.
 *
 * <p>Not thread-safe: one sampler per thread.
 */
public final class Sampler {
    /** Standard deviation of the error distribution, as in HElib, SEAL and the HE standard. */
    public static final double SIGMA = 3.2;
    /** Largest absolute error value sampled. */
    public static final int TAIL = 20;

    /** CUMULATIVE[k] = P(|e| <= k) scaled to 2^63, for k in [0, TAIL) (P(|e| <= TAIL) = 1). */
    private static final long[] CUMULATIVE = cumulativeTable(SIGMA, TAIL);
    /** Samples per pass of {@link #invertTable} (16 KB of words and counts: they stay in L1). */
    private static final int GAUSSIAN_BLOCK = 1024;

    private final Prng prng;

    private Sampler(Prng prng) {
        this.prng = prng;
    }

    /** A sampler seeded from {@code SecureRandom}: the one to use for keys, errors and encryption. */
    public static Sampler secure() {
        return new Sampler(Prng.secure());
    }

    /**
     * A sampler that replays the stream of a stored seed. Only for public randomness (for example
     * the uniform half of a key-switching key kept as a seed); never for secrets.
     */
    public static Sampler expanding(byte[] seed) {
        return new Sampler(Prng.fromSeed(seed));
    }

    /**
     * A reproducible sampler for tests. Its output is predictable: never use it to make keys or
     * ciphertexts that protect anything.
     */
    public static Sampler deterministicForTests(long seed) {
        byte[] s = new byte[Prng.SEED_BYTES];
        for (int i = 0; i < 8; i++) {
            s[i] = (byte) (seed >>> (8 * i));
        }
        s[31] = (byte) 0x7e; // domain separation from expanding()
        return new Sampler(Prng.fromSeed(s));
    }

    /** The underlying generator. */
    public Prng prng() {
        return prng;
    }

    /** A uniformly random element of the ring, in evaluation form. */
    public DoubleCrt uniform(PolyRing ring) {
        int n = ring.n();
        long[][] rows = new long[ring.size()][n];
        for (int i = 0; i < rows.length; i++) {
            prng.nextLongs(rows[i], ring.basis().prime(i));
        }
        return new DoubleCrt(ring, rows, true);
    }

    /** n values uniform in [0, q). */
    public long[] uniform(int n, long q) {
        long[] out = new long[n];
        prng.nextLongs(out, q);
        return out;
    }

    /** n coefficients uniform in {-1, 0, 1}. */
    public long[] ternary(int n) {
        long[] out = new long[n];
        prng.nextLongs(out);
        for (int j = 0; j < n; j++) {
            long r = out[j];
            while (r == 0) { // probability 2^-64; without 0, floor(3 r / 2^64) is exactly uniform
                r = prng.nextLong();
            }
            out[j] = Math.multiplyHigh(r, 3) + ((r >> 63) & 3) - 1; // unsigned floor(3 r / 2^64) - 1
        }
        return out;
    }

    /**
     * n coefficients with exactly h of them in {-1, 1} (each sign with probability 1/2) at
     * uniformly random distinct positions, the rest 0.
     *
     * @throws IllegalArgumentException if h is not in [0, n]
     */
    public long[] sparseTernary(int n, int h) {
        if (h < 0 || h > n) {
            throw new IllegalArgumentException("Hamming weight " + h + " is not in [0, " + n + "]");
        }
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        long[] out = new long[n];
        for (int i = 0; i < h; i++) { // partial Fisher-Yates shuffle
            int j = i + prng.nextInt(n - i);
            int p = positions[j];
            positions[j] = positions[i];
            positions[i] = p;
            out[p] = (prng.nextLong() & 1) == 0 ? 1 : -1;
        }
        return out;
    }

    /** n samples of the rounded Gaussian with standard deviation {@value #SIGMA}. */
    public long[] gaussian(int n) {
        long[] out = new long[n];
        prng.nextLongs(out);
        int block = Math.min(n, GAUSSIAN_BLOCK);
        long[] u = new long[block];
        long[] magnitude = new long[block];
        for (int from = 0; from < n; from += block) {
            invertTable(out, from, Math.min(block, n - from), u, magnitude);
        }
        return out;
    }

    /**
     * In place, the random words {@code r[from, from + len)} to signed samples: the magnitude is the
     * number of table entries at most {@code r >>> 1}, the sign the low bit. The whole table is
     * scanned for every sample (the time does not depend on the values), table entry by table
     * entry over the block, in loops simple enough for C2 to run on vectors.
     */
    private static void invertTable(long[] r, int from, int len, long[] u, long[] magnitude) {
        for (int j = 0; j < len; j++) {
            u[j] = r[from + j] >>> 1;
            magnitude[j] = 0;
        }
        for (int k = 0; k < CUMULATIVE.length; k++) {
            long below = CUMULATIVE[k] - 1;
            for (int j = 0; j < len; j++) {
                magnitude[j] += (below - u[j]) >>> 63; // +1 while u >= CUMULATIVE[k]
            }
        }
        for (int j = 0; j < len; j++) {
            long sign = r[from + j] << 63 >> 63; // 0 or -1
            r[from + j] = (magnitude[j] ^ sign) - sign;
        }
    }

    /** The inversion table: entry k is P(|e| <= k) scaled to 2^63, for k in [0, tail). */
    static long[] cumulativeTable(double sigma, int tail) {
        double[] weight = new double[tail + 1];
        double total = 0;
        for (int k = 0; k <= tail; k++) {
            weight[k] = Math.exp(-(double) k * k / (2 * sigma * sigma)) * (k == 0 ? 1 : 2);
            total += weight[k];
        }
        long[] cdf = new long[tail];
        double acc = 0;
        for (int k = 0; k < tail; k++) {
            acc += weight[k] / total;
            cdf[k] = (long) Math.floor(acc * 0x1p63);
        }
        return cdf;
    }
}
