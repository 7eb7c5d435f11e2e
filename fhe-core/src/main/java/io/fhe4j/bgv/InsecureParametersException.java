package io.fhe4j.bgv;

/**
 * Thrown when parameters fall below 128-bit security by the HomomorphicEncryption.org tables and
 * the caller has not opted in with {@link ContextBuilder#allowInsecure()}. The message states the
 * estimate and the largest modulus that would be secure.
 */
public class InsecureParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InsecureParametersException(String message) {
        super(message);
    }
}
