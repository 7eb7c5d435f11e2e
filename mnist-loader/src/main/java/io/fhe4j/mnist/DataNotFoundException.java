package io.fhe4j.mnist;

/**
 * The dataset files are not in the folder that was searched and downloading was not allowed.
 *
 * <p>Immutable and thread-safe.
 */
public class DataNotFoundException extends MnistException {
    /** Creates an exception with the given message. */
    public DataNotFoundException(String message) {
        super(message);
    }
}
