package io.fhe4j.circuits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * HElib's {@code binaryArith}: circuits on {@link BinaryInt}s over one {@link BitBackend}, written
 * once for every backend. Public constants are folded (an AND with a constant is free), the depth
 * of every bit is tracked, and the backend counts the products; the costs below are for operands
 * of the stated widths whose bits are all non-constant and of depth 0, and they are checked
 * exactly by the tests. {@code ceil(log2 n)} is written {@code lg n} (lg 1 = 0). See the package
 * documentation for the numbers at k = 8 and 16.
 *
 * <p>Binary operations take operands of the same signedness (mixing throws
 * {@link CircuitArgumentException}); operands of different widths are first extended to the
 * wider one (sign-extended if signed, which costs nothing). Results wrap mod 2^k like Java's
 * integer arithmetic unless a method says otherwise.
 *
 * <p>Thread-safe if the backend is.
 *
 * @param <B> the backend's bit value
 */
public final class BinaryArith<B> {
    private final BitBackend<B> backend;

    /** Circuits over this backend. */
    public BinaryArith(BitBackend<B> backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** The backend (and its counters). */
    public BitBackend<B> backend() {
        return backend;
    }

    /** The backend's product count so far. */
    public long multiplications() {
        return backend.multiplications();
    }

    // ---- bits -----------------------------------------------------------------------------

    /** {@code a AND b}: one product unless an operand is a constant (or both are the same bit). */
    public Bit<B> and(Bit<B> a, Bit<B> b) {
        if (a.isConstant()) {
            return a.constantValue() ? settle(b) : a;
        }
        if (b.isConstant()) {
            return b.constantValue() ? settle(a) : b;
        }
        if (a == b) {
            return settle(a);
        }
        Bit<B> x = settle(a);
        Bit<B> y = settle(b);
        return Bit.computed(backend.and(x.value(), y.value()), Math.max(x.depth(), y.depth()) + 1, false);
    }

    /** {@code a AND b} left unrelinearized where the backend supports it (one product). */
    Bit<B> andPending(Bit<B> a, Bit<B> b) {
        if (a.isConstant() || b.isConstant() || a == b) {
            return and(a, b);
        }
        Bit<B> x = settle(a);
        Bit<B> y = settle(b);
        return Bit.computed(backend.andWithoutRelinearization(x.value(), y.value()), Math.max(x.depth(), y.depth()) + 1,
                true);
    }

    /** The bit relinearized if it is pending. */
    Bit<B> settle(Bit<B> a) {
        return a.pending() ? Bit.computed(backend.relinearize(a.value()), a.depth(), false) : a;
    }

    /** {@code a XOR b}: free. */
    public Bit<B> xor(Bit<B> a, Bit<B> b) {
        if (a.isConstant()) {
            return a.constantValue() ? not(b) : b;
        }
        if (b.isConstant()) {
            return b.constantValue() ? not(a) : a;
        }
        if (a == b) {
            return Bit.zero();
        }
        return Bit.computed(backend.xor(a.value(), b.value()), Math.max(a.depth(), b.depth()), a.pending() || b.pending());
    }

    /** {@code NOT a}: free. */
    public Bit<B> not(Bit<B> a) {
        if (a.isConstant()) {
            return Bit.constant(!a.constantValue());
        }
        return Bit.computed(backend.not(a.value()), a.depth(), a.pending());
    }

    /** The majority of three bits, {@code c ^ (a ^ c)(b ^ c)}: one product, the carry of a full adder. */
    public Bit<B> majority(Bit<B> a, Bit<B> b, Bit<B> c) {
        return xor(c, and(xor(a, c), xor(b, c)));
    }

    /** {@code c ? x : y} as {@code y ^ c (x ^ y)}: one product. */
    public Bit<B> select(Bit<B> c, Bit<B> x, Bit<B> y) {
        return xor(y, and(c, xor(x, y)));
    }

    // ---- bitwise --------------------------------------------------------------------------

    /** Bitwise AND: k products, depth 1. */
    public BinaryInt<B> and(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        Bit<B>[] x = bitsOf(a, k);
        Bit<B>[] y = bitsOf(b, k);
        List<Bit<B>> r = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            r.add(and(x[i], y[i]));
        }
        return BinaryInt.of(r, a.isSigned());
    }

    /** Bitwise XOR: free. */
    public BinaryInt<B> xor(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        Bit<B>[] x = bitsOf(a, k);
        Bit<B>[] y = bitsOf(b, k);
        List<Bit<B>> r = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            r.add(xor(x[i], y[i]));
        }
        return BinaryInt.of(r, a.isSigned());
    }

    /** Bitwise NOT (for signed numbers {@code -x - 1}): free. */
    public BinaryInt<B> not(BinaryInt<B> a) {
        List<Bit<B>> r = new ArrayList<>(a.width());
        for (Bit<B> b : a.bits()) {
            r.add(not(b));
        }
        return BinaryInt.of(r, a.isSigned());
    }

    // ---- adders ---------------------------------------------------------------------------

    /**
     * {@code a + b mod 2^k} by a ripple-carry adder, one full adder (one product) per bit:
     * {@code k - 1} products, depth {@code k - 1}. Fewest products, deepest circuit.
     */
    public BinaryInt<B> addRippleCarry(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        Bit<B>[] x = bitsOf(a, k);
        Bit<B>[] y = bitsOf(b, k);
        List<Bit<B>> r = new ArrayList<>(k);
        Bit<B> carry = Bit.zero();
        for (int i = 0; i < k; i++) {
            r.add(xor(xor(x[i], y[i]), carry));
            if (i < k - 1) {
                carry = majority(x[i], y[i], carry);
            }
        }
        return BinaryInt.of(r, a.isSigned());
    }

    /**
     * {@code a + b mod 2^k} by a low-depth adder: generate bits {@code g_i = a_i b_i} (k - 1 of
     * them) and Sklansky's parallel prefix for the carries. Depth {@code 1 + lg(k - 1)} for
     * k >= 2 (0 for k = 1); products {@code (k - 1) + sum_{i<k-1} popcount(i) + P(k - 1)},
     * where the first sum counts the G combinations and {@code P(n)} the propagate products
     * the carries need (k = 8: 19 products, depth 4; k = 16: 57, depth 5).
     */
    public BinaryInt<B> add(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        return BinaryInt.of(List.of(addBits(bitsOf(a, k), bitsOf(b, k), Bit.zero())), a.isSigned());
    }

    /**
     * {@code a - b mod 2^k} as {@code a + NOT b + 1}; the carry-in 1 folds into the first
     * generate bit ({@code a_0 OR NOT b_0}, one product), so it costs exactly what {@link #add} does.
     */
    public BinaryInt<B> subtract(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        return BinaryInt.of(List.of(addBits(bitsOf(a, k), bitsOf(not(b), k), Bit.one())), a.isSigned());
    }

    /**
     * {@code -a mod 2^k} as {@code NOT a + 1}: the carries are the prefix ANDs of
     * {@code NOT a_0 .. NOT a_{k-2}}, by the same Sklansky prefix; depth {@code lg(k - 1)}.
     */
    public BinaryInt<B> negate(BinaryInt<B> a) {
        int k = a.width();
        return BinaryInt.of(List.of(addBits(bitsOf(not(a), k), zeros(k), Bit.one())), a.isSigned());
    }

    /**
     * The k sum bits of {@code x + y + cin mod 2^k} (Sklansky carries). x and y have the same
     * length and are not modified.
     */
    Bit<B>[] addBits(Bit<B>[] x, Bit<B>[] y, Bit<B> cin) {
        int k = x.length;
        @SuppressWarnings("unchecked")
        Bit<B>[] p = new Bit[k];
        for (int i = 0; i < k; i++) {
            p[i] = xor(x[i], y[i]);
        }
        @SuppressWarnings("unchecked")
        Bit<B>[] s = new Bit[k];
        s[0] = xor(p[0], cin);
        if (k == 1) {
            return s;
        }
        @SuppressWarnings("unchecked")
        Bit<B>[] g = new Bit[k - 1];
        g[0] = majority(x[0], y[0], cin);
        for (int i = 1; i < k - 1; i++) {
            g[i] = and(x[i], y[i]);
        }
        Bit<B>[] carry = Prefix.sklansky(this, g, Arrays.copyOf(p, k - 1));
        for (int i = 1; i < k; i++) {
            s[i] = xor(p[i], carry[i - 1]);
        }
        return s;
    }

    // ---- comparison -----------------------------------------------------------------------

    /**
     * {@code a < b} (signed or unsigned by the operands) in every slot: the missing carry out of
     * {@code a + NOT b + 1}, by a balanced carry tree (signed: the sign bits are flipped first,
     * which is free). Products {@code 3k - 2 - lg k}, depth {@code 1 + lg k}.
     */
    public Bit<B> lessThan(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        Bit<B>[] x = bitsOf(a, k);
        Bit<B>[] y = bitsOf(not(b), k);
        if (a.isSigned()) {
            x[k - 1] = not(x[k - 1]);
            y[k - 1] = not(y[k - 1]);
        }
        @SuppressWarnings("unchecked")
        Bit<B>[] g = new Bit[k];
        @SuppressWarnings("unchecked")
        Bit<B>[] p = new Bit[k];
        g[0] = majority(x[0], y[0], Bit.one());
        p[0] = xor(x[0], y[0]);
        for (int i = 1; i < k; i++) {
            g[i] = and(x[i], y[i]);
            p[i] = xor(x[i], y[i]);
        }
        return not(Prefix.carryOut(this, g, p));
    }

    /** {@code a <= b}, as {@code NOT (b < a)}: the cost of {@link #lessThan}. */
    public Bit<B> lessOrEqual(BinaryInt<B> a, BinaryInt<B> b) {
        return not(lessThan(b, a));
    }

    /** {@code a > b}, as {@code b < a}. */
    public Bit<B> greaterThan(BinaryInt<B> a, BinaryInt<B> b) {
        return lessThan(b, a);
    }

    /** {@code a >= b}, as {@code NOT (a < b)}. */
    public Bit<B> greaterOrEqual(BinaryInt<B> a, BinaryInt<B> b) {
        return not(lessThan(a, b));
    }

    /** {@code a == b}: the AND of the k bits {@code NOT (a_i ^ b_i)} by a balanced tree: k - 1 products, depth lg k. */
    public Bit<B> equal(BinaryInt<B> a, BinaryInt<B> b) {
        int k = commonWidth(a, b);
        Bit<B>[] x = bitsOf(a, k);
        Bit<B>[] y = bitsOf(b, k);
        @SuppressWarnings("unchecked")
        Bit<B>[] e = new Bit[k];
        for (int i = 0; i < k; i++) {
            e[i] = not(xor(x[i], y[i]));
        }
        return Prefix.andAll(this, e, 0, k);
    }

    /** {@code c ? x : y} slot by slot (the multiplexer): k products, depth {@code max(depth c, depth x, depth y) + 1}. */
    public BinaryInt<B> select(Bit<B> c, BinaryInt<B> x, BinaryInt<B> y) {
        int k = commonWidth(x, y);
        Bit<B>[] xs = bitsOf(x, k);
        Bit<B>[] ys = bitsOf(y, k);
        List<Bit<B>> r = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            r.add(select(c, xs[i], ys[i]));
        }
        return BinaryInt.of(r, x.isSigned());
    }

    /** The larger of a and b: {@link #lessThan} then {@link #select}; products {@code 4k - 2 - lg k}, depth {@code 2 + lg k}. */
    public BinaryInt<B> max(BinaryInt<B> a, BinaryInt<B> b) {
        return select(lessThan(a, b), b, a);
    }

    /** The smaller of a and b, as {@link #max}. */
    public BinaryInt<B> min(BinaryInt<B> a, BinaryInt<B> b) {
        return select(lessThan(a, b), a, b);
    }

    // ---- multiplication and sums ----------------------------------------------------------

    /**
     * The exact product in {@code ka + kb} bits (signed if both operands are).
     *
     * @see #multiply(BinaryInt, BinaryInt, int)
     */
    public BinaryInt<B> multiply(BinaryInt<B> a, BinaryInt<B> b) {
        checkSameSign(a, b);
        int w = a.width() + b.width();
        BinaryInt.checkWidth(w);
        return multiply(a, b, w);
    }

    /**
     * The product mod 2^w, for {@code 1 <= w <= ka + kb}: the partial products {@code a_i b_j}
     * of weight below 2^w (ka kb of them for w = ka + kb), compressed by Dadda's 3-for-2 carry-save
     * tree to two rows and added by one Sklansky adder. Signed operands use the modified
     * Baugh-Wooley form: the partial products with exactly one sign bit enter negated, and the
     * constant {@code -sum 2^(i+j)} over them is added through the columns; no sign extension.
     * For k x k -> 2k: {@code k^2} partial products, one product per full or half adder of the
     * Dadda tree and a final adder of about 2k bits; depth at most {@code 1 + stages(k) + 1 + lg(2k)}, where
     * stages(k) counts Dadda's heights 2, 3, 4, 6, 9, 13, ... below k (4 at k = 8, 6 at k = 16).
     * Measured: k = 8: 161 products, depth 9; k = 16: 615, depth 12 (signed and unsigned alike);
     * mod 2^k only: k = 8: 68, depth 6, as the top column needs no carries.
     */
    public BinaryInt<B> multiply(BinaryInt<B> a, BinaryInt<B> b, int w) {
        checkSameSign(a, b);
        int ka = a.width();
        int kb = b.width();
        if (w < 1 || w > ka + kb) {
            throw new CircuitArgumentException("product width " + w + " out of range for " + ka + "- and " + kb
                    + "-bit operands: use 1 to " + (ka + kb));
        }
        boolean signed = a.isSigned();
        List<List<Bit<B>>> cols = columns(w);
        long constant = 0;
        for (int i = 0; i < ka; i++) {
            for (int j = 0; j < kb && i + j < w; j++) {
                Bit<B> pp = and(a.bit(i), b.bit(j));
                boolean negative = signed && ((i == ka - 1) ^ (j == kb - 1));
                if (negative) { // -x 2^m = (NOT x) 2^m - 2^m
                    pp = not(pp);
                    constant -= 1L << (i + j);
                }
                cols.get(i + j).add(pp);
            }
        }
        return BinaryInt.of(List.of(ColumnSum.sum(this, cols, constant)), signed);
    }

    /**
     * Fixed-point product {@code floor(a b / 2^f) mod 2^k} with {@code k = max(ka, kb)}: the
     * product is computed only to width {@code min(ka + kb, k + f)}, the f low bits are dropped
     * (floor, as {@link BinaryInt#shiftRight}) and the result is kept in k bits.
     */
    public BinaryInt<B> multiplyFixedPoint(BinaryInt<B> a, BinaryInt<B> b, int f) {
        int k = commonWidth(a, b);
        if (f < 0 || f >= a.width() + b.width()) {
            throw new CircuitArgumentException("fraction bits " + f + " out of range for " + a.width() + "- and "
                    + b.width() + "-bit operands");
        }
        int w = Math.min(a.width() + b.width(), k + f);
        return multiply(a, b, w).shiftRight(f).resize(k);
    }

    /**
     * The exact sum of the numbers (all signed or all unsigned) in
     * {@code max width + lg(count)} bits (at most 64).
     *
     * @see #sum(List, int)
     */
    public BinaryInt<B> sum(List<BinaryInt<B>> xs) {
        if (xs.isEmpty()) {
            throw new CircuitArgumentException("sum of no numbers: give at least one");
        }
        int k = 0;
        for (BinaryInt<B> x : xs) {
            k = Math.max(k, x.width());
        }
        return sum(xs, Math.min(BinaryInt.MAX_WIDTH, k + Prefix.ceilLog2(xs.size())));
    }

    /**
     * The sum of the numbers mod 2^w, by 3-for-2 compression of all their bits (Dadda) and one
     * final Sklansky adder: about one product per input bit beyond two rows, plus the adder.
     * Signed numbers are not sign-extended: the sign bit s of a k-bit number enters as
     * {@code NOT s} at weight 2^(k-1) together with the constant {@code -2^(k-1)}.
     */
    public BinaryInt<B> sum(List<BinaryInt<B>> xs, int w) {
        BinaryInt.checkWidth(w);
        if (xs.isEmpty()) {
            throw new CircuitArgumentException("sum of no numbers: give at least one");
        }
        boolean signed = xs.get(0).isSigned();
        List<List<Bit<B>>> cols = columns(w);
        long constant = 0;
        for (BinaryInt<B> x : xs) {
            checkSameSign(xs.get(0), x);
            int k = x.width();
            for (int i = 0; i < Math.min(k, w); i++) {
                Bit<B> bit = x.bit(i);
                if (signed && i == k - 1 && k < w) {
                    bit = not(bit);
                    constant -= 1L << i;
                }
                cols.get(i).add(bit);
            }
        }
        return BinaryInt.of(List.of(ColumnSum.sum(this, cols, constant)), signed);
    }

    // ---- fixed point ----------------------------------------------------------------------

    /**
     * Drops the f low bits rounding half up: {@code floor((x + 2^(f-1)) / 2^f)} in
     * {@code k - f + 1} bits (one more than {@link BinaryInt#shiftRight}, so that rounding the
     * largest value up cannot overflow). An increment by the dropped top bit: the Sklansky
     * prefix ANDs of that bit and the kept bits; depth {@code 1 + lg(k - f)}.
     *
     * @param f {@code 1 <= f < width}
     */
    public BinaryInt<B> roundShiftRight(BinaryInt<B> x, int f) {
        if (f < 1 || f >= x.width()) {
            throw new CircuitArgumentException("cannot round away " + f + " low bits of a " + x.width()
                    + "-bit number: use 1 to " + (x.width() - 1));
        }
        int k = x.width() - f + 1;
        Bit<B>[] kept = bitsOf(x.shiftRight(f), k);
        return BinaryInt.of(List.of(addBits(kept, zeros(k), x.bit(f - 1))), x.isSigned());
    }

    // ---- helpers --------------------------------------------------------------------------

    private int commonWidth(BinaryInt<B> a, BinaryInt<B> b) {
        checkSameSign(a, b);
        return Math.max(a.width(), b.width());
    }

    private static void checkSameSign(BinaryInt<?> a, BinaryInt<?> b) {
        if (a.isSigned() != b.isSigned()) {
            throw new CircuitArgumentException("cannot combine a " + describe(a) + " with a " + describe(b)
                    + " number: convert one with withSigned(...) (and resize it if it must keep its value)");
        }
    }

    private static String describe(BinaryInt<?> x) {
        return (x.isSigned() ? "signed " : "unsigned ") + x.width() + "-bit";
    }

    private static <B> Bit<B>[] bitsOf(BinaryInt<B> x, int k) {
        @SuppressWarnings("unchecked")
        Bit<B>[] r = x.resize(k).bits().toArray(new Bit[0]);
        return r;
    }

    private static <B> Bit<B>[] zeros(int k) {
        @SuppressWarnings("unchecked")
        Bit<B>[] r = new Bit[k];
        Arrays.fill(r, Bit.zero());
        return r;
    }

    private static <B> List<List<Bit<B>>> columns(int w) {
        List<List<Bit<B>>> cols = new ArrayList<>(w);
        for (int i = 0; i < w; i++) {
            cols.add(new ArrayList<>());
        }
        return cols;
    }
}
