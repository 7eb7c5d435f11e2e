package io.fhe4j.bgv;

/**
 * Thrown when parameters fall below 128-bit security ({@link SecurityEstimator#securityLevel}: the
 * HomomorphicEncryption.org tables, lowered for a sparse secret and 0 below weight
 * {@value SecurityEstimator#MIN_SECRET_HAMMING_WEIGHT}) and the caller has not opted in with
 * {@link ContextBuilder#allowInsecure()}. The message states the estimate and what to change (the
 * largest secure modulus, or the smallest secret weight).
 */
public class InsecureParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InsecureParametersException(String message) {
        super(message);
    }
}
