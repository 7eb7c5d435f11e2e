package io.fhe4j.mnist;

/**
 * An image folder that cannot be read as a labelled dataset: an image no decoder reads, an image of a different size than the others (when no resolution is chosen), an empty class folder.
 *
 * <p>Unchecked; the message names the file, the line and column or the image, the value found and the fix.
 * Immutable and thread-safe.
 */
public class MalformedImageException extends MalformedDataException {
    /** Creates an exception with the given message. */
    public MalformedImageException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public MalformedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
