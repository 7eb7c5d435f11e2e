package io.fhe4j.bgv;

/**
 * Thrown when BGV parameters are inconsistent or unsupported (for example m not a power of two,
 * a plaintext modulus that does not fit, more key-switching digits than primes). The message
 * names the values and what to change.
 */
public class InvalidParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidParametersException(String message) {
        super(message);
    }
}
