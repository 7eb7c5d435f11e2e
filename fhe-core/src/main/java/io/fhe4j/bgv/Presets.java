package io.fhe4j.bgv;

/**
 * Named parameter sets at 128-bit security by the HomomorphicEncryption.org tables, for
 * power-of-two rings with plaintext modulus p = 65537 (a prime {@code = 1 mod 2N} for every N here,
 * so each of the N slots holds a value of {@code Z_65537}). Each returns a builder, so the
 * plaintext prime (for example a ~20-bit prime {@code = 1 mod 2N} from
 * {@code Primes.generate(20, 2N)}) or other knobs can still be changed before {@code build()};
 * the builder re-checks security (a sparse secret, {@code hammingWeight(h)}, lowers the estimate:
 * {@code n8192().hammingWeight(450)} is 131.0 bits, weights below 120 are refused).
 *
 * <table>
 *   <caption>Presets (log2 QP includes the special primes)</caption>
 *   <tr><th>preset</th><th>N</th><th>ciphertext primes</th><th>c</th><th>multiplicative depth (p = 65537)</th></tr>
 *   <tr><td>{@link #n4096()}</td><td>4096</td><td>1 x 50 bits</td><td>1</td><td>0 (additions, plaintext products)</td></tr>
 *   <tr><td>{@link #n8192()}</td><td>8192</td><td>4 x 40 bits</td><td>4</td><td>3</td></tr>
 *   <tr><td>{@link #n16384()}</td><td>16384</td><td>6 x 60 bits</td><td>6</td><td>5</td></tr>
 *   <tr><td>{@link #n32768()}</td><td>32768</td><td>10 x 60 bits</td><td>3</td><td>about 9</td></tr>
 * </table>
 * Stateless and thread-safe.
 */
public final class Presets {
    private Presets() {
    }

    /**
     * The largest prime of {@code bits} bits that is {@code 1 mod 2N}: a plaintext modulus for which
     * all N slots are values of {@code Z_t}, e.g. {@code Presets.n16384().p(Presets.slotPrime(16384, 20))}.
     */
    public static long slotPrime(int n, int bits) {
        return io.fhe4j.math.Primes.generate(bits, 2L * n);
    }

    /** N = 4096: one 50-bit prime; no ciphertext-ciphertext products. */
    public static ContextBuilder n4096() {
        return new ContextBuilder().m(8192).p(65537).bits(50).primeBits(50).c(1);
    }

    /** N = 8192: four 40-bit primes, one digit per prime. */
    public static ContextBuilder n8192() {
        return new ContextBuilder().m(16384).p(65537).bits(160).primeBits(40).c(4);
    }

    /** N = 16384: six 60-bit primes, one digit per prime. */
    public static ContextBuilder n16384() {
        return new ContextBuilder().m(32768).p(65537).bits(360).c(6);
    }

    /** N = 32768: ten 60-bit primes in three digits. */
    public static ContextBuilder n32768() {
        return new ContextBuilder().m(65536).p(65537).bits(600).c(3);
    }
}
