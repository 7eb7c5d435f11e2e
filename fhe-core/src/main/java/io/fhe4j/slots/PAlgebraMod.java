package io.fhe4j.slots;

import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.Ntt;
import io.fhe4j.math.NttTables;

/**
 * Encodes vectors of slot values into plaintext polynomials of {@code Z_t[X]/(X^N + 1)} and
 * decodes them back: HElib's {@code PAlgebraMod} ({@code CRT_reconstruct} and
 * {@code CRT_decompose}) for the power-of-two, fully splitting algebra of a {@link PAlgebra}
 * ({@code m = 2N}, t prime {@code = 1 mod m}, r = 1).
 *
 * <p>Slot s holds {@code a(zeta^e(s))}, where {@code e(s) = PAlgebra.slotExponent(s)} and zeta
 * ({@link #rootOfUnity()}) is the primitive m-th root of unity of {@code NttTables.of(t, log2 N)};
 * see {@link PAlgebra} for the layout and the Galois elements that rotate and swap its rows. Since
 * the forward NTT mod t puts the evaluation at {@code zeta^(2*bitrev(k)+1)} at index k, decoding
 * is one forward NTT and a fixed permutation, and encoding one permutation and one inverse NTT:
 * {@code O(N log N)}, where HElib's general CRT takes seconds at N = 16384.
 *
 * <p>Encode accepts any signed longs (reduced mod t) and returns coefficients in {@code [0, t)};
 * decode accepts any signed coefficients (reduced mod t) and returns slot values in
 * {@code [0, t)}, or in {@code (-t/2, t/2]} for the centered variants; encode and decode reduce
 * values in {@code (-t, t)} without a division. Each operation comes in a pair: one writing into
 * an output array you pass (no allocation; the output may be the input array itself) and one
 * allocating it. Input arrays are not modified unless they are also the output.
 *
 * <p>Immutable and thread-safe: the tables are precomputed, and calls share no scratch space.
 */
public final class PAlgebraMod {
    private final PAlgebra algebra;
    private final NttTables tables;
    private final Modulus modulus;
    private final long t;
    private final int n;
    /** {@code a[s] <- a[nttIndex(s)]}: NTT output order to slot order. */
    private final CyclePermutation toSlots;
    /** {@code a[k] <- a[slot(k)]}: slot order to NTT input order of the inverse transform. */
    private final CyclePermutation toNtt;
    /** Positions of the monomials of {@code u}, the polynomial worth w on row 0 and -w on row 1. */
    private final int[] rowPolynomial;
    /** {@code 2^-1 mod t}. */
    private final long inverseTwo;
    /** {@code (2w)^-1 mod t}. */
    private final long inverseTwoW;

    private PAlgebraMod(PAlgebra algebra) {
        this.algebra = algebra;
        this.t = algebra.t();
        this.n = algebra.phiM();
        int logN = Integer.numberOfTrailingZeros(n);
        this.tables = NttTables.of(t, logN);
        this.modulus = tables.modulus();
        int[] exponents = algebra.exponentTable();
        int[] slotToNtt = new int[n];
        int[] nttToSlot = new int[n];
        for (int s = 0; s < n; s++) {
            int k = NttTables.bitReverse((exponents[s] - 1) >>> 1, logN);
            slotToNtt[s] = k;
            nttToSlot[k] = s;
        }
        this.toSlots = new CyclePermutation(slotToNtt);
        this.toNtt = new CyclePermutation(nttToSlot);
        // u = X^(N/4) + X^(3N/4) takes the value w = zeta^(N/4) (1 + zeta^(N/2)) on e = 1, 3 mod 8
        // (row 0) and -w on e = 5, 7 mod 8 (row 1); for N = 2, u = X and rows are e = 1 and e = 3.
        this.rowPolynomial = n >= 4 ? new int[] {n / 4, 3 * n / 4} : new int[] {1};
        long zeta = tables.psi();
        long w = 0;
        for (int pos : rowPolynomial) {
            w = modulus.add(w, modulus.pow(zeta, pos));
        }
        this.inverseTwo = (t + 1) / 2;
        this.inverseTwoW = modulus.inverse(modulus.add(w, w));
    }

    /**
     * The encoder of a fully splitting algebra. Builds (or reuses, cached per (t, N)) the NTT
     * tables mod t and two O(N) permutation tables.
     *
     * @throws UnsupportedAlgebraException if the algebra's slots are not {@code Z_t} (d > 1)
     */
    public static PAlgebraMod of(PAlgebra algebra) {
        if (!algebra.hasRowLayout()) {
            throw new UnsupportedAlgebraException("algebra with m = " + algebra.m() + ", t = " + algebra.t()
                    + " is not a power-of-two algebra: encode its slots with GeneralSlotEncoder");
        }
        if (algebra.ordP() != 1) {
            throw new UnsupportedAlgebraException("algebra with m = " + algebra.m() + ", t = " + algebra.t()
                    + " has slots GF(t^" + algebra.ordP() + "): only d = 1 is supported yet (issue 4)");
        }
        return new PAlgebraMod(algebra);
    }

    /** The algebra whose slots this encodes. */
    public PAlgebra algebra() {
        return algebra;
    }

    /** The plaintext modulus t. */
    public long t() {
        return t;
    }

    /** Number of slots, equal to the ring degree N. */
    public int nSlots() {
        return n;
    }

    /** The primitive m-th root of unity zeta mod t at whose powers {@code zeta^e(s)} the slots evaluate. */
    public long rootOfUnity() {
        return tables.psi();
    }

    // ---- encode ----------------------------------------------------------------------------

    /**
     * The polynomial whose slot s holds {@code slots[s] mod t}: one permutation and one inverse NTT
     * mod t.
     *
     * @param slots N slot values, any signed longs; not modified unless it is {@code coefficients}
     * @param coefficients output, N coefficients in [0, t); may be {@code slots} itself
     * @return {@code coefficients}
     * @throws SlotCountMismatchException if slots does not have N entries
     * @throws InvalidDegreeException if coefficients does not have N entries
     */
    public long[] encode(long[] slots, long[] coefficients) {
        checkSlots(slots, "encode");
        checkCoefficients(coefficients, "encode into");
        reduceInto(slots, coefficients);
        toNtt.gatherInPlace(coefficients);
        Ntt.inverse(coefficients, tables);
        return coefficients;
    }

    /** {@link #encode(long[], long[])} into a new array. */
    public long[] encode(long[] slots) {
        return encode(slots, new long[n]);
    }

    /**
     * The polynomial with every slot equal to {@code value mod t}: the constant polynomial.
     *
     * @param coefficients output, N coefficients in [0, t)
     * @return {@code coefficients}
     */
    public long[] encodeConstant(long value, long[] coefficients) {
        checkCoefficients(coefficients, "encode a constant into");
        java.util.Arrays.fill(coefficients, 0L);
        coefficients[0] = reduce(value);
        return coefficients;
    }

    /** {@link #encodeConstant(long, long[])} into a new array. */
    public long[] encodeConstant(long value) {
        return encodeConstant(value, new long[n]);
    }

    /**
     * The polynomial with every slot of row 0 equal to {@code row0 mod t} and every slot of row 1
     * equal to {@code row1 mod t}, in O(N) without a transform: at most three nonzero coefficients
     * ({@code c0 + c1 (X^(N/4) + X^(3N/4))}).
     *
     * @param coefficients output, N coefficients in [0, t)
     * @return {@code coefficients}
     */
    public long[] encodeRowConstants(long row0, long row1, long[] coefficients) {
        checkCoefficients(coefficients, "encode row constants into");
        long a = reduce(row0);
        long b = reduce(row1);
        java.util.Arrays.fill(coefficients, 0L);
        coefficients[0] = modulus.mul(modulus.add(a, b), inverseTwo);
        long c1 = modulus.mul(modulus.sub(a, b), inverseTwoW);
        for (int pos : rowPolynomial) {
            coefficients[pos] = c1;
        }
        return coefficients;
    }

    /** {@link #encodeRowConstants(long, long, long[])} into a new array. */
    public long[] encodeRowConstants(long row0, long row1) {
        return encodeRowConstants(row0, row1, new long[n]);
    }

    // ---- decode ----------------------------------------------------------------------------

    /**
     * The slot values of a polynomial: one forward NTT mod t and one permutation.
     *
     * @param coefficients N coefficients, any signed longs; not modified unless it is {@code slots}
     * @param slots output, N slot values in [0, t); may be {@code coefficients} itself
     * @return {@code slots}
     * @throws InvalidDegreeException if coefficients does not have N entries
     * @throws SlotCountMismatchException if slots does not have N entries
     */
    public long[] decode(long[] coefficients, long[] slots) {
        checkCoefficients(coefficients, "decode");
        checkSlots(slots, "decode into");
        reduceInto(coefficients, slots);
        Ntt.forward(slots, tables);
        toSlots.gatherInPlace(slots);
        return slots;
    }

    /** {@link #decode(long[], long[])} into a new array. */
    public long[] decode(long[] coefficients) {
        return decode(coefficients, new long[n]);
    }

    /**
     * As {@link #decode(long[], long[])}, with slot values centered in {@code (-t/2, t/2]}.
     *
     * @return {@code slots}
     */
    public long[] decodeCentered(long[] coefficients, long[] slots) {
        decode(coefficients, slots);
        final long half = t >>> 1;
        final long tt = t;
        for (int i = 0; i < slots.length; i++) {
            long x = slots[i];
            slots[i] = x > half ? x - tt : x;
        }
        return slots;
    }

    /** {@link #decodeCentered(long[], long[])} into a new array. */
    public long[] decodeCentered(long[] coefficients) {
        return decodeCentered(coefficients, new long[n]);
    }

    /**
     * The value of one slot, {@code a(zeta^e(slot))} in [0, t), by Horner evaluation: O(N) with no
     * transform, for reading one entry (for example a replicated total sum).
     *
     * @param coefficients N coefficients, any signed longs; not modified
     */
    public long decodeSlot(long[] coefficients, int slot) {
        checkCoefficients(coefficients, "decode a slot of");
        long x = modulus.pow(tables.psi(), algebra.slotExponent(slot));
        long acc = 0;
        for (int i = n - 1; i >= 0; i--) {
            acc = modulus.add(modulus.mul(acc, x), reduce(coefficients[i]));
        }
        return acc;
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** {@code out[i] = in[i] mod t} in [0, t); division only for values outside (-t, t). */
    private void reduceInto(long[] in, long[] out) {
        final long tt = t;
        for (int i = 0; i < out.length; i++) {
            long x = in[i];
            long r = x + ((x >> 63) & tt);
            if (r < 0 || r >= tt) {
                r = Math.floorMod(x, tt);
            }
            out[i] = r;
        }
    }

    private long reduce(long x) {
        return Math.floorMod(x, t);
    }

    private void checkSlots(long[] slots, String op) {
        if (slots.length != n) {
            throw new SlotCountMismatchException(op + " got " + slots.length + " slot values, but the algebra m = "
                    + algebra.m() + ", t = " + t + " has " + n + " slots: pass exactly nSlots() = " + n + " values");
        }
    }

    private void checkCoefficients(long[] coefficients, String op) {
        if (coefficients.length != n) {
            throw new InvalidDegreeException(op + " got " + coefficients.length + " coefficients, but the plaintext "
                    + "ring of m = " + algebra.m() + " has degree N = " + n + ": pass exactly N coefficients");
        }
    }

    @Override
    public String toString() {
        return "PAlgebraMod(m = " + algebra.m() + ", t = " + t + ", " + n + " slots of Z_t)";
    }
}
