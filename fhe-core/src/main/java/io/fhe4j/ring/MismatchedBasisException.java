package io.fhe4j.ring;

/**
 * Thrown when two ring elements (or an element and an operation) do not share the same RNS basis,
 * ring degree or representation. The message names both sides so the caller can see which
 * operand must be mod-switched, extended or transformed first.
 */
public class MismatchedBasisException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MismatchedBasisException(String message) {
        super(message);
    }
}
