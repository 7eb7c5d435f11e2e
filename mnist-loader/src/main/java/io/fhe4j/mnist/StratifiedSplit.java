package io.fhe4j.mnist;

import java.util.Arrays;

/**
 * Chooses a held-out test set with the same class proportions as the whole, for data that comes without one.
 *
 * <p>Rule: the test set has {@code T = round-half-up(n * testFraction)} items. Class {@code c} with {@code n_c}
 * items contributes {@code floor(n_c * testFraction)} of them, and the remaining items go one each to the classes
 * with the largest fractional parts (ties to the lower class), so each class's share is within one item of exact.
 * Within a class the held-out items are the first ones of a SplitMix64 permutation of the class's items, one
 * generator seeded by {@code seed} used for the classes in order, so a seed gives the same split on every JDK. Both
 * parts list their indices in increasing order. Stateless and thread-safe.
 */
public final class StratifiedSplit {
    private StratifiedSplit() {
    }

    /**
     * The train and test indices ({@code [0]} and {@code [1]}) of a stratified split of items with these labels.
     *
     * @param labels       one label {@code 0..classes-1} per item; not modified
     * @param testFraction in (0, 1)
     */
    public static int[][] indices(int[] labels, int classes, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be strictly between 0 and 1, got " + testFraction);
        }
        int n = labels.length;
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", outside 0.." + (classes - 1));
            }
            counts[labels[i]]++;
        }
        int total = (int) Math.min(n, Math.floor(n * testFraction + 0.5));
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int assigned = 0;
        for (int c = 0; c < classes; c++) {
            double exact = counts[c] * testFraction;
            take[c] = (int) Math.floor(exact);
            remainder[c] = exact - take[c];
            assigned += take[c];
        }
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        for (int k = 0; assigned < total && k < classes; k++) {
            int c = order[k];
            if (take[c] < counts[c]) {
                take[c]++;
                assigned++;
            }
        }
        int[][] members = new int[classes][];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < n; i++) {
            members[labels[i]][fill[labels[i]]++] = i;
        }
        boolean[] test = new boolean[n];
        SplitMix64 random = new SplitMix64(seed);
        for (int c = 0; c < classes; c++) {
            int[] m = members[c];
            for (int i = m.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = m[i];
                m[i] = m[j];
                m[j] = t;
            }
            for (int k = 0; k < take[c]; k++) {
                test[m[k]] = true;
            }
        }
        int[] testIdx = new int[assigned];
        int[] trainIdx = new int[n - assigned];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (test[i]) {
                testIdx[a++] = i;
            } else {
                trainIdx[b++] = i;
            }
        }
        return new int[][] {trainIdx, testIdx};
    }

    /** A stratified split of an image dataset; see the class comment. */
    public static TrainValidation split(Dataset data, double testFraction, long seed) {
        int[][] parts = indices(data.labels(), data.classes(), testFraction, seed);
        return new TrainValidation(data.select(parts[0]), data.select(parts[1]));
    }
}
