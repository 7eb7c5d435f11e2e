package io.fhe4j.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The in-place cycle walk against an out-of-place gather. */
class CyclePermutationTest {

    @Property(tries = 100)
    void gathersLikeAnOutOfPlaceCopy(@ForAll @IntRange(min = 1, max = 3000) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int shuffles = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : n; // sometimes nearly the identity
        for (int i = n - 1; i > 0 && shuffles-- > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        long[] a = rnd.longs(n).toArray();
        long[] expected = new long[n];
        for (int s = 0; s < n; s++) {
            expected[s] = a[perm[s]];
        }
        CyclePermutation p = new CyclePermutation(perm);
        assertEquals(n, p.size());
        p.gatherInPlace(a);
        assertArrayEquals(expected, a);
    }

    @Test
    void rejectsNonPermutations() {
        assertThrows(IllegalArgumentException.class, () -> new CyclePermutation(new int[] {1, 1, 0}));
        assertThrows(IllegalArgumentException.class, () -> new CyclePermutation(new int[] {0, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new CyclePermutation(new int[] {1, 1}));
    }
}
