package io.fhe4j.slots;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Evaluator;

/**
 * What {@link EncryptedArray} (power-of-two m, {@code Z_t} slots) and {@link GeneralEncryptedArray}
 * (odd m, GF(p^d) slots) share: a ciphertext seen as a vector of {@link #size()} slots, with
 * HElib's data movement. Rotations are to the left: after {@code rotate(c, k)} slot s holds what
 * slot {@code s + k mod size()} held. Implementations are immutable and thread-safe.
 */
public interface EncryptedVector {
    /** Number of slots. */
    int size();

    /** The vector rotated left by k (any sign): new slot s holds old slot {@code (s + k) mod size()}. */
    Ciphertext rotate(Evaluator eval, Ciphertext c, int k);

    /** The vector shifted left by k (any sign), zeros entering: new slot s holds old slot s + k, or 0. */
    Ciphertext shift(Evaluator eval, Ciphertext c, int k);

    /** Every slot replaced by the sum of all slots. */
    Ciphertext totalSums(Evaluator eval, Ciphertext c);

    /** Every slot replaced by the value of slot {@code slot}. */
    Ciphertext replicate(Evaluator eval, Ciphertext c, int slot);
}
