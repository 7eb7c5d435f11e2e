package io.fhe4j.io;

/**
 * What a context reader accepts ({@link BgvSerializer#readContext(byte[], ContextLimits)}): the
 * security it requires and the size of the context it may build. Reading a context rebuilds it
 * from its parameters, which costs time and memory in proportion to {@code N} times the number of
 * primes, however few bytes the serialized context has (a few hundred); these limits, checked
 * before anything is built, bound that cost.
 *
 * <ul>
 *   <li><b>Security.</b> By default a context under 128-bit security (HomomorphicEncryption.org
 *       tables, estimated from the stored primes) is refused with {@link InsecureContextException},
 *       as {@code ContextBuilder} refuses it; {@link #allowInsecure()} is the explicit opt-in, for
 *       tests and benchmarks, mirroring {@code ContextBuilder.allowInsecure()}.</li>
 *   <li><b>Size.</b> The <em>residue count</em> of a context is {@code N (L + ceil(L/c) + 2)}: the
 *       ring degree times an upper bound of its ciphertext primes plus the special primes the
 *       builder picks for c digits. It must not exceed {@link #maxResidues()} ({@link
 *       LimitExceededException} otherwise): by default and at most {@value #MAX_RESIDUES}
 *       (2^22), which every context at 128-bit security meets: N = 65536 allows about 1747 bits
 *       of QP, and the primes of L ciphertext primes and their special primes, each of at least
 *       30 bits, take at least {@code 30 L (1 + 1/c)} of them, so {@code L + ceil(L/c) + 2 <= 61}.</li>
 * </ul>
 *
 * A server that expects one known context should not read contexts from its peers at all (it
 * checks each object's context digest instead); one that must, lowers {@link #maxResidues(long)}
 * to the largest context it serves. Immutable and thread-safe.
 */
public final class ContextLimits {
    /** The largest residue count any reader accepts: 2^22. */
    public static final long MAX_RESIDUES = 1L << 22;
    /** The security level below which a context needs {@link #allowInsecure()}. */
    public static final double MIN_SECURITY = 128;

    private static final ContextLimits DEFAULTS = new ContextLimits(false, MAX_RESIDUES);

    private final boolean insecureAllowed;
    private final long maxResidues;

    private ContextLimits(boolean insecureAllowed, long maxResidues) {
        this.insecureAllowed = insecureAllowed;
        this.maxResidues = maxResidues;
    }

    /** 128-bit security required, at most {@value #MAX_RESIDUES} residues. */
    public static ContextLimits defaults() {
        return DEFAULTS;
    }

    /** These limits, but contexts under 128-bit security are accepted (their estimate stays printable). */
    public ContextLimits allowInsecure() {
        return new ContextLimits(true, maxResidues);
    }

    /**
     * These limits with another residue count bound.
     *
     * @param max in [1, {@value #MAX_RESIDUES}]
     * @throws IllegalArgumentException if it is outside that range
     */
    public ContextLimits maxResidues(long max) {
        if (max < 1 || max > MAX_RESIDUES) {
            throw new IllegalArgumentException("maxResidues " + max + " is outside [1, " + MAX_RESIDUES
                    + "]: larger contexts cannot be read from bytes");
        }
        return new ContextLimits(insecureAllowed, max);
    }

    /** Whether contexts under 128-bit security are accepted. */
    public boolean insecureAllowed() {
        return insecureAllowed;
    }

    /** The largest residue count {@code N (L + ceil(L/c) + 2)} accepted. */
    public long maxResidues() {
        return maxResidues;
    }

    @Override
    public String toString() {
        return "ContextLimits(" + (insecureAllowed ? "insecure allowed" : "128-bit security required") + ", at most "
                + maxResidues + " residues)";
    }
}
