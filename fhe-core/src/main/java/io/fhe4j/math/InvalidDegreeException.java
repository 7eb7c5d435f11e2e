package io.fhe4j.math;

/**
 * Thrown when a ring degree or transform length is not supported (for example N not a power of
 * two, or outside 2^1..2^17). The message names the value and the accepted range.
 */
public class InvalidDegreeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDegreeException(String message) {
        super(message);
    }
}
