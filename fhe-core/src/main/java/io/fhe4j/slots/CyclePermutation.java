package io.fhe4j.slots;

/**
 * A fixed permutation {@code perm} of {@code [0, n)} applied in place as a gather,
 * {@code a[s] <- a[perm[s]]} for every s at once, by walking its cycles: one read and one write
 * per moved entry, no scratch array, fixed points untouched.
 *
 * <p>Immutable and thread-safe (the array argument is modified in place).
 */
final class CyclePermutation {
    private final int n;
    /** The entries of every non-trivial cycle, each cycle listed as c, perm[c], perm[perm[c]], .... */
    private final int[] sequence;
    /** Exclusive end, in {@link #sequence}, of each cycle. */
    private final int[] cycleEnds;

    /**
     * @param perm a permutation of {@code [0, perm.length)}, not modified
     * @throws IllegalArgumentException if perm is not a permutation
     */
    CyclePermutation(int[] perm) {
        this.n = perm.length;
        boolean[] seen = new boolean[n];
        int[] seq = new int[n];
        int[] ends = new int[n];
        int len = 0;
        int cycles = 0;
        for (int start = 0; start < n; start++) {
            if (seen[start]) {
                continue;
            }
            if (perm[start] == start) {
                seen[start] = true;
                continue;
            }
            int c = start;
            while (!seen[c]) {
                seen[c] = true;
                seq[len++] = c;
                c = perm[c];
                if (c < 0 || c >= n) {
                    throw new IllegalArgumentException("index " + c + " is outside [0, " + n + "): not a permutation");
                }
            }
            if (c != start) {
                throw new IllegalArgumentException("index " + c + " is reached twice: not a permutation");
            }
            ends[cycles++] = len;
        }
        this.sequence = java.util.Arrays.copyOf(seq, len);
        this.cycleEnds = java.util.Arrays.copyOf(ends, cycles);
    }

    /** Length n of the permuted arrays. */
    int size() {
        return n;
    }

    /**
     * {@code a[s] <- a[perm[s]]} for all s, in place.
     *
     * @param a an array of length n, permuted in place
     */
    void gatherInPlace(long[] a) {
        final int[] seq = sequence;
        int start = 0;
        for (int end : cycleEnds) {
            long first = a[seq[start]];
            int k = start;
            for (int last = end - 1; k < last; k++) {
                a[seq[k]] = a[seq[k + 1]];
            }
            a[seq[k]] = first;
            start = end;
        }
    }
}
