package io.fhe4j.io;

/**
 * Thrown when serialized data ends before the object does (an interrupted transfer or a partial
 * file). The message says how many bytes were expected and how many were available: fetch or
 * copy the data again in full.
 */
public class TruncatedDataException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public TruncatedDataException(String message) {
        super(message);
    }

    public TruncatedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
