package io.fhe4j.bgv;

import io.fhe4j.ring.Sampler;

/**
 * The noise estimates, in the style of HElib: bounds on the canonical-embedding norm of the
 * critical value, kept as log2. For a polynomial with independent coefficients of variance V,
 * each canonical coordinate is a sum of N terms of variance V; it exceeds {@code TAIL sqrt(N V)}
 * with probability about {@code exp(-TAIL^2)}, negligible for {@link #TAIL} = 6. Products of
 * critical values are bounded exactly by the product of the bounds (the embedding is a ring
 * homomorphism); plaintexts enter through their L1 norm, a rigorous bound.
 *
 * <p>Stateless and thread-safe.
 */
final class NoiseModel {
    /** High-probability factor for the canonical norm of a random polynomial. */
    static final double TAIL = 6.0;
    private static final double LOG2 = Math.log(2);

    private NoiseModel() {
    }

    static double log2(double x) {
        return Math.log(x) / LOG2;
    }

    /** log2(2^a + 2^b). */
    static double logSum(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        return hi + log2(1 + Math.pow(2, lo - hi));
    }

    /** Variance of a secret-key coefficient. */
    static double secretVariance(Context ctx) {
        return ctx.hammingWeight() > 0 ? (double) ctx.hammingWeight() / ctx.n() : 2.0 / 3.0;
    }

    /** Fresh public-key encryption: {@code m + t (e u + e0 + e1 s)}. */
    static double freshPublic(Context ctx, double plaintextL1) {
        double n = ctx.n();
        double s2 = Sampler.SIGMA * Sampler.SIGMA;
        double v = s2 * (n * 2.0 / 3.0 + 1 + n * secretVariance(ctx));
        return log2(plaintextL1 + ctx.plaintextModulus() * TAIL * Math.sqrt(n * v));
    }

    /** Fresh secret-key encryption: {@code m + t e}. */
    static double freshSecret(Context ctx, double plaintextL1) {
        double n = ctx.n();
        return log2(plaintextL1 + ctx.plaintextModulus() * TAIL * Math.sqrt(n * Sampler.SIGMA * Sampler.SIGMA));
    }

    /**
     * The noise that the t-preserving rounding of a division adds to a ciphertext of
     * {@code parts} parts: {@code t sum_i (z_i / S) s^i} with {@code z_i / S} uniform in (-1/2, 1/2].
     */
    static double rounding(Context ctx, int parts) {
        double n = ctx.n();
        double vs = secretVariance(ctx);
        double v = 1;
        double power = 1;
        for (int i = 1; i < parts; i++) {
            power *= n * vs;
            v += power;
        }
        return log2(ctx.plaintextModulus() * TAIL * Math.sqrt(n / 12.0 * v));
    }

    /** Noise after dividing by a modulus of logDivisor bits. */
    static double scaleDown(Context ctx, double logNoise, double logDivisor, int parts) {
        return logSum(logNoise - logDivisor, rounding(ctx, parts));
    }

    /** Noise that key switching at this level adds: digits times errors over P, plus rounding. */
    static double keySwitchAdded(Context ctx, int level) {
        double n = ctx.n();
        long[] q = ctx.ciphertextPrimes();
        double logSumSquares = Double.NEGATIVE_INFINITY; // log2 of sum_j D_j^2 / 12 (centered digits)
        for (int j = 0; j < ctx.digits(); j++) {
            double logD = 0;
            for (int i : ctx.digit(j)) {
                if (i < level) {
                    logD += log2(q[i]);
                }
            }
            if (logD > 0) {
                logSumSquares = logSum(logSumSquares, 2 * logD - log2(12));
            }
        }
        double logP = 0;
        for (long p : ctx.specialPrimes()) {
            logP += log2(p);
        }
        double digitsTerm = log2(ctx.plaintextModulus() * TAIL * n * Sampler.SIGMA) + logSumSquares / 2 - logP;
        return logSum(digitsTerm, rounding(ctx, 2));
    }
}
