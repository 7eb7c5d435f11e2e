package io.fhe4j.io;

/**
 * Thrown when intact data was written under another context (other parameters or primes) than the
 * one given to the reader: read it with the context it was made for (see
 * {@link BgvSerializer#readContext(byte[])}).
 */
public class ForeignContextException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public ForeignContextException(String message) {
        super(message);
    }

    public ForeignContextException(String message, Throwable cause) {
        super(message, cause);
    }
}
