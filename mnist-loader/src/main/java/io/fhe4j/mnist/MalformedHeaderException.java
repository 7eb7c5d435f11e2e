package io.fhe4j.mnist;

/**
 * An IDX header that is not what the reader expects: wrong magic number (2051 for images, 2049 for labels),
 * unsupported element type, a zero or negative dimension, or a size too large for one Java array.
 *
 * <p>Immutable and thread-safe.
 */
public class MalformedHeaderException extends MalformedIdxException {
    /** Creates an exception with the given message. */
    public MalformedHeaderException(String message) {
        super(message);
    }
}
