package io.fhe4j.circuits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sum, mod 2^w, of a matrix of weighted bits (column c holds bits of weight 2^c) plus a
 * public constant: Dadda's column compression with 3-for-2 full adders and 2-for-2 half adders
 * down to two rows, then one fast (Sklansky) adder. Each full adder costs one AND
 * ({@code carry = c ^ (a ^ c)(b ^ c)}), each half adder one, each compression stage at most one
 * level of depth; the top column w-1 is only XORed (its carries would leave the width), so it
 * costs nothing. Constant bits are folded into one constant added through the columns.
 */
final class ColumnSum {
    private ColumnSum() {
    }

    /** Dadda's stage heights 2, 3, 4, 6, 9, 13, 19, 28, ... */
    private static int daddaTarget(int height) {
        int d = 2;
        int prev = 2;
        while (d < height) {
            prev = d;
            d = d * 3 / 2;
        }
        return prev;
    }

    /**
     * @param columns w columns of bits (not modified; constants allowed)
     * @param constant added mod 2^w
     * @return the w bits of the sum, least significant first
     */
    static <B> Bit<B>[] sum(BinaryArith<B> ar, List<List<Bit<B>>> columns, long constant) {
        int w = columns.size();
        long c = constant;
        List<List<Bit<B>>> col = new ArrayList<>(w);
        for (int i = 0; i < w; i++) {
            List<Bit<B>> list = new ArrayList<>();
            for (Bit<B> b : columns.get(i)) {
                if (b.isConstant()) {
                    c += b.constantValue() ? 1L << i : 0;
                } else {
                    list.add(b);
                }
            }
            col.add(list);
        }
        for (int i = 0; i < w; i++) {
            if (((c >>> i) & 1) == 1) {
                col.get(i).add(Bit.one());
            }
        }
        while (true) {
            int max = 0;
            for (int i = 0; i < w - 1; i++) {
                max = Math.max(max, col.get(i).size());
            }
            if (max <= 2) {
                break;
            }
            col = stage(ar, col, daddaTarget(max));
        }
        @SuppressWarnings("unchecked")
        Bit<B>[] x = new Bit[w];
        @SuppressWarnings("unchecked")
        Bit<B>[] y = new Bit[w];
        for (int i = 0; i < w - 1; i++) {
            List<Bit<B>> l = col.get(i);
            x[i] = l.size() > 0 ? l.get(0) : Bit.zero();
            y[i] = l.size() > 1 ? l.get(1) : Bit.zero();
        }
        Bit<B> top = Bit.zero();
        for (Bit<B> b : col.get(w - 1)) {
            top = ar.xor(top, b);
        }
        x[w - 1] = top;
        y[w - 1] = Bit.zero();
        return ar.addBits(x, y, Bit.zero());
    }

    /** One Dadda stage: every column below the top reduced to at most d bits, counting incoming carries. */
    private static <B> List<List<Bit<B>>> stage(BinaryArith<B> ar, List<List<Bit<B>>> col, int d) {
        int w = col.size();
        List<List<Bit<B>>> next = new ArrayList<>(w);
        for (int i = 0; i < w; i++) {
            next.add(new ArrayList<>());
        }
        for (int i = 0; i < w - 1; i++) {
            ArrayDeque<Bit<B>> old = new ArrayDeque<>(col.get(i));
            List<Bit<B>> out = next.get(i);
            while (old.size() + out.size() > d && old.size() >= 2) {
                Bit<B> a = old.poll();
                Bit<B> b = old.poll();
                if (old.size() + out.size() + 2 == d + 1 || old.isEmpty()) { // half adder
                    out.add(ar.xor(a, b));
                    next.get(i + 1).add(ar.and(a, b));
                } else { // full adder
                    Bit<B> cin = old.poll();
                    out.add(ar.xor(ar.xor(a, b), cin));
                    next.get(i + 1).add(ar.majority(a, b, cin));
                }
            }
            List<Bit<B>> merged = new ArrayList<>(old);
            merged.addAll(out);
            next.set(i, merged);
        }
        next.get(w - 1).addAll(0, col.get(w - 1));
        return next;
    }
}
