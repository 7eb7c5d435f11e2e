package io.fhe4j.mnist;

/**
 * An IDX file whose content is not a valid IDX image or label file: the base of the specific format failures
 * ({@link MalformedHeaderException}, {@link TruncatedFileException}, {@link TrailingBytesException},
 * {@link LabelOutOfRangeException}); thrown as is for a corrupt gzip stream.
 *
 * <p>Immutable and thread-safe.
 */
public class MalformedIdxException extends MnistException {
    /** Creates an exception with the given message. */
    public MalformedIdxException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public MalformedIdxException(String message, Throwable cause) {
        super(message, cause);
    }
}
