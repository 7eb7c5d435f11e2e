package io.fhe4j.io;

/**
 * Thrown when serialized data is structurally invalid even though it is intact: a size that does
 * not match the context (ring degree, number of primes at the level, digits), a residue not below
 * its prime, a plaintext factor outside [1, t) or not invertible, a Galois element that is even or
 * not below m, a level outside [1, L], a noise bound that is NaN, infinite, negative or above the
 * modulus, a context prime that is not a prime of the required form, a declared length larger than
 * any object of the kind can be, unknown flags, or bytes left over after the object. The data was produced by a faulty or hostile
 * writer: do not use it; obtain the object again from its source.
 */
public class MalformedDataException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public MalformedDataException(String message) {
        super(message);
    }

    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
