package io.fhe4j.circuits;

/**
 * The four operations of GF(2) arithmetic on one kind of bit value B, which is what every circuit
 * of this package is written against: XOR (addition mod 2), AND (multiplication mod 2), NOT (adding
 * the constant 1), and, for backends where a product comes in an expanded form (a 3-part BGV
 * ciphertext), a product without relinearization plus the relinearization itself.
 *
 * <p>A value B holds one bit per slot; every operation acts slot by slot. Constants never reach a
 * backend: {@link BinaryArith} folds public 0/1 bits away, so a backend only ever sees two
 * non-constant operands. Each backend counts the products it computes ({@link #multiplications()},
 * one per {@link #and} or {@link #andWithoutRelinearization}) and the relinearizations
 * ({@link #relinearizations()}, one per {@link #and} or {@link #relinearize}); the cost tables of
 * the package are stated in these counts.
 *
 * <p>Implementations must be thread-safe (the counters included) if the circuits are to be
 * evaluated from several threads; both implementations here are.
 *
 * @param <B> the bit value: {@code long[]} of 0/1 slots ({@link PlainBitBackend}) or a BGV
 *     ciphertext over GF(2) ({@link EncryptedBitBackend})
 */
public interface BitBackend<B> {
    /** {@code a XOR b}, slot by slot; a and b are not modified. */
    B xor(B a, B b);

    /** {@code a AND b}, slot by slot, in normal (relinearized) form; a and b are not modified. */
    B and(B a, B b);

    /** {@code NOT a}, slot by slot; a is not modified. */
    B not(B a);

    /**
     * {@code a AND b} possibly left in an expanded form that may be XORed and NOTed but must be
     * passed through {@link #relinearize} before it is multiplied again or handed out. The default
     * is {@link #and}.
     */
    default B andWithoutRelinearization(B a, B b) {
        return and(a, b);
    }

    /** Brings a value from {@link #andWithoutRelinearization} (or an XOR of such) back to normal form. */
    B relinearize(B a);

    /** Products computed so far (by {@link #and} and {@link #andWithoutRelinearization}). */
    long multiplications();

    /** Relinearizations computed so far (by {@link #and} and {@link #relinearize}). */
    long relinearizations();
}
