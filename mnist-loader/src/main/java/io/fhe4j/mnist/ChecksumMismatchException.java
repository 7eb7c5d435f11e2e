package io.fhe4j.mnist;

/**
 * A file whose SHA-256 differs from the known sum: a corrupted or partial copy, or a different dataset stored
 * under the canonical MNIST names (Fashion-MNIST uses the same names).
 *
 * <p>Immutable and thread-safe.
 */
public class ChecksumMismatchException extends MnistException {
    private final String expected;
    private final String actual;

    /** Creates an exception naming the expected and actual lowercase hex SHA-256 sums. */
    public ChecksumMismatchException(String message, String expected, String actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    /** The SHA-256 the file should have, lowercase hex. */
    public String expected() {
        return expected;
    }

    /** The SHA-256 the file has, lowercase hex. */
    public String actual() {
        return actual;
    }
}
