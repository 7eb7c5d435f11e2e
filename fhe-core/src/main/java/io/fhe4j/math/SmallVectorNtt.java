package io.fhe4j.math;

import static io.fhe4j.math.VectorArith.reduce;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorNtt} for primes below 2^{@value #MAX_PRIME_BITS} (the plaintext modulus t of the slot
 * encoder, e.g. 65537): the same passes, ranges, tables and results, with the twiddle products done
 * as 32-bit Shoup products.
 *
 * <p>Why: values stay below 8q < 2^32, so the Shoup quotient is {@code floor(y S1 / 2^32)} with
 * {@code S1 = floor(w 2^32 / q)} (the companion's high half): one 32 x 32-bit product instead of
 * three, and {@code y w - quotient q} from two more (every factor zero-extended 32 bits, which
 * JDK 25 compiles to {@code vpmuludq}) instead of two 64-bit {@code vpmullq}. The result lies in
 * [0, 2q), inside the [0, 4q) that {@link VectorNtt}'s passes allow.
 *
 * <p>Reached only through {@link VectorKernels}. Stateless and thread-safe.
 */
final class SmallVectorNtt {
    /** Primes below 2^29 keep 8q below 2^32. */
    static final int MAX_PRIME_BITS = 29;

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

    private SmallVectorNtt() {
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
        SmallVectorNtt::forwardWideLayers, SmallVectorNtt::forwardSpan4, SmallVectorNtt::forwardSpan2, SmallVectorNtt::forwardSpan1,
    };
    private static final Pass[] INVERSE = {
        SmallVectorNtt::inverseSpan1, SmallVectorNtt::inverseSpan2, SmallVectorNtt::inverseSpan4, SmallVectorNtt::inverseWideLayers,
        SmallVectorNtt::inverseLastLayer,
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
                    LongVector tw = mulSmall(LongVector.fromArray(SPECIES, a, j + t), vw, s0, s1, q);
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
            LongVector tw = mulSmall(y, w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
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
            LongVector tw = mulSmall(y, w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
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
            LongVector tw = mulSmall(y, w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
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
            LongVector v = mulSmall(x.sub(y).add(fourQ), w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
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
            LongVector v = mulSmall(x.sub(y).add(fourQ), w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
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
            LongVector v = mulSmall(x.sub(y).add(fourQ), w, s.and(LOW32), s.lanewise(VectorOperators.LSHR, 32), q);
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
                    mulSmall(x.sub(y).add(fourQ), vw, s0, s1, q).intoArray(a, j + t);     // [0, 4q)
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
            LongVector r0 = mulSmall(x.add(y), ni, ni0, ni1, q);                          // [0, 4q)
            LongVector r1 = mulSmall(x.sub(y).add(fourQ), w, s0, s1, q);
            reduce(reduce(r0, twoQ), q).intoArray(a, j);
            reduce(reduce(r1, twoQ), q).intoArray(a, j + half);
        }
    }

    /**
     * {@code y w mod q} in [0, 2q) for {@code 0 <= y < 2^32} and w in [0, q), q below
     * 2^{@value #MAX_PRIME_BITS}, given the high half {@code s1 = floor(w 2^32 / q)} of w's
     * companion (the low half s0 is not needed): Shoup's product on 32-bit words.
     */
    private static LongVector mulSmall(LongVector y, LongVector w, LongVector s0, LongVector s1, LongVector q) {
        LongVector y0 = y.and(LOW32);
        LongVector quotient = y0.mul(s1.and(LOW32)).lanewise(VectorOperators.LSHR, 32);
        return y0.mul(w.and(LOW32)).sub(quotient.mul(q.and(LOW32)));
    }
}
