package io.fhe4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The bulk and single-word outputs of {@link Prng} are one stream, whatever was drawn before. */
class PrngProperties {
    private static byte[] seed(long s) {
        byte[] b = new byte[Prng.SEED_BYTES];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (s >>> (8 * i));
        }
        return b;
    }

    @Property(tries = 60)
    void nextLongsEqualsRepeatedNextLong(@ForAll long s, @ForAll @IntRange(min = 0, max = 20000) int before,
                                         @ForAll @IntRange(min = 0, max = 5000) int n) {
        Prng bulk = Prng.fromSeed(seed(s));
        Prng single = Prng.fromSeed(seed(s));
        bulk.nextBytes(new byte[before]); // any byte count, also one that leaves the buffer unaligned
        single.nextBytes(new byte[before]);
        long[] words = new long[n];
        bulk.nextLongs(words);
        long[] expected = new long[n];
        for (int j = 0; j < n; j++) {
            expected[j] = single.nextLong();
        }
        assertArrayEquals(expected, words);
        assertEquals(single.nextLong(), bulk.nextLong(), "the streams stay in step afterwards");
    }
}
