package io.fhe4j.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Precomputed twiddle factors for the negacyclic NTT of length {@code N = 2^logN} modulo a prime
 * {@code q = 1 mod 2N}: the powers of a primitive 2N-th root of unity psi in bit-reversed order,
 * with their Shoup companions, for the forward and the inverse transform.
 *
 * <p>Tables are built once per (q, N) and cached: {@link #of(long, int)} returns the shared
 * instance. The forward transform maps coefficient index order to bit-reversed evaluation order:
 * output index j holds the evaluation at {@code psi^(2*bitrev(j)+1)}, see
 * {@link #evaluationExponent(int)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class NttTables {
    /** Smallest supported log2 of the transform length. */
    public static final int MIN_LOG_N = 1;
    /** Largest supported log2 of the transform length. */
    public static final int MAX_LOG_N = 17;

    /**
     * NTT primes stay below 2^60 (HElib's limit too): the lazy butterflies' values are below 8q,
     * inside the signed range that the Shoup multiplication with signed companions needs.
     */
    public static final int MAX_PRIME_BITS = 60;

    private static final Map<Key, NttTables> CACHE = new ConcurrentHashMap<>();

    private record Key(long q, int logN) {
    }

    final Modulus modulus;
    final int logN;
    final int n;
    final long psi;
    /**
     * psi^bitrev(i), i in [0, N), stored for Shoup multiplication with a signed 64-bit companion:
     * {@code fwdShoup[i]} holds the bits of {@code W = floor(w 2^64 / q)} and {@code fwd[i]} is w,
     * or {@code w - q} when W is at least 2^63 (negative as a signed long). Then for
     * {@code 0 <= y < 2^63}, {@code y * fwd[i] - multiplyHigh(y, fwdShoup[i]) * q} equals
     * {@code y w - floor(y W / 2^64) q}, which is congruent to {@code y w} and in [0, 2q): one high
     * and two low multiplications, no shift and no sign correction (see {@link #mulLazy}).
     */
    final long[] fwd;
    final long[] fwdShoup;
    /** psi^-bitrev(i), i in [0, N), in the same form; entry 1 is pre-multiplied by N^-1 for the merged last layer. */
    final long[] inv;
    final long[] invShoup;
    final long nInv;
    final long nInvShoup;
    /**
     * fwd and inv as plain multipliers in [0, q) (the companions read as unsigned), for the
     * Vector API transforms ({@link VectorArith#mulLazy}); null when {@link Simd#ENABLED} is false.
     */
    final long[] fwdPlain;
    final long[] invPlain;

    private NttTables(long q, int logN) {
        this.modulus = new Modulus(q);
        this.logN = logN;
        this.n = 1 << logN;
        this.psi = Primes.primitiveRootOfUnity(q, 2L * n);
        long psiInv = modulus.inverse(psi);
        fwd = new long[n];
        fwdShoup = new long[n];
        inv = new long[n];
        invShoup = new long[n];
        long pw = 1;
        long pwInv = 1;
        long[] powers = new long[n];
        long[] invPowers = new long[n];
        for (int i = 0; i < n; i++) {
            powers[i] = pw;
            invPowers[i] = pwInv;
            pw = modulus.mul(pw, psi);
            pwInv = modulus.mul(pwInv, psiInv);
        }
        for (int i = 0; i < n; i++) {
            int r = bitReverse(i, logN);
            fwd[i] = powers[r];
            inv[i] = invPowers[r];
        }
        long nInverse = modulus.inverse(n % q);
        // The inverse transform's last layer multiplies by N^-1 and by inv[1]; fold them together.
        inv[1] = modulus.mul(inv[1], nInverse);
        // Modulus.shoup is exact and division-free (shoup64's BigInteger division cost ~1 KB of
        // garbage and ~10 us per entry, which dominated building a context)
        for (int i = 0; i < n; i++) {
            fwdShoup[i] = modulus.shoup(fwd[i]);
            fwd[i] = adjust(fwd[i], fwdShoup[i], q);
            invShoup[i] = modulus.shoup(inv[i]);
            inv[i] = adjust(inv[i], invShoup[i], q);
        }
        nInvShoup = modulus.shoup(nInverse);
        nInv = adjust(nInverse, nInvShoup, q);
        fwdPlain = Simd.ENABLED ? plain(fwd, q) : null;
        invPlain = Simd.ENABLED ? plain(inv, q) : null;
    }

    /** The multipliers of a table in [0, q) ({@link #plain(long, long)} of each). */
    static long[] plain(long[] adjusted, long q) {
        long[] w = new long[adjusted.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = plain(adjusted[i], q);
        }
        return w;
    }

    /**
     * The shared tables for modulus q and length 2^logN.
     *
     * @throws InvalidDegreeException if logN is outside [1, 17]
     * @throws InvalidModulusException if q is not a prime {@code 1 mod 2N} below 2^60
     */
    public static NttTables of(long q, int logN) {
        if (logN < MIN_LOG_N || logN > MAX_LOG_N) {
            throw new InvalidDegreeException("NTT length 2^" + logN + " is not supported: need 2^"
                    + MIN_LOG_N + " .. 2^" + MAX_LOG_N);
        }
        if (q < 3 || q >= (1L << MAX_PRIME_BITS)) {
            throw new InvalidModulusException("NTT modulus " + q + " is out of range: need an odd prime below 2^"
                    + MAX_PRIME_BITS + " (lazy butterflies keep 8q below 2^63)");
        }
        long m = 2L << logN;
        if ((q - 1) % m != 0) {
            throw new InvalidModulusException("NTT modulus " + q + " is not 1 mod 2N = " + m
                    + ": generate primes with Primes.generate(bits, " + m + ", ...)");
        }
        if (!Primes.isPrime(q)) {
            throw new InvalidModulusException("NTT modulus " + q + " is not prime");
        }
        return CACHE.computeIfAbsent(new Key(q, logN), k -> new NttTables(k.q, k.logN));
    }

    /** The bits of {@code floor(w * 2^64 / q)} for w in [0, q) (an unsigned value below 2^64). */
    static long shoup64(long w, long q) {
        return java.math.BigInteger.valueOf(w).shiftLeft(64).divide(java.math.BigInteger.valueOf(q)).longValue();
    }

    /** The multiplier paired with a signed companion: w, or {@code w - q} when the companion's top bit is set. */
    static long adjust(long w, long shoup, long q) {
        return shoup < 0 ? w - q : w;
    }

    /** The multiplier in [0, q) from its {@link #adjust}ed form (w, or w - q): undoes {@link #adjust}. */
    static long plain(long adjusted, long q) {
        return adjusted + ((adjusted >> 63) & q);
    }

    /** The 64-bit Shoup companions of {@code w} modulo {@code mod}, and {@code w} replaced by its adjusted form in place. */
    static long[] companionsInPlace(long[] w, Modulus mod) {
        long q = mod.value();
        long[] s = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = mod.shoup(w[i]);
            w[i] = adjust(w[i], s[i], q);
        }
        return s;
    }

    /**
     * {@code y w mod q} up to one q, for {@code 0 <= y < 2^63}, from the pair ({@code wAdj},
     * {@code wShoup}) stored in these tables: the result is in [0, 2q).
     *
     * <p>Why it is exact: with {@code W = floor(w 2^64 / q)}, Shoup's quotient
     * {@code floor(y W / 2^64)} is {@code floor(y w / q)} or one less. Read as a signed long, W
     * is {@code W - 2^64} when {@code W >= 2^63}, and then {@code multiplyHigh(y, W)} is the
     * quotient minus y; using {@code w - q} in place of w adds back exactly {@code y q}. Public for
     * the scheme layer's hot loops (key switching, modulus switching), which keep such pairs too.
     */
    public static long mulLazy(long y, long wAdj, long wShoup, long q) {
        return y * wAdj - Math.multiplyHigh(y, wShoup) * q;
    }

    /** The transform length N. */
    public int n() {
        return n;
    }

    /** log2 of the transform length. */
    public int logN() {
        return logN;
    }

    /** The modulus. */
    public Modulus modulus() {
        return modulus;
    }

    /** The primitive 2N-th root of unity psi used by the transform (the smallest one). */
    public long psi() {
        return psi;
    }

    /**
     * The odd exponent e in [1, 2N) such that forward-transform output index j holds the
     * evaluation at {@code psi^e}: {@code e = 2 * bitrev(j) + 1}.
     */
    public int evaluationExponent(int j) {
        return 2 * bitReverse(j, logN) + 1;
    }

    /** Reverses the lowest {@code bits} bits of i. */
    public static int bitReverse(int i, int bits) {
        return bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
}
