package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** FmaNtt against Ntt: the same outputs, value for value, for every prime size it accepts. */
class FmaNttProperties {
    @Property(tries = 80)
    void forwardAndInverseEqualNtt(@ForAll @IntRange(min = 2, max = 14) int logN,
                                   @ForAll @IntRange(min = 20, max = 49) int bits, @ForAll long seed) {
        long q = Primes.generate(Math.max(bits, logN + 12), 2L << logN);
        int n = 1 << logN;
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextLong(q);
        }
        NttTables tables = NttTables.of(q, logN);
        FmaNtt fma = FmaNtt.of(q, logN);
        long[] expected = a.clone();
        Ntt.forward(expected, tables);
        long[] actual = a.clone();
        fma.forward(actual);
        assertArrayEquals(expected, actual, "forward, q = " + q + ", N = " + n);
        Ntt.inverse(expected, tables);
        fma.inverse(actual);
        assertArrayEquals(expected, actual, "inverse, q = " + q + ", N = " + n);
        assertArrayEquals(a, actual, "round trip");
    }

    @Property(tries = 20)
    void extremeInputsStayExact(@ForAll @IntRange(min = 10, max = 17) int logN, @ForAll boolean top) {
        long q = Primes.generate(49, 2L << logN); // the largest prime allowed: the tightest bounds
        int n = 1 << logN;
        long[] a = new long[n];
        Arrays.fill(a, top ? q - 1 : (q - 1) / 2);
        long[] expected = a.clone();
        Ntt.forward(expected, NttTables.of(q, logN));
        long[] actual = a.clone();
        FmaNtt fma = FmaNtt.of(q, logN);
        fma.forward(actual);
        assertArrayEquals(expected, actual);
        Arrays.fill(actual, q - 1);
        long[] inv = actual.clone();
        Ntt.inverse(inv, NttTables.of(q, logN));
        fma.inverse(actual);
        assertArrayEquals(inv, actual);
    }

    @Test
    void refusesPrimesTooLargeForDoublesAndWrongLengths() {
        long q50 = Primes.generate(50, 2L << 12);
        InvalidModulusException e = assertThrows(InvalidModulusException.class, () -> FmaNtt.of(q50, 12));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("2^49"), e.getMessage());
        long q = Primes.generate(40, 2L << 12);
        assertThrows(InvalidDegreeException.class, () -> FmaNtt.of(q, 1));
        assertThrows(InvalidDegreeException.class, () -> FmaNtt.of(q, 12).forward(new long[100]));
    }
}
