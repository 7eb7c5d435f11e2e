package io.fhe4j.mnist;

/**
 * A download that failed: connection error, HTTP status other than 200, or a body shorter than announced.
 * No partial file is left behind when this is thrown. (A complete body with the wrong content is a
 * {@link ChecksumMismatchException}.)
 *
 * <p>Immutable and thread-safe.
 */
public class DownloadException extends MnistException {
    /** Creates an exception with the given message. */
    public DownloadException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
