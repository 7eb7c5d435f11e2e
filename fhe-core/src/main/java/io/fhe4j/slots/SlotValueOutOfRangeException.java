package io.fhe4j.slots;

/**
 * Thrown when a slot value given to {@link EncryptedArray#encode(long[])} or
 * {@link EncryptedArray#encrypt} is not a representative of {@code Z_t}: outside
 * {@code [-(t-1)/2, t-1]}, it would be silently reduced mod t (as SEAL's {@code BatchEncoder}
 * refuses to do). The message names the index, the value, t and the explicit reducing variant.
 */
public class SlotValueOutOfRangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SlotValueOutOfRangeException(String message) {
        super(message);
    }
}
