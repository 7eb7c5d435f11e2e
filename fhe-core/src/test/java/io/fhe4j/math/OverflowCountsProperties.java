package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link OverflowCounts} against the scalar sum in the documented order, and against exact rounding. */
class OverflowCountsProperties {

    @Property(tries = 200)
    void countsEqualTheScalarSumAndTheExactRoundingAwayFromTies(@ForAll @IntRange(min = 1, max = 5) int sources,
                                                               @ForAll @IntRange(min = 0, max = 40) int blocks,
                                                               @ForAll boolean ragged, @ForAll long seed)
            throws InterruptedException {
        Simd.awaitReady(java.time.Duration.ofSeconds(30)); // the vector path when it is in use
        Random rnd = new Random(seed);
        int n = 8 * blocks + (ragged ? 1 + rnd.nextInt(7) : 0);
        long[] q = new long[sources];
        double[] inv = new double[sources];
        long[][] y = new long[sources][n];
        for (int s = 0; s < sources; s++) {
            q[s] = Primes.generate(30 + rnd.nextInt(31), 1L << 11);
            inv[s] = 1.0 / q[s];
            for (int x = 0; x < n; x++) {
                y[s][x] = rnd.nextInt(8) == 0 ? q[s] - 1 : Math.floorMod(rnd.nextLong(), q[s]);
            }
        }
        int[] v = OverflowCounts.of(y, inv, n);
        int[] expected = new int[n];
        for (int x = 0; x < n; x++) {
            double acc = 0;
            for (int s = 0; s < sources; s++) {
                acc += y[s][x] * inv[s];
            }
            expected[x] = (int) (acc + 0.5);
            BigDecimal exact = BigDecimal.ZERO;
            for (int s = 0; s < sources; s++) {
                exact = exact.add(new BigDecimal(y[s][x]).divide(new BigDecimal(q[s]), MathContext.DECIMAL128));
            }
            BigDecimal distanceToTie = exact.subtract(new BigDecimal(exact.toBigInteger())).subtract(new BigDecimal("0.5")).abs();
            if (distanceToTie.compareTo(new BigDecimal("1e-9")) > 0) {
                BigInteger rounded = exact.add(new BigDecimal("0.5")).toBigInteger();
                assertEquals(rounded.intValueExact(), v[x], "x = " + x);
            }
        }
        assertArrayEquals(expected, v);
    }

    @Test
    void shortRowsAndMissingFactorsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> OverflowCounts.of(new long[][] {new long[4]}, new double[1], 5));
        assertThrows(IllegalArgumentException.class, () -> OverflowCounts.of(new long[2][4], new double[1], 4));
    }
}
