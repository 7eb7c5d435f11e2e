package io.fhe4j.ring;

/**
 * The transform between the coefficient form and the evaluation form of one residue row of a
 * {@link DoubleCrt}, modulo one prime: the negacyclic NTT for power-of-two rings
 * ({@code Z_q[X]/(X^N+1)}), the tensor of per-prime-power CRT transforms in the powerful basis for
 * odd m ({@link PowerfulBasis}). Pointwise products in evaluation form are ring products in both
 * cases, and automorphisms {@code X -> X^k} are index permutations of the evaluation form.
 *
 * <p>Implementations are immutable and thread-safe; the row is transformed in place.
 */
public interface RingTransform {
    /**
     * Coefficients to evaluations, in place.
     *
     * @param row N values in [0, q); overwritten with values in [0, q)
     */
    void forward(long[] row);

    /**
     * Evaluations to coefficients, in place (the inverse of {@link #forward}).
     *
     * @param row N values in [0, q); overwritten with values in [0, q)
     */
    void inverse(long[] row);
}
