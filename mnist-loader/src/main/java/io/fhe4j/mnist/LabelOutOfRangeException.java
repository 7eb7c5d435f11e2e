package io.fhe4j.mnist;

/**
 * A label file holding a label outside {@code 0..classes-1} (0..9 for MNIST).
 *
 * <p>Immutable and thread-safe.
 */
public class LabelOutOfRangeException extends MalformedIdxException {
    /** Creates an exception with the given message. */
    public LabelOutOfRangeException(String message) {
        super(message);
    }
}
