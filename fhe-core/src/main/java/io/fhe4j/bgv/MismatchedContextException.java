package io.fhe4j.bgv;

/**
 * Thrown when objects from different contexts are combined (a ciphertext with another context's
 * key, two ciphertexts of different contexts). The message names both contexts by their degree
 * N, plaintext modulus t, number of levels and fingerprint ({@link Context#summary()}), and what
 * to do.
 */
public class MismatchedContextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MismatchedContextException(String message) {
        super(message);
    }

    /**
     * "{@code what} of context (N = .., t = .., L levels, ..) given to {@code receiver} of context
     * (..)", with a hint at what differs when N, t and the levels agree.
     *
     * @param what the foreign object, e.g. "ciphertext"
     * @param given its context
     * @param receiver the object it was given to, e.g. "an evaluator"
     * @param expected the receiver's context
     */
    public static MismatchedContextException of(String what, Context given, String receiver, Context expected) {
        boolean sameShape = given.n() == expected.n() && given.m() == expected.m()
                && given.plaintextModulus() == expected.plaintextModulus() && given.maxLevel() == expected.maxLevel();
        return new MismatchedContextException(what + " of context (" + given.summary() + ") given to " + receiver
                + " of context (" + expected.summary() + ")" + (sameShape
                        ? ": N, t and the levels agree, so the primes, c or the secret Hamming weight differ; build both"
                                + " from the same parameters or the same serialized context"
                        : ": use objects of one context"));
    }
}
