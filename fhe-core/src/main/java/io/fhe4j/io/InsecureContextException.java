package io.fhe4j.io;

/**
 * Thrown when a serialized context is intact but below 128-bit security and the reader did not
 * opt in with {@link ContextLimits#allowInsecure()} (as {@code ContextBuilder} refuses such
 * parameters without {@code allowInsecure()}). The data may be a legitimate test context, or a
 * peer's attempt to make you encrypt under weak parameters: opt in only for tests and benchmarks.
 */
public class InsecureContextException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public InsecureContextException(String message) {
        super(message);
    }
}
