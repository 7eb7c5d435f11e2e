package io.fhe4j.math;

/**
 * Thrown when a modulus is out of range, not prime where a prime is required, or lacks the
 * congruence an NTT needs. The message names the offending value and what would be accepted.
 */
public class InvalidModulusException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidModulusException(String message) {
        super(message);
    }
}
