package io.fhe4j.circuits;

/**
 * Thrown when a circuit is given operands it cannot combine: a width out of range, signed mixed
 * with unsigned, a table of the wrong size, a backend value of the wrong shape, or a BGV context
 * whose plaintext modulus is not 2. The message names the values and what to change.
 */
public class CircuitArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public CircuitArgumentException(String message) {
        super(message);
    }
}
