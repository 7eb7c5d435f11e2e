package io.fhe4j.mnist;

/**
 * A CSV or TSV file that is not a table of numbers with a label column: ragged rows, a non-numeric or empty cell, a missing label, an unterminated quote, an over-long line.
 *
 * <p>Unchecked; the message names the file, the line and column or the image, the value found and the fix.
 * Immutable and thread-safe.
 */
public class MalformedCsvException extends MalformedDataException {
    /** Creates an exception with the given message. */
    public MalformedCsvException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public MalformedCsvException(String message, Throwable cause) {
        super(message, cause);
    }
}
