package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.Primes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ring's transform gives Ntt's values whichever kernel it picks (FmaNtt below 2^49 from N = 8192). */
class NegacyclicTransformTest {
    @Test
    void sameValuesAsNttForEveryPrimeSizeAndLength() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int logN : new int[] {12, 13, 15}) {
            for (int bits : new int[] {30, 40, 48, 49, 50, 60}) {
                long q = Primes.generate(bits, 2L << logN);
                NttTables tables = NttTables.of(q, logN);
                NegacyclicTransform transform = new NegacyclicTransform(tables);
                long[] a = new long[1 << logN];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextLong(q);
                }
                long[] expected = a.clone();
                Ntt.forward(expected, tables);
                long[] actual = a.clone();
                transform.forward(actual);
                assertArrayEquals(expected, actual, "forward, " + bits + " bits, N = 2^" + logN);
                transform.inverse(actual);
                assertArrayEquals(a, actual, "inverse, " + bits + " bits, N = 2^" + logN);
            }
        }
    }
}
