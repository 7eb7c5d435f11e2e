package io.fhe4j.slots;

/**
 * Thrown when user-supplied hypercube generators and orders (HElib's {@code gens} and
 * {@code ords}) do not describe {@code Z_m^* / <p>}: a generator that is not a unit, an order of
 * zero or less, two coordinate vectors that land in the same coset of {@code <p>}, or a product of
 * orders other than {@code phi(m) / d}. The message names m, p, the generators, the orders and the
 * first conflict.
 */
public class InvalidHypercubeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidHypercubeException(String message) {
        super(message);
    }
}
