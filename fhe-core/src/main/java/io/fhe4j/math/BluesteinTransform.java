package io.fhe4j.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The length-m discrete Fourier transform modulo a prime q for any m (not only powers of two), by
 * Bluestein's chirp-z algorithm on top of the negacyclic power-of-two {@link Ntt}.
 *
 * <h2>What it computes</h2>
 * With omega the smallest primitive m-th root of unity mod q ({@link #omega()}):
 * <ul>
 *   <li>{@link #forward}: {@code A_j = a(omega^j) = sum_i a_i omega^(i j)} for all {@code j in [0,
 *       m)}, a of degree below m;</li>
 *   <li>{@link #inverse}: the polynomial of degree below m with the given m values;</li>
 *   <li>{@link #forwardPrimitive}: {@code a(omega^j)} at the {@code phi(m)} primitive roots only,
 *       j coprime to m in increasing order ({@link #unit(int)});</li>
 *   <li>{@link #interpolatePrimitive}: the inverse of that, the unique polynomial of degree below
 *       {@code phi(m)} (an element of {@code Z_q[X]/Phi_m}) with those values.</li>
 * </ul>
 *
 * <h2>How</h2>
 * {@code i j = C(i+j, 2) - C(i, 2) - C(j, 2)} (binomials, so no square root of omega is needed and
 * m may be even) turns the transform into a correlation: {@code A_j = omega^(-C(j,2)) sum_i (a_i
 * omega^(-C(i,2))) omega^(C(i+j,2))}. With the input reversed this is a product of a length-m and
 * a length-(2m-1) sequence whose outputs {@code m-1 .. 2m-2} never wrap around, so a negacyclic
 * NTT of length {@code N = 2^k >= 2m - 1} computes it exactly. The chirp's NTT is precomputed.
 * Interpolation mod {@code Phi_m} puts zeros at the non-primitive roots, runs {@link #inverse}, and
 * reduces the result (degree below m) mod {@code Phi_m} with a precomputed power-series inverse of
 * the reversed {@code Phi_m} (two more NTT products).
 *
 * <h2>Requirements and cost</h2>
 * q prime below 2^60 with {@code q = 1 mod m} and {@code q = 1 mod 2N}, that is {@code q = 1 mod}
 * {@link #requiredDivisor(int) requiredDivisor(m)} {@code = lcm(m, 2N)}; {@code 1 <= m <= 65536}
 * (N at most 2^17). Example: {@code Primes.generate(50, BluesteinTransform.requiredDivisor(m))}.
 * {@link #forward} and {@link #inverse}: two NTTs of length N plus three pointwise passes;
 * {@link #interpolatePrimitive}: six NTTs of length N. Building the tables: {@code O(N log N + (m
 * - phi(m)) * w)} with w the number of nonzero coefficients of {@code Phi_m}.
 *
 * <p>Tables are built once per (q, m) and cached ({@link #of}). Immutable and thread-safe; the
 * methods allocate their scratch space per call and modify only their output array.
 */
public final class BluesteinTransform {
    /** Largest supported m (the convolution length 2^17 must cover 2m - 1). */
    public static final int MAX_M = 1 << (NttTables.MAX_LOG_N - 1);

    private static final Map<Key, BluesteinTransform> CACHE = new ConcurrentHashMap<>();

    private record Key(long q, int m) {
    }

    private final long q;
    private final int m;
    private final Modulus mod;
    private final NttTables tables;
    private final long omega;
    private final Chirp fwd;
    private final Chirp inv;
    private final int[] units;
    private final int phiM;
    /** NTT of the power series 1 / rev(Phi_m) mod X^(m - phi(m)), and of Phi_m, length N. */
    private final long[] invRevPhiHat;
    private final long[] phiHat;

    /** Per-root tables: pre-multipliers, the chirp's NTT and post-multipliers, with Shoup companions. */
    private static final class Chirp {
        final long[] pre;
        final long[] preS;
        final long[] yHat;
        final long[] yHatS;
        final long[] post;
        final long[] postS;

        Chirp(Modulus mod, NttTables tables, int m, long w, long scale) {
            int n = tables.n();
            long[] pw = new long[m];
            long[] pwInv = new long[m];
            long wInv = mod.inverse(w);
            pw[0] = 1;
            pwInv[0] = 1;
            for (int i = 1; i < m; i++) {
                pw[i] = mod.mul(pw[i - 1], w);
                pwInv[i] = mod.mul(pwInv[i - 1], wInv);
            }
            pre = new long[m];
            post = new long[m];
            for (int i = 0; i < m; i++) {
                int c = binom2(i, m);
                pre[i] = pwInv[c];
                post[i] = mod.mul(pwInv[c], scale);
            }
            long[] y = new long[n];
            for (int k = 0; k < 2 * m - 1; k++) {
                y[k] = pw[binom2(k, m)];
            }
            Ntt.forward(y, tables);
            yHat = y;
            preS = shoupAll(mod, pre);
            postS = shoupAll(mod, post);
            yHatS = shoupAll(mod, yHat);
        }
    }

    private BluesteinTransform(long q, int m) {
        this.q = q;
        this.m = m;
        this.mod = new Modulus(q);
        this.tables = NttTables.of(q, logN(m));
        this.omega = Primes.primitiveRootOfUnity(q, m);
        this.fwd = new Chirp(mod, tables, m, omega, 1);
        this.inv = new Chirp(mod, tables, m, mod.inverse(omega), mod.inverse(m % q));
        this.phiM = Cyclotomic.eulerPhi(m);
        this.units = new int[phiM];
        for (int j = 0, k = 0; j < m; j++) {
            if (Primes.gcd(j, m) == 1) {
                units[k++] = j;
            }
        }
        int n = tables.n();
        long[] phi = new long[n];
        long[] phiExact = Cyclotomic.phi(m);
        for (int i = 0; i < phiExact.length; i++) {
            phi[i] = mod.reduce(phiExact[i]);
        }
        int k = m - phiM;
        long[] series = new long[n];
        if (k > 0) {
            // 1 / rev(Phi) mod X^k, rev(Phi)[j] = Phi[phiM - j], constant term 1
            int nz = 0;
            int[] idx = new int[phiM + 1];
            for (int j = 1; j <= phiM; j++) {
                if (phiExact[phiM - j] != 0) {
                    idx[nz++] = j;
                }
            }
            series[0] = 1;
            for (int i = 1; i < k; i++) {
                long s = 0;
                for (int t = 0; t < nz && idx[t] <= i; t++) {
                    int j = idx[t];
                    s = mod.add(s, mod.mul(phi[phiM - j], series[i - j]));
                }
                series[i] = mod.negate(s);
            }
        }
        Ntt.forward(series, tables);
        this.invRevPhiHat = series;
        Ntt.forward(phi, tables);
        this.phiHat = phi;
    }

    /**
     * The shared transform of length m modulo q.
     *
     * @param q a prime below 2^60 with {@code q = 1 mod requiredDivisor(m)}
     * @param m the length, {@code 1 <= m <= 65536}
     * @throws InvalidDegreeException if m is out of range
     * @throws InvalidModulusException if q is not such a prime
     */
    public static BluesteinTransform of(long q, int m) {
        if (m < 1 || m > MAX_M) {
            throw new InvalidDegreeException("Bluestein length m = " + m + " is out of range: need 1 <= m <= " + MAX_M
                    + " (the convolution of length 2^k >= 2m - 1 is at most 2^" + NttTables.MAX_LOG_N + ")");
        }
        long div = requiredDivisor(m);
        if (q < 3 || q >= (1L << NttTables.MAX_PRIME_BITS) || (q - 1) % div != 0 || !Primes.isPrime(q)) {
            throw new InvalidModulusException("modulus q = " + q + " does not fit a Bluestein transform of length m = "
                    + m + ": need a prime below 2^" + NttTables.MAX_PRIME_BITS + " with q = 1 mod " + div
                    + " (= lcm(m, 2N), N = " + (1 << logN(m)) + "), for example Primes.generate(50, " + div + ")");
        }
        return CACHE.computeIfAbsent(new Key(q, m), key -> new BluesteinTransform(key.q, key.m));
    }

    /**
     * The number that q - 1 must be a multiple of: {@code lcm(m, 2N)} with N the smallest power of
     * two at least {@code max(2, 2m - 1)}.
     */
    public static long requiredDivisor(int m) {
        long twoN = 2L << logN(m);
        return m / Primes.gcd(m, twoN) * twoN;
    }

    private static int logN(int m) {
        int need = Math.max(2, 2 * m - 1);
        return 32 - Integer.numberOfLeadingZeros(need - 1);
    }

    /** C(k, 2) mod m. */
    private static int binom2(int k, int m) {
        long c = (long) k * (k - 1) / 2;
        return (int) (c % m);
    }

    private static long[] shoupAll(Modulus mod, long[] a) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = mod.shoup(a[i]);
        }
        return s;
    }

    /** The modulus q. */
    public long q() {
        return q;
    }

    /** The length m. */
    public int m() {
        return m;
    }

    /** {@code phi(m)}, the number of primitive m-th roots. */
    public int phiM() {
        return phiM;
    }

    /** The primitive m-th root of unity omega (the smallest one mod q). */
    public long omega() {
        return omega;
    }

    /** The convolution length N (a power of two, at least 2m - 1). */
    public int convolutionLength() {
        return tables.n();
    }

    /** The k-th unit of {@code Z_m} in increasing order: output k of {@link #forwardPrimitive} is at omega^unit(k). */
    public int unit(int k) {
        return units[k];
    }

    /**
     * All m evaluations {@code out[j] = a(omega^j)}.
     *
     * @param a at most m coefficients in [0, q) (missing ones are zero); not modified
     * @param out length m, overwritten with values in [0, q); may be a itself if a has length m
     */
    public void forward(long[] a, long[] out) {
        checkIn(a, m, "coefficients");
        checkOut(out, m);
        run(fwd, a, out);
    }

    /**
     * The inverse of {@link #forward}: {@code out} gets the m coefficients of the polynomial of
     * degree below m with values {@code values[j]} at {@code omega^j}.
     *
     * @param values m values in [0, q); not modified
     * @param out length m, overwritten; may be values itself
     */
    public void inverse(long[] values, long[] out) {
        if (values.length != m) {
            throw new IllegalArgumentException("inverse transform needs exactly m = " + m + " values, got "
                    + values.length);
        }
        checkOut(out, m);
        run(inv, values, out);
    }

    /**
     * The evaluations at the {@code phi(m)} primitive roots: {@code out[k] = a(omega^unit(k))}.
     *
     * @param a at most m coefficients in [0, q); not modified
     * @param out length {@code phi(m)}, overwritten
     */
    public void forwardPrimitive(long[] a, long[] out) {
        checkIn(a, m, "coefficients");
        checkOut(out, phiM);
        long[] all = new long[m];
        run(fwd, a, all);
        for (int k = 0; k < phiM; k++) {
            out[k] = all[units[k]];
        }
    }

    /**
     * Interpolation mod {@code Phi_m}: the {@code phi(m)} coefficients of the unique polynomial of
     * degree below {@code phi(m)} whose value at {@code omega^unit(k)} is {@code values[k]}.
     *
     * @param values {@code phi(m)} values in [0, q); not modified
     * @param out length {@code phi(m)}, overwritten; may be values itself
     */
    public void interpolatePrimitive(long[] values, long[] out) {
        if (values.length != phiM) {
            throw new IllegalArgumentException("interpolation needs exactly phi(m) = " + phiM + " values, got "
                    + values.length);
        }
        checkOut(out, phiM);
        long[] all = new long[m];
        for (int k = 0; k < phiM; k++) {
            all[units[k]] = values[k];
        }
        long[] b = new long[m];
        run(inv, all, b);
        int k = m - phiM;
        if (k <= 0) {
            System.arraycopy(b, 0, out, 0, phiM);
            return;
        }
        int n = tables.n();
        // quotient: rev(Q) = rev(b) / rev(Phi) mod X^k
        long[] buf = new long[n];
        for (int i = 0; i < k; i++) {
            buf[i] = b[m - 1 - i];
        }
        Ntt.forward(buf, tables);
        pointwise(buf, invRevPhiHat);
        Ntt.inverse(buf, tables);
        long[] qb = new long[n];
        for (int i = 0; i < k; i++) {
            qb[k - 1 - i] = buf[i];
        }
        Ntt.forward(qb, tables);
        pointwise(qb, phiHat);
        Ntt.inverse(qb, tables);
        for (int i = 0; i < phiM; i++) {
            out[i] = mod.sub(b[i], qb[i]);
        }
    }

    private void pointwise(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] = mod.mul(a[i], b[i]);
        }
    }

    private void run(Chirp c, long[] a, long[] out) {
        int n = tables.n();
        long[] buf = new long[n];
        for (int i = 0; i < a.length; i++) {
            buf[m - 1 - i] = mod.mulShoup(a[i], c.pre[i], c.preS[i]);
        }
        Ntt.forward(buf, tables);
        for (int i = 0; i < n; i++) {
            buf[i] = mod.mulShoup(buf[i], c.yHat[i], c.yHatS[i]);
        }
        Ntt.inverse(buf, tables);
        for (int j = 0; j < m; j++) {
            out[j] = mod.mulShoup(buf[m - 1 + j], c.post[j], c.postS[j]);
        }
    }

    private void checkIn(long[] a, int max, String what) {
        if (a.length > max) {
            throw new IllegalArgumentException(a.length + " " + what + " do not fit a transform of length m = " + m);
        }
    }

    private static void checkOut(long[] out, int len) {
        if (out.length != len) {
            throw new IllegalArgumentException("output array has length " + out.length + ", need " + len);
        }
    }

    @Override
    public String toString() {
        return "BluesteinTransform(m = " + m + ", q = " + q + ", N = " + tables.n() + ")";
    }
}
