package io.fhe4j.mnist;

/**
 * Labels that name fewer than two distinct classes, so there is nothing to classify.
 *
 * <p>Unchecked; the message names the file, the line and column or the image, the value found and the fix.
 * Immutable and thread-safe.
 */
public class TooFewClassesException extends MalformedDataException {
    /** Creates an exception with the given message. */
    public TooFewClassesException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public TooFewClassesException(String message, Throwable cause) {
        super(message, cause);
    }
}
