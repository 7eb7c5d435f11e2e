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

    /** Bounds from 1 to 2^63 - 1, many just above a power of two (where half the words are rejected). */
    @Property(tries = 80)
    void boundedNextLongsEqualsRepeatedNextLong(@ForAll long s, @ForAll @IntRange(min = 0, max = 20000) int before,
                                                @ForAll @IntRange(min = 0, max = 5000) int n,
                                                @ForAll @IntRange(min = 0, max = 62) int bits, @ForAll boolean justAbove) {
        long bound = justAbove ? (1L << bits) + 1 + (bits == 62 ? 0 : s & ((1L << bits) - 1) >>> 8)
                : Math.max(1, s >>> (63 - bits));
        Prng bulk = Prng.fromSeed(seed(s));
        Prng single = Prng.fromSeed(seed(s));
        bulk.nextBytes(new byte[before]);
        single.nextBytes(new byte[before]);
        long[] values = new long[n];
        bulk.nextLongs(values, bound);
        for (int j = 0; j < n; j++) {
            assertEquals(single.nextLong(bound), values[j], "value " + j + " below " + bound);
        }
        assertEquals(single.nextLong(), bulk.nextLong(), "the streams stay in step afterwards");
    }

    @Property(tries = 5)
    void boundedNextLongsRejectsNonPositiveBounds(@ForAll @net.jqwik.api.constraints.LongRange(max = 0) long bound) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Prng.fromSeed(seed(1)).nextLongs(new long[3], bound));
    }
}
