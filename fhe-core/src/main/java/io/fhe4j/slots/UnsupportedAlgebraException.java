package io.fhe4j.slots;

/**
 * Thrown when a (m, t) pair defines a valid plaintext algebra that this version does not handle
 * yet: m not a power of two, or t not {@code 1 mod m} (slots would be {@code GF(t^d)} with
 * {@code d > 1}). General m and {@code GF(p^d)} slots are planned (issue 4). The message names m,
 * t and d, and how to pick a supported t.
 */
public class UnsupportedAlgebraException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedAlgebraException(String message) {
        super(message);
    }
}
