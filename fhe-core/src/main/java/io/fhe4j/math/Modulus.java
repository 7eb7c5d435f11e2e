package io.fhe4j.math;

import java.math.BigInteger;

/**
 * An integer modulus {@code 2 <= q < 2^62} with the constants for fast reduction precomputed.
 *
 * <p>Three kinds of modular multiplication are offered:
 * <ul>
 *   <li>{@link #mul(long, long)}: Barrett reduction of the 124-bit product, for two arbitrary
 *       operands in {@code [0, q)};</li>
 *   <li>{@link #mulShoup(long, long, long)}: Shoup's method when one operand {@code w} is fixed
 *       and its companion {@code w' = floor(w * 2^64 / q)} (see {@link #shoup(long)}) is
 *       precomputed, one high and two low multiplications;</li>
 *   <li>{@link #mulShoupLazy(long, long, long)}: the same without the final correction, result in
 *       {@code [0, 2q)}, for the NTT's lazy butterflies.</li>
 * </ul>
 * Since {@code q < 2^62}, values up to {@code 4q} fit in 64 bits read as unsigned; the methods
 * below that accept such values say so. Java 17 has no {@code unsignedMultiplyHigh}, so
 * {@link #unsignedMultiplyHigh(long, long)} applies the sign correction to
 * {@link Math#multiplyHigh(long, long)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Modulus {
    /** Largest supported bit length: every modulus is below {@code 2^62}. */
    public static final int MAX_BITS = 62;

    private final long q;
    private final int bits;
    /** floor(2^(2k) / q) with k = bits, capped to 2^63 - 1 (only q = 2^61 reaches the cap). */
    private final long barrett;
    /** floor(2^64 / q) and 2^64 mod q (q odd) and q^-1 mod 2^64, for {@link #shoup(long)} without division. */
    private final long twoTo64Quotient;
    private final long twoTo64Remainder;
    private final long inverseMod64;
    /**
     * For 3..60-bit moduli: {@code floor(2^(62 + k) / q)}, below 2^63, so that one high product
     * estimates {@code floor(x / q)} from {@code x >> (k - 2)} within one (see {@link #mul}); 0 when
     * not applicable (then {@link #reduce128} is used).
     */
    private final long barrett62;
    private static volatile long[] zeros = new long[0];

    /**
     * Creates a modulus.
     *
     * @param q the modulus, {@code 2 <= q < 2^62}
     * @throws InvalidModulusException if q is out of range
     */
    public Modulus(long q) {
        if (q < 2 || q >= (1L << MAX_BITS)) {
            throw new InvalidModulusException("modulus " + q + " is out of range: need 2 <= q < 2^62 "
                    + "(4611686018427387904)");
        }
        this.q = q;
        this.bits = 64 - Long.numberOfLeadingZeros(q);
        BigInteger mu = BigInteger.ONE.shiftLeft(2 * bits).divide(BigInteger.valueOf(q));
        this.barrett = mu.bitLength() > 63 ? Long.MAX_VALUE : mu.longValueExact();
        this.twoTo64Quotient = Long.divideUnsigned(-1L, q) + (Long.remainderUnsigned(-1L, q) == q - 1 ? 1 : 0);
        this.twoTo64Remainder = -(twoTo64Quotient * q); // 2^64 - K q, in [0, q)
        long inv = q; // Newton: correct to 3 bits for odd q, doubling each step
        for (int i = 0; i < 5; i++) {
            inv *= 2 - q * inv;
        }
        this.inverseMod64 = inv;
        BigInteger mu62 = bits >= 3 && bits <= 60 ? BigInteger.ONE.shiftLeft(62 + bits).divide(BigInteger.valueOf(q)) : null;
        this.barrett62 = mu62 != null && mu62.bitLength() <= 63 ? mu62.longValueExact() : 0;
    }

    /** The modulus q. */
    public long value() {
        return q;
    }

    /** Bit length of q. */
    public int bits() {
        return bits;
    }

    /** {@code (a + b) mod q} for a, b in [0, q). */
    public long add(long a, long b) {
        long s = a + b - q;
        return s + ((s >> 63) & q);
    }

    /** {@code (a - b) mod q} for a, b in [0, q). */
    public long sub(long a, long b) {
        long d = a - b;
        return d + ((d >> 63) & q);
    }

    /** {@code -a mod q} for a in [0, q). */
    public long negate(long a) {
        return a == 0 ? 0 : q - a;
    }

    /** Reduces any signed 64-bit value into [0, q) (small values, as noise and plaintexts are, without division). */
    public long reduce(long a) {
        if (a > -q && a < q) {
            return a + ((a >> 63) & q);
        }
        long r = a % q;
        return r < 0 ? r + q : r;
    }

    /** Reduces a signed value known to lie in (-q, 2q) into [0, q) without division. */
    public long reduceSmall(long a) {
        if (a < 0) {
            return a + q;
        }
        return a >= q ? a - q : a;
    }

    /** Reduces a value, read as unsigned 64-bit, into [0, q). */
    public long reduceUnsigned(long a) {
        return Long.remainderUnsigned(a, q);
    }

    /** Reduces a BigInteger (of any sign) into [0, q). */
    public long reduce(BigInteger a) {
        return a.mod(BigInteger.valueOf(q)).longValue();
    }

    /** The centered representative of {@code a in [0, q)}, in {@code (-q/2, q/2]}. */
    public long centered(long a) {
        return a > (q >>> 1) ? a - q : a;
    }

    /**
     * {@code a * b mod q} by Barrett reduction.
     *
     * @param a in [0, q)
     * @param b in [0, q)
     * @return the product in [0, q)
     */
    public long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b); // a, b < 2^62: the signed high word is the unsigned one
        long mu = barrett62;
        if (mu != 0) {
            // x = a b < 2^(2k); x1 = x >> (k - 2) < 2^(k + 2) <= 2^62; x1 mu / 2^64 is x / q less under
            // 1/4 (mu's truncation) and 1/2 (x's dropped bits): the quotient estimate is floor(x / q)
            // or one less, so x - estimate q is in [0, 2q)
            int k = bits;
            long x1 = (hi << (66 - k)) | (lo >>> (k - 2));
            long r = lo - Math.multiplyHigh(x1, mu) * q - q;
            return r + ((r >> 63) & q);
        }
        return reduce128(hi, lo);
    }

    /**
     * {@code out[j] = (x[j] + y[j]) mod q} for j below {@code out.length}, x and y in [0, q); out may be x or y.
     *
     * @throws IllegalArgumentException if x or y is shorter than out (so are the other row operations)
     */
    public void add(long[] x, long[] y, long[] out) {
        checkRows(out.length, x, y);
        for (int j = 0; j < out.length; j++) { // branch-free once inlined: C2 runs this loop on vectors
            out[j] = add(x[j], y[j]);
        }
    }

    /** {@code out[j] = (x[j] - y[j]) mod q} for j below {@code out.length}, x and y in [0, q); out may be x or y. */
    public void sub(long[] x, long[] y, long[] out) {
        checkRows(out.length, x, y);
        for (int j = 0; j < out.length; j++) {
            out[j] = sub(x[j], y[j]);
        }
    }

    /**
     * {@code out[j] = x[j] y[j] mod q} for j below {@code out.length}, by {@link #mul(long, long)}
     * (on the Vector API when q is below 2^60 and {@link Simd#ready()}); out may be x or y.
     *
     * @param x values in [0, q), at least out.length of them
     * @param y values in [0, q), at least out.length of them
     */
    public void mul(long[] x, long[] y, long[] out) {
        mul(x, y, out, Simd.ready());
    }

    /**
     * {@link #mul(long[], long[], long[])} with the choice of code explicit (the warm-up and the
     * tests take either): vector code for the longest prefix of whole vectors when asked and q is
     * below 2^60.
     */
    void mul(long[] x, long[] y, long[] out, boolean vector) {
        mulRows(x, y, null, out, vector);
    }

    /**
     * {@code acc[j] = (acc[j] + x[j] y[j]) mod q} for j below {@code acc.length}, in one pass (the
     * same code choice as {@link #mul(long[], long[], long[])}); acc may be x or y.
     *
     * @param x values in [0, q), at least acc.length of them
     * @param y values in [0, q), at least acc.length of them
     * @param acc values in [0, q)
     */
    public void mulAdd(long[] x, long[] y, long[] acc) {
        mulAdd(x, y, acc, Simd.ready());
    }

    /** {@link #mulAdd(long[], long[], long[])} with the choice of code explicit (the warm-up and the tests). */
    void mulAdd(long[] x, long[] y, long[] acc, boolean vector) {
        mulRows(x, y, acc, acc, vector);
    }

    /** {@code out = x y}, or {@code out = acc + x y} when acc is not null. */
    private void mulRows(long[] x, long[] y, long[] acc, long[] out, boolean vector) {
        checkRows(out.length, x, y);
        int j = vector && barrett62 != 0 ? Simd.KERNELS.mulBarrett(x, y, acc, out, q, bits, barrett62) : 0;
        for (; j < out.length; j++) {
            long product = mul(x[j], y[j]);
            out[j] = acc == null ? product : add(acc[j], product);
        }
    }

    /**
     * Reduces the unsigned 128-bit value {@code hi * 2^64 + lo} into [0, q), provided it is below
     * {@code 2^(2k)} where k is {@link #bits()} (true for any product of two values below q).
     */
    public long reduce128(long hi, long lo) {
        int k = bits;
        // q1 = x >> (k - 1)   (k >= 2, so both shifts are in 1..63)
        long q1 = (hi << (65 - k)) | (lo >>> (k - 1));
        // q2 = q1 * mu (q1 < 2^(k+1) <= 2^63 and mu < 2^63: signed high word is exact)
        long q2lo = q1 * barrett;
        long q2hi = Math.multiplyHigh(q1, barrett);
        // q3 = q2 >> (k + 1)
        long q3 = (q2hi << (63 - k)) | (q2lo >>> (k + 1));
        long r = lo - q3 * q;
        if (bits <= 61) {
            // exact mu: r in [0, 3q) with 3q < 2^63, two branch-free corrections
            r -= q;
            r += (r >> 63) & q;
            r -= q;
            return r + ((r >> 63) & q);
        }
        // 62-bit moduli: r in [0, 4q) read as unsigned
        while (Long.compareUnsigned(r, q) >= 0) {
            r -= q;
        }
        return r;
    }

    /**
     * Shoup's companion of a fixed operand: {@code floor(w * 2^64 / q)}, an unsigned 64-bit value.
     *
     * @param w in [0, q)
     */
    public long shoup(long w) {
        if (w < 0 || w >= q) {
            throw new IllegalArgumentException("Shoup operand " + w + " is not in [0, " + q + ")");
        }
        if ((q & 1) == 0) {
            return BigInteger.valueOf(w).shiftLeft(64).divide(BigInteger.valueOf(q)).longValue();
        }
        // w 2^64 = w K q + w r with K = floor(2^64 / q), r = 2^64 mod q, so the quotient is
        // w K + floor(w r / q); w r - (w r mod q) is an exact multiple of q below 2^124, and its
        // quotient (below 2^64) is that difference times q^-1 modulo 2^64.
        long wr = w * twoTo64Remainder;
        long exact = wr - mul(w, twoTo64Remainder);
        return w * twoTo64Quotient + exact * inverseMod64;
    }

    /**
     * {@code a * w mod q} with Shoup's precomputed companion, fully reduced.
     *
     * @param a any value, read as unsigned 64-bit
     * @param w in [0, q)
     * @param wShoup {@link #shoup(long) shoup(w)}
     * @return the product in [0, q)
     */
    public long mulShoup(long a, long w, long wShoup) {
        long r = mulShoupLazy(a, w, wShoup);
        return r >= q ? r - q : r;
    }

    /**
     * {@code a * w mod q} with Shoup's companion, without the final correction.
     *
     * @param a any value, read as unsigned 64-bit
     * @param w in [0, q)
     * @param wShoup {@link #shoup(long) shoup(w)}
     * @return a value congruent to the product, in [0, 2q)
     */
    public long mulShoupLazy(long a, long w, long wShoup) {
        long quot = unsignedMultiplyHigh(a, wShoup);
        return a * w - quot * q;
    }

    /**
     * Prepares fixed multipliers for {@link #mulShoupInPlace}: each {@code w[j]} in [0, q) is
     * replaced, in place, by the form paired with a signed Shoup companion ({@code w}, or
     * {@code w - q} when the companion's top bit is set, as {@link NttTables} stores its twiddle
     * factors), and the companions {@link #shoup(long) shoup(w[j])} are returned.
     *
     * @throws InvalidModulusException if q is not below 2^60 (the signed form needs the headroom)
     */
    public long[] prepareShoupInPlace(long[] w) {
        if (q >= 1L << NttTables.MAX_PRIME_BITS) {
            throw new InvalidModulusException("signed Shoup multipliers need a modulus below 2^"
                    + NttTables.MAX_PRIME_BITS + ", got " + q);
        }
        return NttTables.companionsInPlace(w, this);
    }

    /**
     * {@code x[j] = x[j] w[j] mod q} for every j, in place, for multipliers prepared by
     * {@link #prepareShoupInPlace}: one Shoup product per entry, on the Vector API when
     * {@link Ntt#vectorized()}.
     *
     * @param x values in [0, q); overwritten with the products in [0, q)
     */
    public void mulShoupInPlace(long[] x, long[] w, long[] companions) {
        mulShoup(x, w, companions, null, Simd.ready());
    }

    /**
     * {@code acc[j] = (acc[j] + x[j] w[j]) mod q} for j below {@code acc.length}, for multipliers
     * prepared by {@link #prepareShoupInPlace}: one Shoup product and one sum per entry (the same
     * code choice as {@link #mulShoupInPlace}).
     *
     * @param x values in [0, q), at least acc.length of them
     * @param acc values in [0, q); overwritten with the sums
     */
    public void mulShoupAdd(long[] x, long[] w, long[] companions, long[] acc) {
        mulShoup(x, w, companions, acc, Simd.ready());
    }

    /** x *= w, or acc += x w when acc is not null, with the choice of code explicit (the tests take either). */
    void mulShoup(long[] x, long[] w, long[] companions, long[] acc, boolean vector) {
        long[] out = acc == null ? x : acc;
        if (x.length < out.length || w.length < out.length || companions.length < out.length) {
            throw new IllegalArgumentException(out.length + " results from " + x.length + " values, " + w.length
                    + " multipliers and " + companions.length + " companions");
        }
        int j = vector ? Simd.KERNELS.mulShoup(x, w, companions, acc, q) : 0;
        for (; j < out.length; j++) {
            long r = NttTables.mulLazy(x[j], w[j], companions[j], q) - q; // [0, 2q), minus q
            r += (r >> 63) & q;
            out[j] = acc == null ? r : add(acc[j], r);
        }
    }

    /**
     * Key switching's two sums of products, scaled: {@code out0[x] = s sum_j u[j][x] v[j][x] mod q}
     * and {@code out1[x] = s sum_j u[j][x] w[j][x] mod q}, j below count, each sum exact before its
     * one reduction, for the leading x that the Vector API code takes (a multiple of eight; none
     * when it is not in use, see {@link Simd#ready()}, or for more than three terms): the caller
     * does the rest. The scale s comes as two multipliers in the form of
     * {@link #prepareShoupInPlace}: {@code hw} = 2^62 s mod q and {@code lw} = s, with their
     * companions. Values in [0, q), q below 2^60; scratch: at least out0.length entries, overwritten.
     *
     * @return the number of leading entries done
     * @throws IllegalArgumentException if count is not positive, more rows are asked for than given,
     *     or a row or the scratch is shorter than the outputs
     */
    public int keySwitchSums(long[][] u, long[][] v, long[][] w, int count, long[] out0, long[] out1, long[] scratch,
                             long hw, long hws, long lw, long lws) {
        int n = out0.length;
        if (count < 1 || count > u.length || count > v.length || count > w.length || out1.length != n) {
            throw new IllegalArgumentException(count + " terms of " + u.length + ", " + v.length + " and " + w.length
                    + " rows, outputs of " + n + " and " + out1.length + " entries");
        }
        for (int j = 0; j < count; j++) {
            checkRows(n, u[j], v[j], w[j]);
        }
        checkRows(n, scratch);
        if (count > 3 || bits > NttTables.MAX_PRIME_BITS || !Simd.ready()) {
            return 0;
        }
        long[] zero = count == 1 ? zeros(out0.length) : null; // one term: 0 * 0 as the second
        long[] u1 = count > 1 ? u[1] : zero;
        long[] u2 = count > 2 ? u[2] : null;
        Simd.KERNELS.keySwitchSplit(u[0], u1, u2, v[0], count > 1 ? v[1] : zero, count > 2 ? v[2] : null, out0, scratch);
        Simd.KERNELS.scaledPairs(out0, scratch, q, hw, hws, lw, lws);
        int done = Simd.KERNELS.keySwitchSplit(u[0], u1, u2, w[0], count > 1 ? w[1] : zero, count > 2 ? w[2] : null,
                out1, scratch);
        Simd.KERNELS.scaledPairs(out1, scratch, q, hw, hws, lw, lws);
        return done;
    }

    /** Rows given for n outputs must hold at least n values (also {@link OverflowCounts}'s check). */
    static void checkRows(int n, long[]... rows) {
        for (long[] row : rows) {
            if (row.length < n) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + n + " outputs");
            }
        }
    }

    /** A row of at least n zeros, shared and never written (benign race: any published one is all zeros). */
    private static long[] zeros(int n) {
        long[] z = zeros;
        if (z.length < n) {
            z = new long[n];
            zeros = z;
        }
        return z;
    }

    /**
     * {@code out[x] = (sum_s y[s][x] w[s] - table[v[x]]) mod q} in [0, q) for every x below
     * {@code out.length}: the inner sum of an exact RNS base conversion with its overflow
     * correction. The multipliers come in the signed-companion form of {@link #prepareShoupInPlace}
     * ({@code w[s]} and its companion {@code ws[s]}); {@code y[s][x]} below 2^63, {@code v[x]} an index
     * into the table, whose entries are in [0, q); q below 2^60. On the Vector API when
     * {@link Ntt#vectorized()} and the length is a multiple of eight (one pass per source), else
     * Shoup products with lazy sums, two sources per pass, the correction fused into the last.
     */
    public void dotMinusTable(long[][] y, long[] w, long[] ws, long[] table, int[] v, long[] out) {
        int n = out.length;
        if (n % Simd.LANES == 0 && Simd.ready()) {
            int last = y.length - 1;
            for (int s = 0; s <= last; s++) { // [0, 2q), the last pass with the correction: [0, q)
                Simd.KERNELS.accumulateProduct(y[s], w[s], ws[s], q, out, s == 0, s == last ? table : null, v);
            }
            return;
        }
        int m = y.length;
        long twoQ = q << 1;
        long fourQ = q << 2;
        long[] ya = y[0];
        long wa = w[0];
        long wsa = ws[0];
        if (m == 1) {
            for (int x = 0; x < n; x++) {
                out[x] = finish(NttTables.mulLazy(ya[x], wa, wsa, q), table[v[x]]);
            }
            return;
        }
        long[] yb = y[1];
        long wb = w[1];
        long wsb = ws[1];
        if (m == 2) {
            for (int x = 0; x < n; x++) {
                long r = csub(NttTables.mulLazy(ya[x], wa, wsa, q) + NttTables.mulLazy(yb[x], wb, wsb, q), twoQ);
                out[x] = finish(r, table[v[x]]);
            }
            return;
        }
        for (int x = 0; x < n; x++) {
            out[x] = csub(NttTables.mulLazy(ya[x], wa, wsa, q) + NttTables.mulLazy(yb[x], wb, wsb, q), twoQ); // [0, 2q)
        }
        int s = 2;
        while (m - s > 2) {
            ya = y[s];
            wa = w[s];
            wsa = ws[s];
            yb = y[s + 1];
            wb = w[s + 1];
            wsb = ws[s + 1];
            for (int x = 0; x < n; x++) {
                long r = out[x] + NttTables.mulLazy(ya[x], wa, wsa, q) + NttTables.mulLazy(yb[x], wb, wsb, q); // [0, 6q)
                out[x] = csub(csub(r, fourQ), twoQ);
            }
            s += 2;
        }
        ya = y[s];
        wa = w[s];
        wsa = ws[s];
        if (m - s == 1) {
            for (int x = 0; x < n; x++) {
                long r = csub(out[x] + NttTables.mulLazy(ya[x], wa, wsa, q), twoQ);
                out[x] = finish(r, table[v[x]]);
            }
        } else {
            yb = y[s + 1];
            wb = w[s + 1];
            wsb = ws[s + 1];
            for (int x = 0; x < n; x++) {
                long r = out[x] + NttTables.mulLazy(ya[x], wa, wsa, q) + NttTables.mulLazy(yb[x], wb, wsb, q);
                out[x] = finish(csub(csub(r, fourQ), twoQ), table[v[x]]);
            }
        }
    }

    /** r in [0, 2q) minus c in [0, q), modulo q, in [0, q). */
    private long finish(long r, long c) {
        return sub(csub(r, q), c);
    }

    /**
     * {@code x - m} if {@code x >= m}, else x, for {@code 0 <= x < 2m} and m below 2^62: branch-free (C2 compiles a ternary
     * as a branch when its profile looks predictable, and modular data is not).
     */
    public static long csub(long x, long m) {
        long d = x - m;
        return d + ((d >> 63) & m);
    }

    /** The high 64 bits of the unsigned 128-bit product of two unsigned 64-bit values. */
    public static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /** {@code base^exp mod q} for base in [0, q) and exp >= 0. */
    public long pow(long base, long exp) {
        if (exp < 0) {
            throw new IllegalArgumentException("negative exponent " + exp + ": use inverse() first");
        }
        long result = 1 % q;
        long b = base;
        long e = exp;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = mul(result, b);
            }
            b = mul(b, b);
            e >>>= 1;
        }
        return result;
    }

    /**
     * The inverse of a modulo q.
     *
     * @param a in [0, q)
     * @throws ArithmeticException if a is not invertible modulo q
     */
    public long inverse(long a) {
        long r0 = q;
        long r1 = a;
        long s0 = 0;
        long s1 = 1;
        while (r1 != 0) {
            long quot = r0 / r1;
            long t = r0 - quot * r1;
            r0 = r1;
            r1 = t;
            t = s0 - quot * s1;
            s0 = s1;
            s1 = t;
        }
        if (r0 != 1) {
            throw new ArithmeticException(a + " is not invertible modulo " + q + " (gcd " + r0 + ")");
        }
        return reduce(s0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modulus && ((Modulus) o).q == q;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(q);
    }

    @Override
    public String toString() {
        return "Modulus(" + q + ", " + bits + " bits)";
    }
}
