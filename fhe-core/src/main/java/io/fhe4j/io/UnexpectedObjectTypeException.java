package io.fhe4j.io;

/**
 * Thrown when intact fhe4j data holds another kind of object than the one asked for (for example
 * a public key given to {@code readCiphertext}). The message names both kinds and the reader to
 * use.
 */
public class UnexpectedObjectTypeException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public UnexpectedObjectTypeException(String message) {
        super(message);
    }

    public UnexpectedObjectTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
