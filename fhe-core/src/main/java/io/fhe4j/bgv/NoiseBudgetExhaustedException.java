package io.fhe4j.bgv;

/**
 * Thrown when a ciphertext's tracked noise bound says that decryption may be wrong: the bound is
 * not below {@code 0.48 q} for the ciphertext's current modulus q. The {@link Evaluator} throws it
 * at the operation whose result would be such a ciphertext (the message names the operation, the
 * level and the bits missing; nothing is modified), the {@link Decryptor} when asked to decrypt
 * one (made by {@link Evaluator#allowingExhaustedNoise()}). Nothing is returned in either case, so
 * a result is never silently garbage.
 */
public class NoiseBudgetExhaustedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NoiseBudgetExhaustedException(String message) {
        super(message);
    }
}
