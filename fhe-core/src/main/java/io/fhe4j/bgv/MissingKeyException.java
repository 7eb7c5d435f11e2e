package io.fhe4j.bgv;

/**
 * Thrown when an operation needs an evaluation key that was not generated: the relinearization
 * key, or the Galois key of a rotation. The message names the Galois element (and the rotation
 * step when known) and how to generate the key.
 */
public class MissingKeyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MissingKeyException(String message) {
        super(message);
    }
}
