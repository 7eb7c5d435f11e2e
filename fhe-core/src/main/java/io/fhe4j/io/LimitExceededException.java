package io.fhe4j.io;

/**
 * Thrown when serialized data is well-formed but declares an object larger than the reader's
 * limits allow (for a context, more residues than {@link ContextLimits#maxResidues()}); it is
 * refused before anything of that size is allocated or computed. Raise the limit only for data
 * from a trusted source, and only up to the documented hard limit.
 */
public class LimitExceededException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
