package io.fhe4j.circuits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * HElib's {@code tableLookup} for binary inputs: any function {@code f: {0,1}^k -> {0,1}^l},
 * given by its table, evaluated on an encrypted k-bit number. Over GF(2) every Boolean function
 * is a unique XOR of monomials (its algebraic normal form, the Mobius transform of its truth
 * table): {@code f_j(x) = XOR_{S in A_j} prod_{i in S} x_i}. The circuit computes each monomial
 * {@code x^S} that some output bit needs once, as the product of its two halves over a fixed
 * balanced split of the bit positions, then each output bit as an XOR: exact, with no
 * approximation.
 *
 * <p>Cost: one product per needed monomial of degree >= 2 and per sub-monomial the split
 * creates; at most {@code 2^k - k - 1} products, exactly that when the ANF has every monomial
 * (for example {@code f(x) = [x == 0]}); depth at most {@code lg k} ({@code ceil(log2 k)}),
 * exactly that when the monomial of all k bits is needed. Products that are not factors of
 * other products stay unrelinearized until their XOR is formed, so relinearizations are
 * {@code (factor monomials) + (output bits holding such a product)}, far fewer than products.
 *
 * <p>Immutable and thread-safe.
 */
public final class TableLookup {
    private final int inputWidth;
    private final int outputWidth;
    private final boolean signedOutput;
    private final long[] table;
    private final long[] anf;
    /** Monomials (bit masks of degree >= 2) in increasing popcount, with their two factors. */
    private final int[] masks;
    private final int[] lowFactor;
    private final int[] highFactor;
    private final boolean[] isFactor;

    private TableLookup(long[] table, int inputWidth, int outputWidth, boolean signedOutput) {
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.signedOutput = signedOutput;
        this.table = table;
        this.anf = mobius(table, inputWidth);
        Map<Integer, int[]> factors = new HashMap<>();
        for (int x = 0; x < anf.length; x++) {
            if (anf[x] != 0) {
                plan(x, 0, inputWidth, factors);
            }
        }
        List<Integer> list = new ArrayList<>(factors.keySet());
        list.sort((p, q) -> Integer.bitCount(p) != Integer.bitCount(q) ? Integer.bitCount(p) - Integer.bitCount(q)
                : Integer.compare(p, q));
        masks = new int[list.size()];
        lowFactor = new int[list.size()];
        highFactor = new int[list.size()];
        isFactor = new boolean[list.size()];
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < masks.length; i++) {
            masks[i] = list.get(i);
            index.put(masks[i], i);
            lowFactor[i] = factors.get(masks[i])[0];
            highFactor[i] = factors.get(masks[i])[1];
        }
        for (int i = 0; i < masks.length; i++) {
            for (int f : new int[] {lowFactor[i], highFactor[i]}) {
                Integer j = index.get(f);
                if (j != null) {
                    isFactor[j] = true;
                }
            }
        }
    }

    /**
     * A lookup from its table: {@code table[x]} is the l-bit output for the input bit pattern x
     * (for a signed input, x is the two's complement pattern: -1 is {@code 2^k - 1}).
     *
     * @param table 2^k entries (k = inputWidth, 1 to 20), each reduced mod 2^l; copied
     * @throws CircuitArgumentException if a size is out of range
     */
    public static TableLookup of(long[] table, int inputWidth, int outputWidth, boolean signedOutput) {
        if (inputWidth < 1 || inputWidth > 20) {
            throw new CircuitArgumentException("table lookup input width " + inputWidth + " out of range: use 1 to 20"
                    + " (the table has 2^k entries)");
        }
        BinaryInt.checkWidth(outputWidth);
        if (table.length != 1 << inputWidth) {
            throw new CircuitArgumentException("a table on " + inputWidth + "-bit inputs needs " + (1 << inputWidth)
                    + " entries, got " + table.length);
        }
        long mask = outputWidth == 64 ? -1L : (1L << outputWidth) - 1;
        long[] t = new long[table.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = table[i] & mask;
        }
        return new TableLookup(t, inputWidth, outputWidth, signedOutput);
    }

    /**
     * The lookup of a function of the input's value: for every k-bit pattern x, read as signed
     * or unsigned, the output is {@code f(value) mod 2^l}. For a sigmoid on 8-bit signed fixed
     * point, say: {@code of(8, true, 8, false, v -> round(256 / (1 + exp(-v / 16.0))))}.
     */
    public static TableLookup of(int inputWidth, boolean signedInput, int outputWidth, boolean signedOutput,
            LongUnaryOperator f) {
        if (inputWidth < 1 || inputWidth > 20) {
            throw new CircuitArgumentException("table lookup input width " + inputWidth + " out of range: use 1 to 20");
        }
        long[] t = new long[1 << inputWidth];
        for (int x = 0; x < t.length; x++) {
            long v = signedInput ? (long) x << (64 - inputWidth) >> (64 - inputWidth) : x;
            t[x] = f.applyAsLong(v);
        }
        return of(t, inputWidth, outputWidth, signedOutput);
    }

    /** The Mobius transform over GF(2), all output bits at once: anf[S] = XOR_{T subset of S} table[T]. */
    static long[] mobius(long[] table, int k) {
        long[] a = table.clone();
        for (int b = 0; b < k; b++) {
            int bit = 1 << b;
            for (int x = 0; x < a.length; x++) {
                if ((x & bit) != 0) {
                    a[x] ^= a[x ^ bit];
                }
            }
        }
        return a;
    }

    /** Records the factorization of monomial x (and its factors, recursively) over [lo, hi). */
    private static void plan(int x, int lo, int hi, Map<Integer, int[]> factors) {
        if (Integer.bitCount(x) < 2 || factors.containsKey(x)) {
            return;
        }
        while (true) {
            int mid = lo + (hi - lo + 1) / 2;
            int lowMask = ((1 << mid) - 1) & ~((1 << lo) - 1);
            int low = x & lowMask;
            int high = x & ~lowMask;
            if (low == 0) {
                lo = mid;
            } else if (high == 0) {
                hi = mid;
            } else {
                factors.put(x, new int[] {low, high});
                plan(low, lo, mid, factors);
                plan(high, mid, hi, factors);
                return;
            }
        }
    }

    /** Input width k. */
    public int inputWidth() {
        return inputWidth;
    }

    /** Output width l. */
    public int outputWidth() {
        return outputWidth;
    }

    /** Products one evaluation computes on non-constant inputs: the monomials of degree >= 2 it needs. */
    public int multiplications() {
        return masks.length;
    }

    /** Relinearizations one evaluation performs on non-constant inputs. */
    public int relinearizations() {
        int r = 0;
        for (boolean f : isFactor) {
            r += f ? 1 : 0;
        }
        for (int j = 0; j < outputWidth; j++) {
            for (int x = 0; x < anf.length; x++) {
                if (((anf[x] >>> j) & 1) == 1 && Integer.bitCount(x) >= 2 && !isFactor[indexOf(x)]) {
                    r++;
                    break;
                }
            }
        }
        return r;
    }

    /** Multiplicative depth on inputs of depth 0: lg of the largest degree in the ANF. */
    public int depth() {
        int d = 0;
        for (int x = 0; x < anf.length; x++) {
            if (anf[x] != 0) {
                d = Math.max(d, monomialDepth(x, 0, inputWidth));
            }
        }
        return d;
    }

    private static int monomialDepth(int x, int lo, int hi) {
        if (Integer.bitCount(x) < 2) {
            return 0;
        }
        int mid = lo + (hi - lo + 1) / 2;
        int lowMask = ((1 << mid) - 1) & ~((1 << lo) - 1);
        if ((x & lowMask) == 0) {
            return monomialDepth(x, mid, hi);
        }
        if ((x & ~lowMask) == 0) {
            return monomialDepth(x, lo, mid);
        }
        return 1 + Math.max(monomialDepth(x & lowMask, lo, mid), monomialDepth(x & ~lowMask, mid, hi));
    }

    /** The table's output for the input pattern x (the plaintext reference), in [0, 2^l). */
    public long lookup(long x) {
        return table[(int) (x & (table.length - 1))];
    }

    /** A copy of the algebraic normal form: bit j of entry S is the coefficient of x^S in output bit j. */
    public long[] algebraicNormalForm() {
        return anf.clone();
    }

    private int indexOf(int mask) {
        for (int i = 0; i < masks.length; i++) {
            if (masks[i] == mask) {
                return i;
            }
        }
        throw new IllegalStateException("monomial " + mask + " was not planned");
    }

    /**
     * Evaluates the table on x in every slot.
     *
     * @param x a number of exactly the table's input width (its signedness does not matter: the
     *     table is indexed by the bit pattern)
     * @return the l-bit output, signed as the table was built
     * @throws CircuitArgumentException if x has another width
     */
    public <B> BinaryInt<B> apply(BinaryArith<B> arith, BinaryInt<B> x) {
        if (x.width() != inputWidth) {
            throw new CircuitArgumentException("table on " + inputWidth + "-bit inputs applied to a " + x.width()
                    + "-bit number: resize it first");
        }
        Map<Integer, Bit<B>> monomial = new HashMap<>();
        monomial.put(0, Bit.one());
        for (int i = 0; i < inputWidth; i++) {
            monomial.put(1 << i, x.bit(i));
        }
        for (int i = 0; i < masks.length; i++) {
            Bit<B> lo = monomial.get(lowFactor[i]);
            Bit<B> hi = monomial.get(highFactor[i]);
            monomial.put(masks[i], isFactor[i] ? arith.and(lo, hi) : arith.andPending(lo, hi));
        }
        List<Bit<B>> out = new ArrayList<>(outputWidth);
        for (int j = 0; j < outputWidth; j++) {
            Bit<B> acc = Bit.zero();
            for (int s = 0; s < anf.length; s++) {
                if (((anf[s] >>> j) & 1) == 1) {
                    acc = arith.xor(acc, monomial.get(s));
                }
            }
            out.add(arith.settle(acc));
        }
        return BinaryInt.of(out, signedOutput);
    }

    @Override
    public String toString() {
        return "TableLookup(" + inputWidth + " -> " + outputWidth + " bits, " + masks.length + " products, depth "
                + depth() + ")";
    }
}
