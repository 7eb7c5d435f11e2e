package io.fhe4j.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Modular arithmetic on eight 64-bit lanes with the JDK's Vector API ({@code jdk.incubator.vector}):
 * the lazy Shoup product that {@link VectorNtt} and the pointwise products build on.
 *
 * <p>AVX-512 has no 64-bit high product, so the Shoup quotient {@code floor(y S / 2^64)} (S the
 * companion read as unsigned, with the multiplier w in [0, q)) is approximated from three 32 x
 * 32-bit products of unsigned halves ({@code y_hi S_hi}, {@code y_hi S_lo}, {@code y_lo S_hi}): the
 * dropped low product and the carries make it smaller by at most 2, so {@code y w - quotient q}
 * lies in [0, 4q) instead of [0, 2q). All three factors are zero-extended 32-bit values, which
 * JDK 25 compiles to {@code vpmuludq} (one micro-op) instead of {@code vpmullq} (JDK 17 does not).
 *
 * <p>The tables store the multiplier in the form paired with a signed companion (w, or w - q when
 * the companion's top bit is set, see {@link NttTables#adjust}); {@link NttTables#plain} undoes that.
 *
 * <p>Named only by the vector classes ({@link VectorNtt}, {@link VectorKernels}): the scalar code reaches it
 * through {@link SimdKernels}, so it is loaded only when {@link Simd#ENABLED}. Stateless and thread-safe.
 */
final class VectorArith {
    static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_512;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;
    /** 64-bit lanes per vector. */
    static final int LANES = SPECIES.length();
    static final long LOW32 = 0xFFFF_FFFFL;
    private static final long MASK62 = (1L << 62) - 1;

    private VectorArith() {
    }

    /** Whether the CPU's preferred vectors have {@link #LANES} 64-bit lanes (else the code would run emulated). */
    static boolean hardwareHasLanes() {
        return LongVector.SPECIES_PREFERRED.length() == LANES;
    }

    /**
     * {@code y w mod q} in [0, 4q) for {@code 0 <= y < 2^63}, given the multiplier w in [0, q) and
     * the halves of its Shoup companion S: {@code s0 = S & LOW32} and {@code s1 = S >>> 32}.
     */
    static LongVector mulLazy(LongVector y, LongVector w, LongVector s0, LongVector s1, LongVector q) {
        LongVector y0 = y.and(LOW32);
        LongVector y1 = y.lanewise(VectorOperators.LSHR, 32);
        LongVector quotient = y1.mul(s1)
                .add(y0.mul(s1).lanewise(VectorOperators.LSHR, 32))
                .add(y1.mul(s0).lanewise(VectorOperators.LSHR, 32));
        return y.mul(w).sub(quotient.mul(q));
    }

    /** {@link NttTables#plain(long, long)} on every lane. */
    static LongVector plain(LongVector w, LongVector q) {
        return w.add(q.and(w.lanewise(VectorOperators.ASHR, 63)));
    }

    /** x - m where x >= m: from [0, 2m) to [0, m). */
    static LongVector reduce(LongVector x, LongVector m) {
        return x.sub(m, x.compare(VectorOperators.GE, m));
    }

    /**
     * {@code x[j] = x[j] w[j] mod q}, or {@code acc[j] = (acc[j] + x[j] w[j]) mod q} when acc is not
     * null, for j below the length of the row written rounded down to a multiple of {@link #LANES},
     * with multipliers and signed companions as {@link Modulus#mulShoupInPlace} takes them; inputs
     * in [0, q), outputs in [0, q).
     *
     * @return the number of entries done
     */
    static int mulShoup(long[] x, long[] w, long[] ws, long[] acc, long q) {
        final boolean accumulate = acc != null; // loop-invariant: C2 keeps the vector code either way
        final long[] out = accumulate ? acc : x;
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector twoQ = LongVector.broadcast(SPECIES, q << 1);
        final int end = SPECIES.loopBound(out.length);
        for (int j = 0; j < end; j += LANES) {
            LongVector s = LongVector.fromArray(SPECIES, ws, j);
            LongVector r = mulLazy(LongVector.fromArray(SPECIES, x, j), plain(LongVector.fromArray(SPECIES, w, j), vq),
                    s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), vq);
            r = reduce(reduce(r, twoQ), vq);
            if (accumulate) {
                r = reduce(r.add(LongVector.fromArray(SPECIES, acc, j)), vq);
            }
            r.intoArray(out, j);
        }
        return end;
    }

    /**
     * {@code out[j] = x[j] y[j] mod q}, or {@code (acc[j] + x[j] y[j]) mod q} when acc is not null
     * (acc in [0, q)), for j below {@code out.length} rounded down to a multiple of
     * {@link #LANES} (out may be x, y or acc), by Barrett reduction as {@link Modulus#mul(long, long)}
     * does it: the 128-bit product exactly from four 32 x 32-bit products of halves; the quotient
     * estimate {@code floor(t mu / 2^64)} (t the product's bits from k - 2 on) from three, which
     * makes it smaller by at most 3 (one for mu and the dropped bits, two for the dropped partial
     * product and carries), so the remainder is in [0, 4q) before two conditional subtractions.
     * x[j], y[j] in [0, q); q below 2^60 of k bits; {@code mu = floor(2^(62 + k) / q)}.
     *
     * <p>One method with the whole product in its loop: split into a helper, C2 compiled the helper
     * on its own first and then would not inline it (JDK 25: 4x slower than scalar code).
     *
     * @return the number of entries done
     */
    static int mulBarrett(long[] x, long[] y, long[] acc, long[] out, long q, int k, long mu) {
        final boolean accumulate = acc != null; // loop-invariant: C2 keeps the vector code either way
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector twoQ = LongVector.broadcast(SPECIES, q << 1);
        final LongVector mu0 = LongVector.broadcast(SPECIES, mu & LOW32);
        final LongVector mu1 = LongVector.broadcast(SPECIES, mu >>> 32);
        final int up = 66 - k;
        final int down = k - 2;
        final int end = SPECIES.loopBound(out.length);
        for (int j = 0; j < end; j += LANES) {
            LongVector a = LongVector.fromArray(SPECIES, x, j);
            LongVector b = LongVector.fromArray(SPECIES, y, j);
            LongVector a0 = a.and(LOW32);
            LongVector a1 = a.lanewise(VectorOperators.LSHR, 32);
            LongVector b0 = b.and(LOW32);
            LongVector b1 = b.lanewise(VectorOperators.LSHR, 32);
            LongVector low = a0.mul(b0);
            LongVector mid = a1.mul(b0).add(a0.mul(b1)).add(low.lanewise(VectorOperators.LSHR, 32)); // below 2^61
            LongVector lo = mid.lanewise(VectorOperators.LSHL, 32).or(low.and(LOW32));
            LongVector hi = a1.mul(b1).add(mid.lanewise(VectorOperators.LSHR, 32));
            LongVector t = hi.lanewise(VectorOperators.LSHL, up).or(lo.lanewise(VectorOperators.LSHR, down));
            LongVector t0 = t.and(LOW32);
            LongVector t1 = t.lanewise(VectorOperators.LSHR, 32);
            LongVector estimate = t1.mul(mu1)
                    .add(t0.mul(mu1).lanewise(VectorOperators.LSHR, 32))
                    .add(t1.mul(mu0).lanewise(VectorOperators.LSHR, 32));
            LongVector r = reduce(reduce(lo.sub(estimate.mul(vq)), twoQ), vq);
            if (accumulate) {
                r = reduce(r.add(LongVector.fromArray(SPECIES, acc, j)), vq);
            }
            r.intoArray(out, j);
        }
        return end;
    }

    /**
     * The first pass of one of key switching's scaled sums ({@link Modulus#keySwitchSums}): for x
     * below {@code high.length} rounded down to a multiple of {@link #LANES}, the exact sum
     * {@code S = u0 v0 + u1 v1 (+ u2 v2 unless u2 is null)} at x (values below 2^60) as
     * {@code high[x] = floor(S / 2^62)} and {@code low[x] = S mod 2^62}. Each product is split into
     * exact parts (the low 32 bits of {@code u_lo v_lo}, the middle terms, {@code u_hi v_hi}) summed
     * without carries: three terms keep the middle sum below 2^63. (The sum and its reduction in
     * one loop exceed C2's node budget for inlining, and the Vector API calls left out run boxed.)
     *
     * @return the number of entries done
     */
    static int keySwitchSplit(long[] u0, long[] u1, long[] u2, long[] v0, long[] v1, long[] v2, long[] high, long[] low) {
        final boolean three = u2 != null;
        final int end = SPECIES.loopBound(high.length);
        for (int x = 0; x < end; x += LANES) {
            LongVector a = LongVector.fromArray(SPECIES, u0, x);
            LongVector b = LongVector.fromArray(SPECIES, v0, x);
            LongVector c = LongVector.fromArray(SPECIES, u1, x);
            LongVector d = LongVector.fromArray(SPECIES, v1, x);
            LongVector a0 = a.and(LOW32);
            LongVector a1 = a.lanewise(VectorOperators.LSHR, 32);
            LongVector b0 = b.and(LOW32);
            LongVector b1 = b.lanewise(VectorOperators.LSHR, 32);
            LongVector c0 = c.and(LOW32);
            LongVector c1 = c.lanewise(VectorOperators.LSHR, 32);
            LongVector d0 = d.and(LOW32);
            LongVector d1 = d.lanewise(VectorOperators.LSHR, 32);
            LongVector p = a0.mul(b0);
            LongVector r = c0.mul(d0);
            LongVector bottom = p.and(LOW32).add(r.and(LOW32));
            LongVector mid = a1.mul(b0).add(a0.mul(b1)).add(p.lanewise(VectorOperators.LSHR, 32))
                    .add(c1.mul(d0)).add(c0.mul(d1)).add(r.lanewise(VectorOperators.LSHR, 32));
            LongVector top = a1.mul(b1).add(c1.mul(d1));
            if (three) {
                LongVector e = LongVector.fromArray(SPECIES, u2, x);
                LongVector f = LongVector.fromArray(SPECIES, v2, x);
                LongVector e0 = e.and(LOW32);
                LongVector e1 = e.lanewise(VectorOperators.LSHR, 32);
                LongVector f0 = f.and(LOW32);
                LongVector f1 = f.lanewise(VectorOperators.LSHR, 32);
                LongVector t = e0.mul(f0);
                bottom = bottom.add(t.and(LOW32));
                mid = mid.add(e1.mul(f0)).add(e0.mul(f1)).add(t.lanewise(VectorOperators.LSHR, 32));
                top = top.add(e1.mul(f1));
            }
            mid = mid.add(bottom.lanewise(VectorOperators.LSHR, 32));
            LongVector lo = mid.lanewise(VectorOperators.LSHL, 32).or(bottom.and(LOW32));
            LongVector hi = top.add(mid.lanewise(VectorOperators.LSHR, 32));
            hi.lanewise(VectorOperators.LSHL, 2).or(lo.lanewise(VectorOperators.LSHR, 62)).intoArray(high, x);
            lo.and(MASK62).intoArray(low, x);
        }
        return end;
    }

    /**
     * The second pass: {@code high[x] = (high[x] hw + low[x] lw) mod q} in [0, q) for x below
     * {@code high.length} rounded down to a multiple of {@link #LANES}, with the multipliers in the
     * form paired with signed companions (see {@link NttTables#companionsInPlace}); values below 2^63.
     */
    static void scaledPairs(long[] high, long[] low, long q, long hw, long hws, long lw, long lws) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector twoQ = LongVector.broadcast(SPECIES, q << 1);
        final LongVector fourQ = LongVector.broadcast(SPECIES, q << 2);
        final LongVector hW = LongVector.broadcast(SPECIES, NttTables.plain(hw, q));
        final LongVector hS0 = LongVector.broadcast(SPECIES, hws & LOW32);
        final LongVector hS1 = LongVector.broadcast(SPECIES, hws >>> 32);
        final LongVector lW = LongVector.broadcast(SPECIES, NttTables.plain(lw, q));
        final LongVector lS0 = LongVector.broadcast(SPECIES, lws & LOW32);
        final LongVector lS1 = LongVector.broadcast(SPECIES, lws >>> 32);
        final int end = SPECIES.loopBound(high.length);
        for (int x = 0; x < end; x += LANES) {
            LongVector sum = mulLazy(LongVector.fromArray(SPECIES, high, x), hW, hS0, hS1, vq)
                    .add(mulLazy(LongVector.fromArray(SPECIES, low, x), lW, lS0, lS1, vq)); // [0, 8q)
            reduce(reduce(reduce(sum, fourQ), twoQ), vq).intoArray(high, x);
        }
    }

    /**
     * {@code acc[x] += y[s][x] inv[s]} for every row s in turn, each product and sum rounded as in
     * scalar Java (no fused multiply-add), for x below {@code acc.length} rounded down to a multiple of
     * {@link #LANES} ({@link OverflowCounts}; JDK 17 does not vectorize the scalar loop's long to
     * double conversions, 4.5x slower).
     *
     * @return the number of entries done
     */
    static int accumulateScaled(long[][] y, double[] inv, double[] acc) {
        final int end = SPECIES.loopBound(acc.length);
        for (int s = 0; s < y.length; s++) {
            final DoubleVector f = DoubleVector.broadcast(DOUBLES, inv[s]);
            final long[] ys = y[s];
            for (int x = 0; x < end; x += LANES) {
                DoubleVector term = ((DoubleVector) LongVector.fromArray(SPECIES, ys, x).convert(VectorOperators.L2D, 0)).mul(f);
                DoubleVector.fromArray(DOUBLES, acc, x).add(term).intoArray(acc, x);
            }
        }
        return end;
    }

    /**
     * {@code dst[d + x] = src[s + x] w mod q} in [0, 4q) for x below len (a multiple of
     * {@link #LANES}), with the multiplier in the form paired with a signed companion ({@code w},
     * {@code ws} as {@link NttTables#companionsInPlace} makes them); {@code src[s + x] < 2^63}.
     */
    static void mulConstant(long[] src, int s, long[] dst, int d, int len, long w, long ws, long q) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector vw = LongVector.broadcast(SPECIES, NttTables.plain(w, q));
        final LongVector wsv = LongVector.broadcast(SPECIES, ws);
        final LongVector s0 = wsv.and(LOW32); // halves by vector operations (see the class comment)
        final LongVector s1 = wsv.lanewise(VectorOperators.LSHR, 32);
        for (int x = 0; x < len; x += LANES) {
            mulLazy(LongVector.fromArray(SPECIES, src, s + x), vw, s0, s1, vq).intoArray(dst, d + x);
        }
    }

    /**
     * {@code dst[d + x] = (add[x] + src[s + x] w) mod q} in [0, q), as {@link #mulConstant};
     * {@code add[x]} in [0, q).
     */
    static void mulConstantAdd(long[] src, int s, long[] add, long[] dst, int d, int len, long w, long ws, long q) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector twoQ = LongVector.broadcast(SPECIES, q << 1);
        final LongVector vw = LongVector.broadcast(SPECIES, NttTables.plain(w, q));
        final LongVector wsv = LongVector.broadcast(SPECIES, ws);
        final LongVector s0 = wsv.and(LOW32); // halves by vector operations (see the class comment)
        final LongVector s1 = wsv.lanewise(VectorOperators.LSHR, 32);
        for (int x = 0; x < len; x += LANES) {
            LongVector r = reduce(reduce(mulLazy(LongVector.fromArray(SPECIES, src, s + x), vw, s0, s1, vq), twoQ), vq);
            reduce(r.add(LongVector.fromArray(SPECIES, add, x)), vq).intoArray(dst, d + x);
        }
    }

    /**
     * {@code out[x] = (first ? 0 : out[x]) + y[x] w mod q} for x below {@code out.length} (a
     * multiple of {@link #LANES}): in [0, 2q), or, with a table, reduced to [0, q) and
     * {@code table[v[x]]} (in [0, q)) subtracted modulo q (a gather), in [0, q). out[x] in [0, 2q)
     * when added to; w with its signed companion ws as {@link Modulus#prepareShoupInPlace} makes
     * them; {@code y[x]} below 2^63.
     */
    static void accumulateProduct(long[] y, long w, long ws, long q, long[] out, boolean first, long[] table, int[] v) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector twoQ = LongVector.broadcast(SPECIES, q << 1);
        final LongVector vw = LongVector.broadcast(SPECIES, NttTables.plain(w, q));
        final LongVector wsv = LongVector.broadcast(SPECIES, ws);
        final LongVector s0 = wsv.and(LOW32); // halves by vector operations (see the class comment)
        final LongVector s1 = wsv.lanewise(VectorOperators.LSHR, 32);
        for (int x = 0; x < out.length; x += LANES) {
            LongVector r = reduce(mulLazy(LongVector.fromArray(SPECIES, y, x), vw, s0, s1, vq), twoQ);
            if (!first) {
                r = reduce(r.add(LongVector.fromArray(SPECIES, out, x)), twoQ);
            }
            if (table != null) {
                r = reduce(reduce(r, vq).add(vq).sub(LongVector.fromArray(SPECIES, table, 0, v, x)), vq);
            }
            r.intoArray(out, x);
        }
    }
}
