package io.fhe4j.slots;

/**
 * Encoding of the GF(p^d) slots of a general {@link PAlgebra} ({@link PAlgebra#general}) into
 * plaintext polynomials of {@code Z_(p^r)[X]/Phi_m} in the power basis, and back, with the slot
 * map of {@link GeneralSlotEncoder} (slot s holds {@code a(zeta^e(s))}). A slot value is a
 * {@code long[d]} of coefficients of {@code 1, Y, ..., Y^(d-1)} in {@code [0, p^r)}.
 *
 * <p>{@link #of} picks {@link BinarySlotCodec} (bit matrices, microseconds) for {@code p^r = 2}
 * and {@link GeneralSlotEncoder} (polynomial CRT, {@code O(phi(m)^2)}) otherwise; both give the
 * same results. Implementations are immutable and thread-safe.
 */
public interface SlotCodec {
    /** The algebra. */
    PAlgebra algebra();

    /** The plaintext modulus {@code p^r}. */
    long plaintextModulus();

    /** The slot degree d. */
    int slotDegree();

    /** The number of slots. */
    int nSlots();

    /**
     * The slot values of a plaintext.
     *
     * @param poly at most {@code phi(m)} coefficients in {@code [0, p^r)}; not modified
     * @return {@code nSlots} arrays of d coefficients
     */
    long[][] decode(long[] poly);

    /**
     * The plaintext with the given slot values.
     *
     * @param slots {@code nSlots} arrays of at most d coefficients in {@code [0, p^r)}; not modified
     * @return {@code phi(m)} coefficients in {@code [0, p^r)}
     */
    long[] encode(long[][] slots);

    /** The product of two slot values in {@code E = Z_(p^r)[Y]/F_0(Y)}. */
    long[] multiplySlots(long[] x, long[] y);

    /** The Frobenius {@code sigma(x)(Y) = x(Y^p)} of E. */
    long[] frobenius(long[] x);

    /** The codec for this algebra and Hensel exponent r: the bit-matrix one when {@code p^r = 2} and {@code d <= 62}. */
    static SlotCodec of(PAlgebra algebra, int r) {
        GeneralSlotEncoder general = GeneralSlotEncoder.of(algebra, r);
        if (algebra.p() == 2 && r == 1 && algebra.ordP() <= BinarySlotCodec.MAX_DEGREE) {
            return new BinarySlotCodec(general);
        }
        return general;
    }
}
