package io.fhe4j.bgv;

/**
 * Thrown when a ciphertext's tracked noise bound says that decryption may be wrong: the bound is
 * not below {@code 0.48 q} for the ciphertext's current modulus q. Nothing is returned in that
 * case, so a result is never silently garbage.
 */
public class NoiseBudgetExhaustedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NoiseBudgetExhaustedException(String message) {
        super(message);
    }
}
