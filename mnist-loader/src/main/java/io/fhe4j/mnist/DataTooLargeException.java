package io.fhe4j.mnist;

/**
 * Input that exceeds a configured bound (rows, columns, line length, images, image size or bytes), refused before it is allocated; the message names the bound and how to raise it.
 *
 * <p>Unchecked; the message names the file, the line and column or the image, the value found and the fix.
 * Immutable and thread-safe.
 */
public class DataTooLargeException extends MnistException {
    /** Creates an exception with the given message. */
    public DataTooLargeException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public DataTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
