package io.fhe4j.slots;

/**
 * Thrown when a vector of slot values does not have exactly one entry per slot. The message names
 * the length given, the number of slots and the algebra.
 */
public class SlotCountMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SlotCountMismatchException(String message) {
        super(message);
    }
}
