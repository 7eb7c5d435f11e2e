package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Phi_m against the identity prod_{d | m} Phi_d = X^m - 1 and known values. */
class CyclotomicTest {

    static long[] mulExact(long[] a, long[] b) {
        long[] r = new long[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                r[i + j] = Math.addExact(r[i + j], Math.multiplyExact(a[i], b[j]));
            }
        }
        return r;
    }

    @Test
    void productOverDivisorsIsXmMinusOne() {
        for (int m = 1; m <= 400; m++) {
            long[] prod = {1};
            for (int d = 1; d <= m; d++) {
                if (m % d == 0) {
                    long[] f = Cyclotomic.phi(d);
                    assertEquals(Cyclotomic.eulerPhi(d) + 1, f.length, "deg Phi_" + d);
                    prod = mulExact(prod, f);
                }
            }
            long[] expected = new long[m + 1];
            expected[0] = -1;
            expected[m] = 1;
            assertArrayEquals(expected, prod, "m = " + m);
        }
    }

    @Test
    void knownValues() {
        assertArrayEquals(new long[] {1, 1, 1}, Cyclotomic.phi(3));
        assertArrayEquals(new long[] {1, 0, 0, 0, 1}, Cyclotomic.phi(8));
        assertArrayEquals(new long[] {1, -1, 1}, Cyclotomic.phi(6));
        long[] p105 = Cyclotomic.phi(105);
        assertEquals(-2, p105[7]);
        assertEquals(-2, p105[41]);
        assertEquals(-2, Arrays.stream(p105).min().getAsLong());
        for (int m : new int[] {4369, 21845, 31775, 4095, 8191}) {
            assertEquals(Cyclotomic.eulerPhi(m) + 1, Cyclotomic.phi(m).length);
        }
        assertEquals(4096, Cyclotomic.eulerPhi(4369));
        assertEquals(16, Cyclotomic.multiplicativeOrder(2, 4369));
        assertEquals(13, Cyclotomic.multiplicativeOrder(2, 8191));
        assertThrows(IllegalArgumentException.class, () -> Cyclotomic.multiplicativeOrder(3, 4095));
        assertThrows(InvalidDegreeException.class, () -> Cyclotomic.phi(0));
    }
}
