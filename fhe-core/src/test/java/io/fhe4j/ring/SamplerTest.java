package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Statistics of the samplers, with tolerances of several standard errors. */
class SamplerTest {
    private static final int SAMPLES = 1 << 18;

    @Test
    void gaussianHasMeanZeroAndVarianceSigmaSquared() {
        long[] e = Sampler.secure().gaussian(SAMPLES);
        double mean = 0;
        double var = 0;
        long max = 0;
        for (long x : e) {
            mean += x;
            var += (double) x * x;
            max = Math.max(max, Math.abs(x));
        }
        mean /= SAMPLES;
        var /= SAMPLES;
        double sigma2 = Sampler.SIGMA * Sampler.SIGMA;
        // standard error of the mean: sigma / sqrt(n) = 0.00625; of the variance: ~ sigma^2 sqrt(2/n) = 0.028
        assertEquals(0, mean, 0.04, "mean");
        assertEquals(sigma2, var, 0.2, "variance");
        assertTrue(max <= Sampler.TAIL);
        assertTrue(max >= 12, "a 2^18-sample draw reaches |e| >= 12 with overwhelming probability");
    }

    @Test
    void gaussianMatchesTheDiscreteDensity() {
        long[] e = Sampler.secure().gaussian(SAMPLES);
        int[] counts = new int[2 * Sampler.TAIL + 1];
        for (long x : e) {
            counts[(int) x + Sampler.TAIL]++;
        }
        double total = 0;
        for (int k = -Sampler.TAIL; k <= Sampler.TAIL; k++) {
            total += Math.exp(-k * k / (2 * Sampler.SIGMA * Sampler.SIGMA));
        }
        for (int k = -4; k <= 4; k++) {
            double p = Math.exp(-k * k / (2 * Sampler.SIGMA * Sampler.SIGMA)) / total;
            double expected = p * SAMPLES;
            assertEquals(expected, counts[k + Sampler.TAIL], 6 * Math.sqrt(expected), "count of " + k);
        }
    }

    @Test
    void ternaryIsUniformOnMinusOneZeroOne() {
        long[] t = Sampler.secure().ternary(SAMPLES);
        int[] counts = new int[3];
        for (long x : t) {
            counts[(int) x + 1]++;
        }
        double expected = SAMPLES / 3.0;
        double tolerance = 6 * Math.sqrt(SAMPLES * (1 / 3.0) * (2 / 3.0));
        for (int c : counts) {
            assertEquals(expected, c, tolerance);
        }
    }

    @Property(tries = 50)
    void sparseTernaryHasExactHammingWeight(@ForAll @IntRange(min = 0, max = 4096) int h, @ForAll long seed) {
        long[] s = Sampler.deterministicForTests(seed).sparseTernary(4096, h);
        int weight = 0;
        int plus = 0;
        for (long x : s) {
            assertTrue(x >= -1 && x <= 1);
            weight += x != 0 ? 1 : 0;
            plus += x == 1 ? 1 : 0;
        }
        assertEquals(h, weight);
        if (h >= 1000) {
            assertEquals(h / 2.0, plus, 6 * Math.sqrt(h / 4.0));
        }
    }

    @Test
    void uniformCoversTheRangeAndIsBalanced() {
        PolyRing ring = RingTestSupport.ring(12, 2, 60);
        DoubleCrt u = Sampler.secure().uniform(ring);
        for (int i = 0; i < 2; i++) {
            long q = ring.basis().prime(i);
            double mean = 0;
            for (long x : u.row(i)) {
                assertTrue(x >= 0 && x < q);
                mean += x / (double) q;
            }
            mean /= ring.n();
            // mean of U[0,1): 1/2 with standard error 1/sqrt(12 n)
            assertEquals(0.5, mean, 6 / Math.sqrt(12.0 * ring.n()));
        }
    }

    /** gaussian(n) against a sample-by-sample search of the table over the same random words. */
    @Property(tries = 40)
    void gaussianInvertsTheTableWordByWord(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n) {
        long[] words = new long[n];
        Sampler.deterministicForTests(seed).prng().nextLongs(words);
        long[] table = Sampler.cumulativeTable(Sampler.SIGMA, Sampler.TAIL);
        long[] expected = new long[n];
        for (int j = 0; j < n; j++) {
            long u = words[j] >>> 1;
            int magnitude = 0;
            while (magnitude < table.length && u >= table[magnitude]) {
                magnitude++;
            }
            expected[j] = (words[j] & 1) == 0 ? magnitude : -magnitude;
        }
        assertArrayEquals(expected, Sampler.deterministicForTests(seed).gaussian(n));
    }

    /** ternary(n) against floor(3 w / 2^64) - 1 in BigInteger over the same random words (w = 0 never occurs here). */
    @Property(tries = 40)
    void ternaryIsTheTopOfThreeTimesTheWord(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n) {
        long[] words = new long[n];
        Sampler.deterministicForTests(seed).prng().nextLongs(words);
        long[] actual = Sampler.deterministicForTests(seed).ternary(n);
        for (int j = 0; j < n; j++) {
            java.math.BigInteger w = new java.math.BigInteger(Long.toUnsignedString(words[j]));
            long expected = w.multiply(java.math.BigInteger.valueOf(3)).shiftRight(64).longValueExact() - 1;
            assertEquals(expected, actual[j], "coefficient " + j);
        }
    }

    @Test
    void deterministicSamplersRepeatAndSecureOnesDoNot() {
        assertArrayEquals(Sampler.deterministicForTests(5).gaussian(100), Sampler.deterministicForTests(5).gaussian(100));
        assertFalse(java.util.Arrays.equals(Sampler.secure().ternary(256), Sampler.secure().ternary(256)));
        byte[] seed = io.fhe4j.math.Prng.freshSeed();
        PolyRing ring = RingTestSupport.ring(6, 2, 50);
        assertEquals(Sampler.expanding(seed).uniform(ring), Sampler.expanding(seed).uniform(ring));
        assertThrows(IllegalArgumentException.class, () -> Sampler.secure().sparseTernary(10, 11));
    }
}
