package io.fhe4j.io;

/**
 * Thrown when the data does not start with the fhe4j magic bytes: it is not fhe4j serialized data
 * at all (another library's format, a different file, or an offset error).
 */
public class UnrecognizedFormatException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public UnrecognizedFormatException(String message) {
        super(message);
    }

    public UnrecognizedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
