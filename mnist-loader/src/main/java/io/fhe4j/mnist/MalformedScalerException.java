package io.fhe4j.mnist;

/**
 * A saved feature scaling ({@link Scaler}) whose text is not the documented form: wrong first line, unknown kind, a count out of range, a value that is not a finite number.
 *
 * <p>Unchecked; the message names the file, the line and column or the image, the value found and the fix.
 * Immutable and thread-safe.
 */
public class MalformedScalerException extends MalformedDataException {
    /** Creates an exception with the given message. */
    public MalformedScalerException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public MalformedScalerException(String message, Throwable cause) {
        super(message, cause);
    }
}
