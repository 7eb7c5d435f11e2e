package io.fhe4j.io;

/**
 * Base of the exceptions thrown when serialized fhe4j data cannot be read: malformed, truncated,
 * tampered with, of an unsupported version, of another context or of another object type. Every
 * reader of {@link BgvSerializer} throws only subclasses of this for bad data (never a raw
 * {@code EOFException}, {@code BufferUnderflowException} or an out-of-memory error from a forged
 * length). Messages say what was wrong and what to do, and never contain secret key material.
 *
 * <p>Failures of the underlying stream itself (not of the data) surface as
 * {@link java.io.UncheckedIOException}.
 */
public class SerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
