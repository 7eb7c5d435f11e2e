package io.fhe4j.ring;

/**
 * Thrown when a residue or coefficient handed to the ring layer is outside the range its modulus
 * allows (for example a residue not in {@code [0, q)}, or an integer not below the basis product).
 */
public class CoefficientOutOfRangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CoefficientOutOfRangeException(String message) {
        super(message);
    }
}
