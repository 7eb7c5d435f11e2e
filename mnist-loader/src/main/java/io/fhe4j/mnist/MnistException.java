package io.fhe4j.mnist;

/**
 * Base of every exception this module throws on purpose: unreadable, malformed, unverified or missing data.
 *
 * <p>Unchecked. Each subclass names one kind of failure; its message names the file, the values found and
 * expected, and what to do about it. Plain I/O failures (permissions, disk full) surface as
 * {@link java.io.UncheckedIOException}. Instances are immutable and thread-safe.
 */
public class MnistException extends RuntimeException {
    /** Creates an exception with the given message. */
    public MnistException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public MnistException(String message, Throwable cause) {
        super(message, cause);
    }
}
