package io.fhe4j.mnist;

/**
 * User data that cannot be used as a dataset: the base of {@link MalformedCsvException}, {@link MalformedImageException}, {@link MalformedScalerException} and {@link TooFewClassesException}; thrown as is for an empty dataset.
 *
 * <p>Unchecked; the message names the file, the line and column or the image, the value found and the fix.
 * Immutable and thread-safe.
 */
public class MalformedDataException extends MnistException {
    /** Creates an exception with the given message. */
    public MalformedDataException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
