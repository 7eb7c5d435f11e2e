package io.fhe4j.mnist;

/**
 * An IDX file that holds more bytes than its header announces: usually two files concatenated or a wrong
 * header count.
 *
 * <p>Immutable and thread-safe.
 */
public class TrailingBytesException extends MalformedIdxException {
    /** Creates an exception with the given message. */
    public TrailingBytesException(String message) {
        super(message);
    }
}
