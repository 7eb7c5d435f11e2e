package io.fhe4j.io;

/**
 * Thrown when the data carries a format version this reader does not know (written by a newer
 * fhe4j, or corrupted). The message names both versions: read it with a matching fhe4j version.
 */
public class UnsupportedVersionException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }

    public UnsupportedVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
