package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.OverflowCounts;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.Parallel;
import io.fhe4j.ring.PolyRing;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HElib's hybrid key switching. A polynomial d (under a key s') at level l is split into the c
 * digits {@code [d]_{D_j}} (centered), each is extended exactly to {@code Q_l P}, multiplied by
 * the key's pair j and summed; the sum is divided by P keeping the plaintext (the division of
 * {@link ScaleDown}). The result {@code (k0, k1)} satisfies {@code k0 + k1 s = d s' + e} with e
 * small and divisible by t.
 *
 * <p>How the work is arranged (all exact, the same values as the textbook sequence):
 * <ul>
 *   <li>d is brought to coefficient form once (l inverse NTTs); per digit, the values
 *       {@code y_i = [d_i (D_j/q_i)^-1]_{q_i}} and the overflow counts {@code v = round(sum y_i/q_i)}
 *       are computed once;</li>
 *   <li>then prime by prime of {@code Q_l P}: each digit's row is d's own evaluation row when the
 *       prime belongs to the digit, else the exact conversion {@code sum y_i (D_j/q_i) - v D_j}
 *       (Shoup products with lazy sums) followed by one forward NTT; the digit rows times the key
 *       rows are summed in 128 bits and reduced once, so a digit row is read once for both
 *       output parts and never stored for the whole ring;</li>
 *   <li>the special primes come first: their sums go back to coefficient form (2K inverse NTTs)
 *       and give {@code z = [x t^-1]_P}; for each ciphertext prime the division
 *       {@code (x - t z) / P} is fused in: {@code P^-1} is folded into the final reduction of the
 *       128-bit sum and {@code t P^-1} into the constants of the conversion of z.</li>
 * </ul>
 * NTTs: l inverse, {@code sum_j (l + K - |D_j|)} forward for the digits, 2K inverse and 2l forward
 * for the division. Work is spread over primes with {@link Parallel}: the special primes' sums and
 * the ciphertext primes' key products in one round (they do not depend on each other), then the
 * division prime by prime; the digits' values and the two parts' overflow counts per digit or part.
 *
 * <p>Thread-safe; the per-level constants are cached.
 */
final class KeySwitcher {
    private static final long MASK62 = (1L << 62) - 1;

    private final Context context;
    private final Map<Integer, Plan> plans = new ConcurrentHashMap<>();
    /** Per thread: c + 2 rows of N, reused across target primes and calls (digit rows, converted z). */
    private final ThreadLocal<long[][]> scratch;

    KeySwitcher(Context context) {
        this.context = context;
        int rows = context.digits() + 2;
        int n = context.n();
        this.scratch = ThreadLocal.withInitial(() -> new long[rows][n]);
    }

    /** Shoup pair (multiplier adjusted for the signed companion, companion) of w modulo p. */
    static long[] shoupPair(long w, long p) {
        long s = BigInteger.valueOf(w).shiftLeft(64).divide(BigInteger.valueOf(p)).longValue();
        return new long[] {s < 0 ? w - p : w, s};
    }

    /** Everything about key switching at one level that does not depend on the operand. */
    private static final class Plan {
        final int level;
        final int specials;
        final int size;
        final PolyRing ks;
        final long[] primes;
        /** digits[j]: indices (< level) of the primes of digit j present at this level; empty if none. */
        final int[][] digits;
        /** digitOf[k]: the digit holding ciphertext prime k, -1 for special primes. */
        final int[] digitOf;
        /** Per digit j and source i: (D_j/q_i)^-1 mod q_i, Shoup pair. */
        final long[][] yW;
        final long[][] yWs;
        final double[][] yInv;
        /** Per digit j, target k, source i: (D_j/q_i) mod p_k, Shoup pair (k in the digit: unused). */
        final long[][][] cW;
        final long[][][] cWs;
        /** Per digit j, target k: v * D_j mod p_k for v in [0, |D_j|]. */
        final long[][][] vD;
        /** Per target k: 2^62 mod p_k (special) or 2^62 P^-1 mod p_k (ciphertext), Shoup pair. */
        final long[] hiW;
        final long[] hiWs;
        /** Per target k: 1 (special) or P^-1 (ciphertext) mod p_k, Shoup pair. */
        final long[] loW;
        final long[] loWs;
        /** Per special s: t^-1 (P/s)^-1 mod s, Shoup pair; 1/s. */
        final long[] zW;
        final long[] zWs;
        final double[] zInv;
        /** Per ciphertext prime k and special s: t s^-1 mod q_k, Shoup pair. */
        final long[][] tsW;
        final long[][] tsWs;
        /** Per ciphertext prime k: v t mod q_k for v in [0, K]. */
        final long[][] vT;

        Plan(Context context, int level) {
            this.level = level;
            this.ks = context.keySwitchRing(level);
            this.size = ks.size();
            this.specials = size - level;
            this.primes = ks.basis().primes();
            long t = context.plaintextModulus();
            int c = context.digits();
            digits = new int[c][];
            digitOf = new int[size];
            java.util.Arrays.fill(digitOf, -1);
            yW = new long[c][];
            yWs = new long[c][];
            yInv = new double[c][];
            cW = new long[c][size][];
            cWs = new long[c][size][];
            vD = new long[c][size][];
            for (int j = 0; j < c; j++) {
                int[] idx = java.util.Arrays.stream(context.digit(j)).filter(i -> i < level).toArray();
                digits[j] = idx;
                int m = idx.length;
                yW[j] = new long[m];
                yWs[j] = new long[m];
                yInv[j] = new double[m];
                BigInteger dj = BigInteger.ONE;
                for (int i : idx) {
                    digitOf[i] = j;
                    dj = dj.multiply(BigInteger.valueOf(primes[i]));
                }
                for (int s = 0; s < m; s++) {
                    long qi = primes[idx[s]];
                    Modulus mod = new Modulus(qi);
                    long hat = mod.reduce(dj.divide(BigInteger.valueOf(qi)));
                    long[] pair = shoupPair(mod.inverse(hat), qi);
                    yW[j][s] = pair[0];
                    yWs[j][s] = pair[1];
                    yInv[j][s] = 1.0 / qi;
                }
                for (int k = 0; k < size; k++) {
                    if (m == 0 || contains(idx, k)) {
                        continue;
                    }
                    long p = primes[k];
                    Modulus mod = new Modulus(p);
                    cW[j][k] = new long[m];
                    cWs[j][k] = new long[m];
                    for (int s = 0; s < m; s++) {
                        long[] pair = shoupPair(mod.reduce(dj.divide(BigInteger.valueOf(primes[idx[s]]))), p);
                        cW[j][k][s] = pair[0];
                        cWs[j][k][s] = pair[1];
                    }
                    long dMod = mod.reduce(dj);
                    vD[j][k] = new long[m + 1];
                    for (int v = 0; v <= m; v++) {
                        vD[j][k][v] = mod.mul(v % p, dMod);
                    }
                }
            }
            BigInteger bigP = BigInteger.ONE;
            for (int s = 0; s < specials; s++) {
                bigP = bigP.multiply(BigInteger.valueOf(primes[level + s]));
            }
            hiW = new long[size];
            hiWs = new long[size];
            loW = new long[size];
            loWs = new long[size];
            for (int k = 0; k < size; k++) {
                long p = primes[k];
                Modulus mod = new Modulus(p);
                long two62 = mod.reduce(BigInteger.ONE.shiftLeft(62));
                long scale = k < level ? mod.inverse(mod.reduce(bigP)) : 1;
                long[] hi = shoupPair(mod.mul(two62, scale), p);
                long[] lo = shoupPair(scale, p);
                hiW[k] = hi[0];
                hiWs[k] = hi[1];
                loW[k] = lo[0];
                loWs[k] = lo[1];
            }
            zW = new long[specials];
            zWs = new long[specials];
            zInv = new double[specials];
            for (int s = 0; s < specials; s++) {
                long p = primes[level + s];
                Modulus mod = new Modulus(p);
                long hat = mod.reduce(bigP.divide(BigInteger.valueOf(p)));
                long w = mod.mul(mod.inverse(mod.reduce(t)), mod.inverse(hat));
                long[] pair = shoupPair(w, p);
                zW[s] = pair[0];
                zWs[s] = pair[1];
                zInv[s] = 1.0 / p;
            }
            tsW = new long[level][specials];
            tsWs = new long[level][specials];
            vT = new long[level][specials + 1];
            for (int k = 0; k < level; k++) {
                long q = primes[k];
                Modulus mod = new Modulus(q);
                long tq = mod.reduce(t);
                for (int s = 0; s < specials; s++) {
                    long[] pair = shoupPair(mod.mul(tq, mod.inverse(mod.reduce(primes[level + s]))), q);
                    tsW[k][s] = pair[0];
                    tsWs[k][s] = pair[1];
                }
                for (int v = 0; v <= specials; v++) {
                    vT[k][v] = mod.mul(v % q, tq);
                }
            }
        }

        private static boolean contains(int[] a, int x) {
            for (int v : a) {
                if (v == x) {
                    return true;
                }
            }
            return false;
        }
    }

    private Plan plan(int level) {
        return plans.computeIfAbsent(level, l -> new Plan(context, l));
    }

    /** Per-digit data shared by all target primes: the values y_i (rows) and the overflow counts v. */
    private static final class DigitData {
        final long[][] y;
        final int[] v;

        DigitData(long[][] y, int[] v) {
            this.y = y;
            this.v = v;
        }
    }

    /**
     * Switches d (evaluation form, over the ring of its level) with the given key.
     *
     * @return {@code {k0, k1}} over the same ring, evaluation form
     */
    DoubleCrt[] switchKey(DoubleCrt d, KeySwitchingKey key) {
        int level = d.size();
        Plan plan = plan(level);
        DigitData[] data = digitData(plan, d);
        int n = context.n();
        int c = plan.digits.length;
        return modDown(plan, key, (k, scratch) -> {
            long[][] rows = new long[c][];
            for (int j = 0; j < c; j++) {
                if (plan.digits[j].length == 0) {
                    continue;
                }
                if (plan.digitOf[k] == j) {
                    rows[j] = d.row(k);
                } else {
                    long[] out = scratch[j];
                    convert(plan, j, k, data[j], out, n);
                    plan.ks.transform(k).forward(out);
                    rows[j] = out;
                }
            }
            return rows;
        });
    }

    /**
     * The first half of key switching ("ModUp"): the centered digits {@code [d]_{D_j}} of d,
     * extended exactly to {@code Q_l P}, in evaluation form (null for digits with no prime at this
     * level). Rotations of one ciphertext can share it (hoisting): the digits of
     * {@code d(X^k)} are the digits of d mapped by the same automorphism.
     */
    DoubleCrt[] decompose(DoubleCrt d) {
        int level = d.size();
        Plan plan = plan(level);
        DigitData[] data = digitData(plan, d);
        int n = context.n();
        int c = plan.digits.length;
        DoubleCrt[] digits = new DoubleCrt[c];
        for (int j = 0; j < c; j++) {
            if (plan.digits[j].length == 0) {
                continue;
            }
            final int jj = j;
            long[][] rows = new long[plan.size][];
            Parallel.forEach(plan.size, (long) n * 20, k -> {
                if (plan.digitOf[k] == jj) {
                    rows[k] = d.row(k).clone();
                } else {
                    long[] out = new long[n];
                    convert(plan, jj, k, data[jj], out, n);
                    plan.ks.transform(k).forward(out);
                    rows[k] = out;
                }
            });
            digits[j] = plan.ks.wrap(rows, true);
        }
        return digits;
    }

    /** The second half: the digits times the key's pairs, summed and divided by P. */
    DoubleCrt[] applyKey(DoubleCrt[] digits, int level, KeySwitchingKey key) {
        Plan plan = plan(level);
        int c = plan.digits.length;
        return modDown(plan, key, (k, scratch) -> {
            long[][] rows = new long[c][];
            for (int j = 0; j < c; j++) {
                rows[j] = digits[j] == null ? null : digits[j].row(k);
            }
            return rows;
        });
    }

    /** The digit rows (evaluation form, [0, p_k)) of target prime k; scratch holds c rows of N to write into. */
    private interface DigitRows {
        long[][] rows(int k, long[][] scratch);
    }

    /** d to coefficient form once, then per digit the values y_i and the overflow counts v. */
    private DigitData[] digitData(Plan plan, DoubleCrt d) {
        int n = context.n();
        int level = plan.level;
        long[][] coeff = new long[level][];
        Parallel.forEach(level, (long) n * 20, i -> {
            long[] row = d.row(i).clone();
            plan.ks.transform(i).inverse(row);
            coeff[i] = row;
        });
        int c = plan.digits.length;
        DigitData[] data = new DigitData[c];
        Parallel.forEach(c, (long) n * level / c, j -> {
            int[] idx = plan.digits[j];
            int m = idx.length;
            if (m == 0) {
                return;
            }
            long[][] y = new long[m][];
            for (int s = 0; s < m; s++) {
                y[s] = coeff[idx[s]]; // in place: each coefficient row belongs to one digit
            }
            data[j] = new DigitData(y, digitValues(y, idx, plan.primes, plan.yW[j], plan.yWs[j], plan.yInv[j], n));
        });
        return data;
    }

    /**
     * In place, {@code y_s = [d_s w_s]_{q_s}} for the digit's coefficient rows d_s, and the overflow
     * counts {@code round(sum_s y_s / q_s)}, in one pass over the rows for digits of one or two
     * primes.
     */
    private static int[] digitValues(long[][] y, int[] idx, long[] primes, long[] w, long[] ws, double[] inv, int n) {
        int m = y.length;
        if (m > 2) {
            for (int s = 0; s < m; s++) {
                long q = primes[idx[s]];
                long[] row = y[s];
                for (int x = 0; x < n; x++) {
                    row[x] = Modulus.csub(NttTables.mulLazy(row[x], w[s], ws[s], q), q);
                }
            }
            return OverflowCounts.of(y, inv, n);
        }
        int[] v = new int[n];
        long qa = primes[idx[0]];
        long[] ya = y[0];
        if (m == 1) {
            for (int x = 0; x < n; x++) {
                long a = Modulus.csub(NttTables.mulLazy(ya[x], w[0], ws[0], qa), qa);
                ya[x] = a;
                v[x] = (int) (a * inv[0] + 0.5);
            }
            return v;
        }
        long qb = primes[idx[1]];
        long[] yb = y[1];
        for (int x = 0; x < n; x++) {
            long a = Modulus.csub(NttTables.mulLazy(ya[x], w[0], ws[0], qa), qa);
            long b = Modulus.csub(NttTables.mulLazy(yb[x], w[1], ws[1], qb), qb);
            ya[x] = a;
            yb[x] = b;
            v[x] = (int) (a * inv[0] + b * inv[1] + 0.5);
        }
        return v;
    }

    /** out = the centered digit j modulo target prime k, coefficient form, in [0, p_k). */
    private static void convert(Plan plan, int j, int k, DigitData data, long[] out, int n) {
        plan.ks.basis().modulus(k).dotMinusTable(data.y, plan.cW[j][k], plan.cWs[j][k], plan.vD[j][k], data.v, out);
    }

    /**
     * The key products summed over the digits and divided by P: prime by prime, special primes
     * first.
     */
    private DoubleCrt[] modDown(Plan plan, KeySwitchingKey key, DigitRows source) {
        int n = context.n();
        int level = plan.level;
        int specials = plan.specials;
        int c = plan.digits.length;
        DoubleCrt[][] keyParts = key.atLevel(level);
        long[][][] bRows = new long[plan.size][c][];
        long[][][] aRows = new long[plan.size][c][];
        for (int k = 0; k < plan.size; k++) {
            for (int j = 0; j < c; j++) {
                bRows[k][j] = keyParts[0][j].row(k);
                aRows[k][j] = keyParts[1][j].row(k);
            }
        }
        // one round for the special primes (the sums, back to coefficient form, times t^-1 (P/s)^-1
        // -> y values of z) and the key products of the ciphertext primes, which do not need z:
        // 7 tasks at level 4 keep 2 threads busier than 3 and then 4
        long[][] z0 = new long[specials][];
        long[][] z1 = new long[specials][];
        long[][] result0 = new long[level][];
        long[][] result1 = new long[level][];
        Parallel.forEach(specials + level, (long) n * 30, task -> {
            int k = task < specials ? level + task : task - specials;
            long[][] buffers = scratch.get();
            long[][] rows = source.rows(k, buffers);
            long[] out0 = new long[n];
            long[] out1 = new long[n];
            multiplyAccumulate(plan, k, rows, bRows[k], aRows[k], out0, out1, buffers[c], n);
            if (k < level) {
                result0[k] = out0;
                result1[k] = out1;
                return;
            }
            int s = task;
            long p = plan.primes[k];
            plan.ks.transform(k).inverse(out0);
            plan.ks.transform(k).inverse(out1);
            long w = plan.zW[s];
            long ws = plan.zWs[s];
            for (int x = 0; x < n; x++) {
                long r0 = NttTables.mulLazy(out0[x], w, ws, p);
                out0[x] = Modulus.csub(r0, p);
                long r1 = NttTables.mulLazy(out1[x], w, ws, p);
                out1[x] = Modulus.csub(r1, p);
            }
            z0[s] = out0;
            z1[s] = out1;
        });
        int[][] v = new int[2][];
        Parallel.forEach(2, (long) n * specials, i -> v[i] = OverflowCounts.of(i == 0 ? z0 : z1, plan.zInv, n));
        int[] v0 = v[0];
        int[] v1 = v[1];
        // the division by P: minus t P^-1 z, prime by prime
        Parallel.forEach(level, (long) n * 30, k -> {
            long[][] buffers = scratch.get();
            long[] out0 = result0[k];
            long[] out1 = result1[k];
            long[] t0 = buffers[c];
            long[] t1 = buffers[c + 1];
            convertZ(plan, k, z0, v0, t0, n);
            convertZ(plan, k, z1, v1, t1, n);
            plan.ks.transform(k).forward(t0);
            plan.ks.transform(k).forward(t1);
            long q = plan.primes[k];
            for (int x = 0; x < n; x++) {
                long r0 = out0[x] - t0[x];
                out0[x] = r0 + ((r0 >> 63) & q);
                long r1 = out1[x] - t1[x];
                out1[x] = r1 + ((r1 >> 63) & q);
            }
        });
        PolyRing ring = context.ring(level);
        return new DoubleCrt[] {ring.wrap(result0, true), ring.wrap(result1, true)};
    }

    /**
     * out0 = sum_j rows_j * b_j and out1 = sum_j rows_j * a_j modulo p_k, each sum taken exactly in
     * 128 bits and reduced once, times the plan's scale for k (1 or P^-1); outputs in [0, p_k).
     */
    private static void multiplyAccumulate(Plan plan, int k, long[][] rows, long[][] b, long[][] a,
                                           long[] out0, long[] out1, long[] scratch, int n) {
        long p = plan.primes[k];
        long twoP = p << 1;
        long hw = plan.hiW[k];
        long hws = plan.hiWs[k];
        long lw = plan.loW[k];
        long lws = plan.loWs[k];
        int c = rows.length;
        int present = 0;
        for (long[] r : rows) {
            if (r != null) {
                present++;
            }
        }
        if (present == 0) {
            java.util.Arrays.fill(out0, 0);
            java.util.Arrays.fill(out1, 0);
            return;
        }
        if (present <= 3) {
            long[][] r = new long[3][];
            long[][] bb = new long[3][];
            long[][] aa = new long[3][];
            for (int j = 0, f = 0; j < c; j++) {
                if (rows[j] != null) {
                    r[f] = rows[j];
                    bb[f] = b[j];
                    aa[f] = a[j];
                    f++;
                }
            }
            int from = plan.ks.basis().modulus(k).keySwitchSums(r, bb, aa, present, out0, out1, scratch, hw, hws, lw, lws);
            if (from == n) {
                return;
            }
            if (present == 3) {
                multiplyAccumulate3(r[0], r[1], r[2], bb[0], bb[1], bb[2], aa[0], aa[1], aa[2], out0, out1, from, n,
                        p, twoP, hw, hws, lw, lws);
                return;
            } else if (present == 2) {
                multiplyAccumulate2(r[0], r[1], bb[0], bb[1], aa[0], aa[1], out0, out1, from, n, p, twoP, hw, hws, lw, lws);
                return;
            }
        }
        // 128-bit accumulators: (hi, lo) per output coefficient; products of values below 2^60
        // are below 2^120, so c of them stay far below 2^125 (H below 2^63 in the reduction)
        long[] lo0 = out0;
        long[] lo1 = out1;
        long[] hi0 = new long[n];
        long[] hi1 = new long[n];
        boolean first = true;
        for (int j = 0; j < c; j++) {
            long[] r = rows[j];
            if (r == null) {
                continue;
            }
            long[] bj = b[j];
            long[] aj = a[j];
            if (first) {
                for (int x = 0; x < n; x++) {
                    long u = r[x];
                    long vb = bj[x];
                    long va = aj[x];
                    lo0[x] = u * vb;
                    hi0[x] = Math.multiplyHigh(u, vb);
                    lo1[x] = u * va;
                    hi1[x] = Math.multiplyHigh(u, va);
                }
                first = false;
            } else {
                for (int x = 0; x < n; x++) {
                    long u = r[x];
                    long vb = bj[x];
                    long va = aj[x];
                    long pl = u * vb;
                    long acc = lo0[x];
                    long s = acc + pl;
                    hi0[x] += Math.multiplyHigh(u, vb) + (((acc & pl) | ((acc | pl) & ~s)) >>> 63); // + carry
                    lo0[x] = s;
                    pl = u * va;
                    acc = lo1[x];
                    s = acc + pl;
                    hi1[x] += Math.multiplyHigh(u, va) + (((acc & pl) | ((acc | pl) & ~s)) >>> 63);
                    lo1[x] = s;
                }
            }
        }
        for (int x = 0; x < n; x++) {
            out0[x] = reduce128(hi0[x], lo0[x], p, twoP, hw, hws, lw, lws);
            out1[x] = reduce128(hi1[x], lo1[x], p, twoP, hw, hws, lw, lws);
        }
    }

    /** {@link #multiplyAccumulate} for three digits from x = from on, in one pass with the sums in registers. */
    private static void multiplyAccumulate3(long[] r0, long[] r1, long[] r2, long[] b0, long[] b1, long[] b2,
                                            long[] a0, long[] a1, long[] a2, long[] out0, long[] out1, int from,
                                            int n, long p, long twoP, long hw, long hws, long lw, long lws) {
        for (int x = from; x < n; x++) {
            long u0 = r0[x];
            long u1 = r1[x];
            long u2 = r2[x];
            long v0 = b0[x];
            long v1 = b1[x];
            long v2 = b2[x];
            // the high words of three products below 2^120 sum to below 2^58; add the carries of the low words
            long p0 = u0 * v0;
            long p1 = u1 * v1;
            long p2 = u2 * v2;
            long s = p0 + p1;
            long c1 = ((p0 & p1) | ((p0 | p1) & ~s)) >>> 63;
            long s2 = s + p2;
            long c2 = ((s & p2) | ((s | p2) & ~s2)) >>> 63;
            long h = Math.multiplyHigh(u0, v0) + Math.multiplyHigh(u1, v1) + Math.multiplyHigh(u2, v2) + c1 + c2;
            out0[x] = reduce128(h, s2, p, twoP, hw, hws, lw, lws);
            v0 = a0[x];
            v1 = a1[x];
            v2 = a2[x];
            p0 = u0 * v0;
            p1 = u1 * v1;
            p2 = u2 * v2;
            s = p0 + p1;
            c1 = ((p0 & p1) | ((p0 | p1) & ~s)) >>> 63;
            s2 = s + p2;
            c2 = ((s & p2) | ((s | p2) & ~s2)) >>> 63;
            h = Math.multiplyHigh(u0, v0) + Math.multiplyHigh(u1, v1) + Math.multiplyHigh(u2, v2) + c1 + c2;
            out1[x] = reduce128(h, s2, p, twoP, hw, hws, lw, lws);
        }
    }

    /** {@link #multiplyAccumulate} for two digits from x = from on, in one pass with the sums in registers. */
    private static void multiplyAccumulate2(long[] r0, long[] r1, long[] b0, long[] b1, long[] a0, long[] a1,
                                            long[] out0, long[] out1, int from, int n,
                                            long p, long twoP, long hw, long hws, long lw, long lws) {
        for (int x = from; x < n; x++) {
            long u0 = r0[x];
            long u1 = r1[x];
            long v0 = b0[x];
            long v1 = b1[x];
            long p0 = u0 * v0;
            long p1 = u1 * v1;
            long s = p0 + p1;
            long c1 = ((p0 & p1) | ((p0 | p1) & ~s)) >>> 63;
            long h = Math.multiplyHigh(u0, v0) + Math.multiplyHigh(u1, v1) + c1;
            out0[x] = reduce128(h, s, p, twoP, hw, hws, lw, lws);
            v0 = a0[x];
            v1 = a1[x];
            p0 = u0 * v0;
            p1 = u1 * v1;
            s = p0 + p1;
            c1 = ((p0 & p1) | ((p0 | p1) & ~s)) >>> 63;
            h = Math.multiplyHigh(u0, v0) + Math.multiplyHigh(u1, v1) + c1;
            out1[x] = reduce128(h, s, p, twoP, hw, hws, lw, lws);
        }
    }

    /**
     * {@code (hi 2^64 + lo) * scale mod p} in [0, p) for a value below 2^125: with
     * {@code H = floor(x / 2^62)} and {@code L = x mod 2^62}, it is
     * {@code H (2^62 scale) + L scale}, two Shoup products.
     */
    private static long reduce128(long hi, long lo, long p, long twoP, long hw, long hws, long lw, long lws) {
        long h = (hi << 2) | (lo >>> 62);
        long l = lo & MASK62;
        long r = NttTables.mulLazy(h, hw, hws, p) + NttTables.mulLazy(l, lw, lws, p); // [0, 4p)
        r = Modulus.csub(r, twoP);
        return Modulus.csub(r, p);
    }

    /** out = t P^-1 z modulo ciphertext prime k (z exact and centered), coefficient form, [0, q_k). */
    private static void convertZ(Plan plan, int k, long[][] z, int[] v, long[] out, int n) {
        plan.ks.basis().modulus(k).dotMinusTable(z, plan.tsW[k], plan.tsWs[k], plan.vT[k], v, out);
    }
}
