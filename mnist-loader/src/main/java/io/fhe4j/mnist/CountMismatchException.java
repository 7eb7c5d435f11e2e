package io.fhe4j.mnist;

/**
 * An image file and a label file that do not belong together: different numbers of items.
 *
 * <p>Immutable and thread-safe.
 */
public class CountMismatchException extends MnistException {
    /** Creates an exception with the given message. */
    public CountMismatchException(String message) {
        super(message);
    }
}
