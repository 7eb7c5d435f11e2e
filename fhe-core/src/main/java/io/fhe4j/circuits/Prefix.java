package io.fhe4j.circuits;

import java.util.HashMap;
import java.util.Map;

/**
 * Carry computations on generate/propagate pairs {@code (g_i, p_i)} with the carry operator
 * {@code (G, P)_hi o (G, P)_lo = (G_hi ^ P_hi G_lo, P_hi P_lo)} (the two terms of G are never both
 * 1, so OR is XOR). Propagate products are computed lazily: only those some carry needs. Products
 * with constant operands are free ({@link BinaryArith#and}).
 */
final class Prefix {
    private Prefix() {
    }

    /**
     * All prefix carries by Sklansky's parallel prefix: {@code out[i] = G(0..i)}, the carry into
     * position i+1. Level j combines every position i with bit j set with the last position of
     * the lower half of its block, {@code lo = (i >> (j+1) << (j+1)) + 2^j - 1}; so position i is
     * combined popcount(i) times and the carries have depth {@code max depth(g) + ceil(log2 n)}.
     * Sklansky rather than Kogge-Stone: the same depth with about n/2 log n instead of n log n
     * combinations; its large fan-out costs nothing in FHE.
     */
    static <B> Bit<B>[] sklansky(BinaryArith<B> ar, Bit<B>[] g, Bit<B>[] p) {
        int n = g.length;
        int levels = ceilLog2(n);
        @SuppressWarnings("unchecked")
        Bit<B>[][] pMemo = new Bit[levels + 1][];
        pMemo[0] = p.clone();
        for (int l = 1; l <= levels; l++) {
            pMemo[l] = new Bit[n];
        }
        Bit<B>[] gg = g.clone();
        for (int j = 0; j < levels; j++) {
            Bit<B>[] next = gg.clone();
            for (int i = 0; i < n; i++) {
                if (((i >> j) & 1) == 0) {
                    continue;
                }
                Bit<B> glo = gg[lowPartner(i, j)];
                if (glo.isZero()) {
                    continue;
                }
                next[i] = ar.xor(gg[i], ar.and(propagate(ar, pMemo, i, j), glo));
            }
            gg = next;
        }
        return gg;
    }

    /** The last position of the lower half of i's block at level j. */
    private static int lowPartner(int i, int j) {
        return ((i >> (j + 1)) << (j + 1)) + (1 << j) - 1;
    }

    /** P of position i after levels 0..level-1: the AND of p over [i - (i mod 2^level), i]. */
    private static <B> Bit<B> propagate(BinaryArith<B> ar, Bit<B>[][] memo, int i, int level) {
        Bit<B> r = memo[level][i];
        if (r == null) {
            int j = level - 1;
            r = ((i >> j) & 1) == 0 ? propagate(ar, memo, i, j)
                    : ar.and(propagate(ar, memo, i, j), propagate(ar, memo, lowPartner(i, j), j));
            memo[level][i] = r;
        }
        return r;
    }

    /**
     * Only the carry out of all n positions, {@code G(0..n-1)}, by a balanced tree (the lower
     * child takes ceil(size/2) positions). n - 1 G combinations; a node's P is computed unless
     * the node lies on the lower spine, so {@code n - 1 - ceil(log2 n)} P products; depth
     * {@code max depth(g) + ceil(log2 n)} for inputs of equal depth.
     */
    static <B> Bit<B> carryOut(BinaryArith<B> ar, Bit<B>[] g, Bit<B>[] p) {
        return carryOut(ar, g, p, 0, g.length, new HashMap<>());
    }

    private static <B> Bit<B> carryOut(BinaryArith<B> ar, Bit<B>[] g, Bit<B>[] p, int s, int e, Map<Long, Bit<B>> pMemo) {
        if (e - s == 1) {
            return g[s];
        }
        int mid = s + (e - s + 1) / 2;
        Bit<B> glo = carryOut(ar, g, p, s, mid, pMemo);
        Bit<B> ghi = carryOut(ar, g, p, mid, e, pMemo);
        if (glo.isZero()) {
            return ghi;
        }
        return ar.xor(ghi, ar.and(propagateRange(ar, p, mid, e, pMemo), glo));
    }

    private static <B> Bit<B> propagateRange(BinaryArith<B> ar, Bit<B>[] p, int s, int e, Map<Long, Bit<B>> memo) {
        if (e - s == 1) {
            return p[s];
        }
        long key = ((long) s << 32) | e;
        Bit<B> r = memo.get(key);
        if (r == null) {
            int mid = s + (e - s + 1) / 2;
            r = ar.and(propagateRange(ar, p, mid, e, memo), propagateRange(ar, p, s, mid, memo));
            memo.put(key, r);
        }
        return r;
    }

    /** AND of all bits by a balanced tree: n - 1 products, depth ceil(log2 n) for equal input depths. */
    static <B> Bit<B> andAll(BinaryArith<B> ar, Bit<B>[] x, int s, int e) {
        if (e - s == 1) {
            return x[s];
        }
        int mid = s + (e - s + 1) / 2;
        return ar.and(andAll(ar, x, s, mid), andAll(ar, x, mid, e));
    }

    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
