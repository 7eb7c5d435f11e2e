package io.fhe4j.math;

import static io.fhe4j.math.VectorArith.mulLazy;
import static io.fhe4j.math.VectorArith.reduce;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Ntt}'s transforms with the JDK's Vector API ({@code jdk.incubator.vector}) on eight 64-bit
 * lanes, for any NTT prime below 2^60: same inputs, same outputs, same tables.
 *
 * <p>Why: C2 does not vectorize {@code Math.multiplyHigh}. The twiddle products here are
 * {@link VectorArith#mulLazy}, in [0, 4q) instead of the [0, 2q) of {@link NttTables#mulLazy}.
 * The ranges absorb that: forward layers keep values in [0, 8q) (only
 * the left input of each butterfly is reduced, to [0, 4q)), inverse layers in [0, 4q); 8q is below
 * 2^63 for q below 2^60.
 *
 * <p>Layers whose pairs are at least eight apart take the two sides of the butterflies from two
 * vectors. The three layers with pairs 4, 2 and 1 apart load sixteen values as two vectors and
 * exchange the lanes with bit 4 (2, 1) set between them, so that each butterfly again has one side
 * in each vector; their twiddle factors are eight adjacent table entries, permuted.
 *
 * <p>C2 compiles Vector API calls to vector instructions only when it inlines them with constant
 * species, shuffles and masks, and stops inlining in large methods: hence one small method per
 * loop, each naming its static final shuffles (the three span layers of each direction differ only
 * in those constants). Reached only through {@link SimdKernels}
 * (loaded only when {@link Simd#ENABLED}). Stateless and thread-safe.
 */
final class VectorNtt {
    private static final VectorSpecies<Long> SPECIES = VectorArith.SPECIES;
    private static final int LANES = VectorArith.LANES;
    private static final long LOW32 = VectorArith.LOW32;

    // Span s (pairs s apart): lane k <-> lane k ^ s, the lanes with bit s set, and where lane k of
    // the exchanged pair finds its twiddle factor among eight adjacent table entries.
    private static final VectorShuffle<Long> SWAP4 = VectorShuffle.fromValues(SPECIES, 4, 5, 6, 7, 0, 1, 2, 3);
    private static final VectorMask<Long> BIT4 = VectorMask.fromValues(SPECIES, false, false, false, false, true, true, true, true);
    private static final VectorShuffle<Long> TWIDDLES4 = VectorShuffle.fromValues(SPECIES, 0, 0, 0, 0, 1, 1, 1, 1);
    private static final VectorShuffle<Long> SWAP2 = VectorShuffle.fromValues(SPECIES, 2, 3, 0, 1, 6, 7, 4, 5);
    private static final VectorMask<Long> BIT2 = VectorMask.fromValues(SPECIES, false, false, true, true, false, false, true, true);
    private static final VectorShuffle<Long> TWIDDLES2 = VectorShuffle.fromValues(SPECIES, 0, 0, 2, 2, 1, 1, 3, 3);
    private static final VectorShuffle<Long> SWAP1 = VectorShuffle.fromValues(SPECIES, 1, 0, 3, 2, 5, 4, 7, 6);
    private static final VectorMask<Long> BIT1 = VectorMask.fromValues(SPECIES, false, true, false, true, false, true, false, true);
    private static final VectorShuffle<Long> TWIDDLES1 = VectorShuffle.fromValues(SPECIES, 0, 4, 1, 5, 2, 6, 3, 7);

    private VectorNtt() {
    }

    /**
     * One loop over the array. The transforms call their passes through this interface from one
     * call site with several receivers, which C2 does not inline: each pass is compiled on its
     * own, within C2's inlining budget (inlined together, the last ones would fall back to the
     * Vector API's Java code, many times slower).
     */
    private interface Pass {
        void run(long[] a, NttTables tables);
    }

    private static final Pass[] FORWARD = {
        VectorNtt::forwardWideLayers, VectorNtt::forwardSpan4, VectorNtt::forwardSpan2, VectorNtt::forwardSpan1,
    };
    private static final Pass[] INVERSE = {
        VectorNtt::inverseSpan1, VectorNtt::inverseSpan2, VectorNtt::inverseSpan4, VectorNtt::inverseWideLayers,
        VectorNtt::inverseLastLayer,
    };

    /** Forward transform: inputs in [0, 4q); outputs in [0, q) with {@code reduce}, else in [0, 4q). */
    static void forward(long[] a, NttTables tables, boolean reduce) {
        for (Pass pass : FORWARD) {
            pass.run(a, tables);
        }
        reduceAll(a, tables.modulus.value(), reduce);
    }

    /** Inverse transform: inputs in [0, q), outputs in [0, q). */
    static void inverse(long[] a, NttTables tables) {
        for (Pass pass : INVERSE) {
            pass.run(a, tables);
        }
    }

    /** The forward layers with pairs at least eight apart: values in [0, 8q). */
    private static void forwardWideLayers(long[] a, NttTables tables) {
        final long[] w = tables.fwd;
        final long[] ws = tables.fwdShoup;
        final long qv = tables.modulus.value();
        final LongVector q = LongVector.broadcast(SPECIES, qv);
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        int m = 1;
        for (int t = tables.n >>> 1; t >= LANES; t >>>= 1, m <<= 1) {
            for (int i = 0, j1 = 0; i < m; i++, j1 += 2 * t) {
                final LongVector vw = LongVector.broadcast(SPECIES, NttTables.plain(w[m + i], qv));
                // the halves by vector operations: JDK 25 then sees 32-bit factors (vpmuludq)
                final LongVector s = LongVector.broadcast(SPECIES, ws[m + i]);
                final LongVector s0 = s.and(LOW32);
                final LongVector s1 = s.lanewise(VectorOperators.LSHR, 32);
                for (int j = j1; j < j1 + t; j += LANES) {
                    LongVector x = reduce(LongVector.fromArray(SPECIES, a, j), fourQ);   // [0, 4q)
                    LongVector tw = mulLazy(LongVector.fromArray(SPECIES, a, j + t), vw, s0, s1, q);
                    x.add(tw).intoArray(a, j);                                           // [0, 8q)
                    x.sub(tw).add(fourQ).intoArray(a, j + t);                            // (0, 8q)
                }
            }
        }
    }

    /** The forward layer with pairs four apart (N/8 groups), sixteen values at a time: values in [0, 8q). */
    private static void forwardSpan4(long[] a, NttTables tables) {
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final int groups = tables.n >>> 3;
        for (int j = 0; j < tables.n; j += 2 * LANES) {
            LongVector v0 = LongVector.fromArray(SPECIES, a, j);
            LongVector v1 = LongVector.fromArray(SPECIES, a, j + LANES);
            LongVector x = reduce(v0.blend(v1.rearrange(SWAP4), BIT4), fourQ);
            LongVector y = v0.rearrange(SWAP4).blend(v1, BIT4);
            int k = groups + (j >>> 3);
            LongVector s = LongVector.fromArray(SPECIES, tables.fwdShoup, k).rearrange(TWIDDLES4);
            LongVector w = LongVector.fromArray(SPECIES, tables.fwdPlain, k).rearrange(TWIDDLES4);
            LongVector tw = mulLazy(y, w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
            LongVector u = x.add(tw);
            LongVector v = x.sub(tw).add(fourQ);
            u.blend(v.rearrange(SWAP4), BIT4).intoArray(a, j);
            u.rearrange(SWAP4).blend(v, BIT4).intoArray(a, j + LANES);
        }
    }

    /** The forward layer with pairs two apart (N/4 groups): as {@link #forwardSpan4}. */
    private static void forwardSpan2(long[] a, NttTables tables) {
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final int groups = tables.n >>> 2;
        for (int j = 0; j < tables.n; j += 2 * LANES) {
            LongVector v0 = LongVector.fromArray(SPECIES, a, j);
            LongVector v1 = LongVector.fromArray(SPECIES, a, j + LANES);
            LongVector x = reduce(v0.blend(v1.rearrange(SWAP2), BIT2), fourQ);
            LongVector y = v0.rearrange(SWAP2).blend(v1, BIT2);
            int k = groups + (j >>> 2);
            LongVector s = LongVector.fromArray(SPECIES, tables.fwdShoup, k).rearrange(TWIDDLES2);
            LongVector w = LongVector.fromArray(SPECIES, tables.fwdPlain, k).rearrange(TWIDDLES2);
            LongVector tw = mulLazy(y, w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
            LongVector u = x.add(tw);
            LongVector v = x.sub(tw).add(fourQ);
            u.blend(v.rearrange(SWAP2), BIT2).intoArray(a, j);
            u.rearrange(SWAP2).blend(v, BIT2).intoArray(a, j + LANES);
        }
    }

    /** The last forward layer, adjacent pairs (N/2 groups): as {@link #forwardSpan4}. */
    private static void forwardSpan1(long[] a, NttTables tables) {
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final int groups = tables.n >>> 1;
        for (int j = 0; j < tables.n; j += 2 * LANES) {
            LongVector v0 = LongVector.fromArray(SPECIES, a, j);
            LongVector v1 = LongVector.fromArray(SPECIES, a, j + LANES);
            LongVector x = reduce(v0.blend(v1.rearrange(SWAP1), BIT1), fourQ);
            LongVector y = v0.rearrange(SWAP1).blend(v1, BIT1);
            int k = groups + (j >>> 1);
            LongVector s = LongVector.fromArray(SPECIES, tables.fwdShoup, k).rearrange(TWIDDLES1);
            LongVector w = LongVector.fromArray(SPECIES, tables.fwdPlain, k).rearrange(TWIDDLES1);
            LongVector tw = mulLazy(y, w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
            LongVector u = x.add(tw);
            LongVector v = x.sub(tw).add(fourQ);
            u.blend(v.rearrange(SWAP1), BIT1).intoArray(a, j);
            u.rearrange(SWAP1).blend(v, BIT1).intoArray(a, j + LANES);
        }
    }

    /** Values from [0, 8q) to [0, q), or only to [0, 4q) without {@code full}. */
    private static void reduceAll(long[] a, long q, boolean full) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector twoQ = LongVector.broadcast(SPECIES, q << 1);
        final LongVector fourQ = LongVector.broadcast(SPECIES, q << 2);
        if (full) {
            for (int j = 0; j < a.length; j += LANES) {
                reduce(reduce(reduce(LongVector.fromArray(SPECIES, a, j), fourQ), twoQ), vq).intoArray(a, j);
            }
        } else {
            for (int j = 0; j < a.length; j += LANES) {
                reduce(LongVector.fromArray(SPECIES, a, j), fourQ).intoArray(a, j);
            }
        }
    }

    /** The first inverse layer, adjacent pairs (N/2 groups), sixteen values at a time: inputs in [0, q), outputs in [0, 4q). */
    private static void inverseSpan1(long[] a, NttTables tables) {
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final int groups = tables.n >>> 1;
        for (int j = 0; j < tables.n; j += 2 * LANES) {
            LongVector v0 = LongVector.fromArray(SPECIES, a, j);
            LongVector v1 = LongVector.fromArray(SPECIES, a, j + LANES);
            LongVector x = v0.blend(v1.rearrange(SWAP1), BIT1);
            LongVector y = v0.rearrange(SWAP1).blend(v1, BIT1);
            int k = groups + (j >>> 1);
            LongVector s = LongVector.fromArray(SPECIES, tables.invShoup, k).rearrange(TWIDDLES1);
            LongVector w = LongVector.fromArray(SPECIES, tables.invPlain, k).rearrange(TWIDDLES1);
            LongVector u = reduce(x.add(y), fourQ);
            LongVector v = mulLazy(x.sub(y).add(fourQ), w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
            u.blend(v.rearrange(SWAP1), BIT1).intoArray(a, j);
            u.rearrange(SWAP1).blend(v, BIT1).intoArray(a, j + LANES);
        }
    }

    /** The inverse layer with pairs two apart (N/4 groups): as {@link #inverseSpan1}, values in [0, 4q). */
    private static void inverseSpan2(long[] a, NttTables tables) {
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final int groups = tables.n >>> 2;
        for (int j = 0; j < tables.n; j += 2 * LANES) {
            LongVector v0 = LongVector.fromArray(SPECIES, a, j);
            LongVector v1 = LongVector.fromArray(SPECIES, a, j + LANES);
            LongVector x = v0.blend(v1.rearrange(SWAP2), BIT2);
            LongVector y = v0.rearrange(SWAP2).blend(v1, BIT2);
            int k = groups + (j >>> 2);
            LongVector s = LongVector.fromArray(SPECIES, tables.invShoup, k).rearrange(TWIDDLES2);
            LongVector w = LongVector.fromArray(SPECIES, tables.invPlain, k).rearrange(TWIDDLES2);
            LongVector u = reduce(x.add(y), fourQ);
            LongVector v = mulLazy(x.sub(y).add(fourQ), w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
            u.blend(v.rearrange(SWAP2), BIT2).intoArray(a, j);
            u.rearrange(SWAP2).blend(v, BIT2).intoArray(a, j + LANES);
        }
    }

    /** The inverse layer with pairs four apart (N/8 groups): as {@link #inverseSpan1}, values in [0, 4q). */
    private static void inverseSpan4(long[] a, NttTables tables) {
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final int groups = tables.n >>> 3;
        for (int j = 0; j < tables.n; j += 2 * LANES) {
            LongVector v0 = LongVector.fromArray(SPECIES, a, j);
            LongVector v1 = LongVector.fromArray(SPECIES, a, j + LANES);
            LongVector x = v0.blend(v1.rearrange(SWAP4), BIT4);
            LongVector y = v0.rearrange(SWAP4).blend(v1, BIT4);
            int k = groups + (j >>> 3);
            LongVector s = LongVector.fromArray(SPECIES, tables.invShoup, k).rearrange(TWIDDLES4);
            LongVector w = LongVector.fromArray(SPECIES, tables.invPlain, k).rearrange(TWIDDLES4);
            LongVector u = reduce(x.add(y), fourQ);
            LongVector v = mulLazy(x.sub(y).add(fourQ), w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
            u.blend(v.rearrange(SWAP4), BIT4).intoArray(a, j);
            u.rearrange(SWAP4).blend(v, BIT4).intoArray(a, j + LANES);
        }
    }

    /** The inverse layers with pairs at least eight apart, but the last: values in [0, 4q). */
    private static void inverseWideLayers(long[] a, NttTables tables) {
        final long[] w = tables.inv;
        final long[] ws = tables.invShoup;
        final long qv = tables.modulus.value();
        final LongVector q = LongVector.broadcast(SPECIES, qv);
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        for (int t = LANES, h = tables.n / (2 * LANES); h > 1; t <<= 1, h >>>= 1) {
            for (int i = 0, j1 = 0; i < h; i++, j1 += 2 * t) {
                final LongVector vw = LongVector.broadcast(SPECIES, NttTables.plain(w[h + i], qv));
                // the halves by vector operations: JDK 25 then sees 32-bit factors (vpmuludq)
                final LongVector s = LongVector.broadcast(SPECIES, ws[h + i]);
                final LongVector s0 = s.and(LOW32);
                final LongVector s1 = s.lanewise(VectorOperators.LSHR, 32);
                for (int j = j1; j < j1 + t; j += LANES) {
                    LongVector x = LongVector.fromArray(SPECIES, a, j);
                    LongVector y = LongVector.fromArray(SPECIES, a, j + t);
                    reduce(x.add(y), fourQ).intoArray(a, j);                             // [0, 4q)
                    mulLazy(x.sub(y).add(fourQ), vw, s0, s1, q).intoArray(a, j + t);     // [0, 4q)
                }
            }
        }
    }

    /** The last inverse layer: N^-1 on the sums, inv[1] (which carries N^-1) on the differences; outputs in [0, q). */
    private static void inverseLastLayer(long[] a, NttTables tables) {
        final int half = tables.n >>> 1;
        final LongVector q = LongVector.broadcast(SPECIES, tables.modulus.value());
        final LongVector twoQ = q.lanewise(VectorOperators.LSHL, 1);
        final LongVector fourQ = q.lanewise(VectorOperators.LSHL, 2);
        final long qv = tables.modulus.value();
        final LongVector ni = LongVector.broadcast(SPECIES, NttTables.plain(tables.nInv, qv));
        // the companions' halves from scalar shifts here: as vector operations (which let JDK 25
        // use vpmuludq) they push this method over C2's node budget on JDK 17
        final LongVector ni0 = LongVector.broadcast(SPECIES, tables.nInvShoup & LOW32);
        final LongVector ni1 = LongVector.broadcast(SPECIES, tables.nInvShoup >>> 32);
        final LongVector w = LongVector.broadcast(SPECIES, NttTables.plain(tables.inv[1], qv));
        final LongVector s0 = LongVector.broadcast(SPECIES, tables.invShoup[1] & LOW32);
        final LongVector s1 = LongVector.broadcast(SPECIES, tables.invShoup[1] >>> 32);
        for (int j = 0; j < half; j += LANES) {
            LongVector x = LongVector.fromArray(SPECIES, a, j);
            LongVector y = LongVector.fromArray(SPECIES, a, j + half);
            LongVector r0 = mulLazy(x.add(y), ni, ni0, ni1, q);                          // [0, 4q)
            LongVector r1 = mulLazy(x.sub(y).add(fourQ), w, s0, s1, q);
            reduce(reduce(r0, twoQ), q).intoArray(a, j);
            reduce(reduce(r1, twoQ), q).intoArray(a, j + half);
        }
    }

    /**
     * {@link ColumnNtt#forward} on vectors: the negacyclic transform of every column of the
     * {@code n x inner} row-major array, inner a multiple of {@link VectorArith#LANES}, with its
     * tables (plain multipliers w, companions ws); each butterfly runs over a row pair. Inputs in
     * [0, 4q), outputs in [0, 8q).
     */
    static void columnsForward(long[] a, int n, int inner, long[] w, long[] ws, long q) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector fourQ = vq.lanewise(VectorOperators.LSHL, 2);
        int t = n;
        for (int m = 1; m < n; m <<= 1) {
            t >>>= 1;
            for (int i = 0; i < m; i++) {
                final LongVector vw = LongVector.broadcast(SPECIES, w[m + i]);
                final LongVector s = LongVector.broadcast(SPECIES, ws[m + i]);
                final LongVector s0 = s.and(LOW32);
                final LongVector s1 = s.lanewise(VectorOperators.LSHR, 32);
                for (int j = 2 * i * t; j < (2 * i + 1) * t; j++) {
                    final int u0 = j * inner;
                    final int v0 = (j + t) * inner;
                    for (int x = 0; x < inner; x += LANES) {
                        LongVector u = reduce(LongVector.fromArray(SPECIES, a, u0 + x), fourQ);      // [0, 4q)
                        LongVector tw = mulLazy(LongVector.fromArray(SPECIES, a, v0 + x), vw, s0, s1, vq);
                        u.add(tw).intoArray(a, u0 + x);                                            // [0, 8q)
                        u.sub(tw).add(fourQ).intoArray(a, v0 + x);                                 // (0, 8q)
                    }
                }
            }
        }
    }

    /**
     * {@link ColumnNtt#inverse} on vectors (without the factor {@code n^-1}), as
     * {@link #columnsForward}: inputs and outputs in [0, 4q).
     */
    static void columnsInverse(long[] a, int n, int inner, long[] w, long[] ws, long q) {
        final LongVector vq = LongVector.broadcast(SPECIES, q);
        final LongVector fourQ = vq.lanewise(VectorOperators.LSHL, 2);
        int t = 1;
        for (int m = n >>> 1; m >= 1; m >>>= 1) {
            for (int i = 0; i < m; i++) {
                final LongVector vw = LongVector.broadcast(SPECIES, w[m + i]);
                final LongVector s = LongVector.broadcast(SPECIES, ws[m + i]);
                final LongVector s0 = s.and(LOW32);
                final LongVector s1 = s.lanewise(VectorOperators.LSHR, 32);
                for (int j = 2 * i * t; j < (2 * i + 1) * t; j++) {
                    final int u0 = j * inner;
                    final int v0 = (j + t) * inner;
                    for (int x = 0; x < inner; x += LANES) {
                        LongVector u = LongVector.fromArray(SPECIES, a, u0 + x);
                        LongVector v = LongVector.fromArray(SPECIES, a, v0 + x);
                        reduce(u.add(v), fourQ).intoArray(a, u0 + x);                               // [0, 4q)
                        mulLazy(u.sub(v).add(fourQ), vw, s0, s1, vq).intoArray(a, v0 + x);          // [0, 4q)
                    }
                }
            }
            t <<= 1;
        }
    }
}
