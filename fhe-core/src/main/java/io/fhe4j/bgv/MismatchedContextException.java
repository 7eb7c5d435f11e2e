package io.fhe4j.bgv;

/**
 * Thrown when objects from different contexts are combined (a ciphertext with another context's
 * key, two ciphertexts of different contexts), or when a key is missing for an operation. The
 * message says which objects and what to do.
 */
public class MismatchedContextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MismatchedContextException(String message) {
        super(message);
    }
}
