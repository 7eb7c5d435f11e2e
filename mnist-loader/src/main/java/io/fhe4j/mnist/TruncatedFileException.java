package io.fhe4j.mnist;

/**
 * An IDX file that ends before the header or the data its header announces is complete (including a gzip
 * stream that ends early).
 *
 * <p>Immutable and thread-safe.
 */
public class TruncatedFileException extends MalformedIdxException {
    /** Creates an exception with the given message. */
    public TruncatedFileException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public TruncatedFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
