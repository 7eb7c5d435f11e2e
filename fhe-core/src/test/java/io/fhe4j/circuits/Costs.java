package io.fhe4j.circuits;

/**
 * The documented costs of the circuits (products, depth) for operands of k non-constant bits of
 * depth 0, as stated in the Javadoc of {@link BinaryArith} and in the package table. Closed forms
 * where the circuit has one; for the Sklansky-based and Dadda-based circuits the values for
 * k = 1 .. 16 (index k - 1), which the package documentation quotes at k = 8 and 16.
 */
final class Costs {
    private Costs() {
    }

    static int lg(int n) {
        return Prefix.ceilLog2(n);
    }

    static int rippleMultiplications(int k) {
        return k - 1;
    }

    static int rippleDepth(int k) {
        return k - 1;
    }

    static int lessThanMultiplications(int k) {
        return 3 * k - 2 - lg(k);
    }

    static int lessThanDepth(int k) {
        return 1 + lg(k);
    }

    static int equalMultiplications(int k) {
        return k - 1;
    }

    static int equalDepth(int k) {
        return lg(k);
    }

    static int maxMultiplications(int k) {
        return lessThanMultiplications(k) + k;
    }

    static int maxDepth(int k) {
        return lessThanDepth(k) + 1;
    }

    static int addDepth(int k) {
        return k == 1 ? 0 : 1 + lg(k - 1);
    }

    static int negateDepth(int k) {
        return k <= 2 ? 0 : lg(k - 1);
    }

    /** (k - 1) generate bits + sum_{i<k-1} popcount(i) G combinations + the propagate products. */
    static int addMultiplications(int k) {
        int n = k - 1;
        int g = 0;
        for (int i = 0; i < n; i++) {
            g += Integer.bitCount(i);
        }
        return n + g + ADD_PROPAGATE[k - 1];
    }

    /** Propagate products the Sklansky carries of a k-bit adder need (k = 1 .. 16). */
    private static final int[] ADD_PROPAGATE = {0, 0, 0, 0, 1, 1, 2, 3, 5, 5, 6, 7, 9, 10, 12, 14};

    /** Products of negation, the prefix ANDs of k - 1 bits (k = 1 .. 16). */
    static final int[] NEGATE = {0, 0, 1, 2, 4, 5, 7, 9, 12, 13, 15, 17, 20, 22, 25, 28};

    /** Products of the k x k -> 2k product, signed or unsigned (k = 1 .. 16). */
    static final int[] MULTIPLY = {1, 6, 20, 39, 62, 89, 122, 161, 202, 245, 294, 349, 408, 471, 540, 615};

    /** Depth of the k x k -> 2k product (k = 1 .. 16). */
    static final int[] MULTIPLY_DEPTH = {1, 3, 5, 6, 8, 8, 9, 9, 10, 11, 11, 11, 11, 12, 12, 12};

    /** Dadda's stage count for a column of height h: heights 2, 3, 4, 6, 9, 13, ... below h. */
    static int daddaStages(int h) {
        int stages = 0;
        for (int d = 2; d < h; d = d * 3 / 2) {
            stages++;
        }
        return stages;
    }
}
