package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.math.NttTables;
import io.fhe4j.ring.BaseConverter;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.RnsBasis;

/**
 * BGV's division by a product S of primes that keeps the plaintext: for x over {@code Q * S} it
 * returns {@code x' = (x - t z) / S} over Q, where {@code z = [x t^-1]_S} is centered. Then
 * {@code S x' = x - t z} is congruent to x modulo t, so the message is multiplied by
 * {@code S^-1 mod t} (tracked as the plaintext factor), and {@code |x' - x/S| <= t/2}.
 *
 * <p>It serves both modulus switching (S = the last ciphertext prime) and the last step of key
 * switching (S = the special primes). Immutable and thread-safe.
 */
final class ScaleDown {
    private final PolyRing target;
    private final BaseConverter toTarget;
    private final long[] tInverseModS;
    private final long[] sInverse;
    private final long[] tTimesSInverse;
    /** Dropping one prime s: Shoup pairs of t^-1 mod s, and per kept prime of S^-1 and t S^-1; t mod q_i. */
    private final long[] tInversePair;
    private final long[][] sInversePair;
    private final long[][] tsInversePair;
    private final long[] tModQ;

    /**
     * @param target the ring over Q
     * @param removed the basis S (the last primes of the input's ring)
     * @param t the plaintext modulus
     */
    ScaleDown(PolyRing target, RnsBasis removed, long t) {
        this.target = target;
        this.toTarget = new BaseConverter(removed, target.basis());
        this.tInverseModS = new long[removed.size()];
        for (int k = 0; k < removed.size(); k++) {
            Modulus s = removed.modulus(k);
            tInverseModS[k] = s.inverse(s.reduce(t));
        }
        RnsBasis q = target.basis();
        this.sInverse = new long[q.size()];
        this.tTimesSInverse = new long[q.size()];
        for (int i = 0; i < q.size(); i++) {
            Modulus qi = q.modulus(i);
            sInverse[i] = qi.inverse(qi.reduce(removed.product()));
            tTimesSInverse[i] = qi.mul(qi.reduce(t), sInverse[i]);
        }
        this.tInversePair = KeySwitcher.shoupPair(tInverseModS[0], removed.prime(0));
        this.sInversePair = new long[q.size()][];
        this.tsInversePair = new long[q.size()][];
        this.tModQ = new long[q.size()];
        for (int i = 0; i < q.size(); i++) {
            sInversePair[i] = KeySwitcher.shoupPair(sInverse[i], q.prime(i));
            tsInversePair[i] = KeySwitcher.shoupPair(tTimesSInverse[i], q.prime(i));
            tModQ[i] = q.modulus(i).reduce(t);
        }
    }

    /** The product S as a basis. */
    RnsBasis removed() {
        return toTarget.from();
    }

    /**
     * Divides x, an element over {@code Q * S} in evaluation form whose last |S| rows are the
     * primes of S, returning a new element over Q in evaluation form. x is not modified.
     */
    DoubleCrt apply(DoubleCrt x) {
        return applyAll(new DoubleCrt[] {x})[0];
    }

    /**
     * Divides every element of {@code xs} (the parts of a ciphertext) as {@link #apply} does. With
     * one prime dropped, in two parallel rounds over all of them: the dropped rows, then every
     * (part, kept prime) pair, which keeps more threads busy than one element after the other. The
     * xs are not modified.
     */
    DoubleCrt[] applyAll(DoubleCrt[] xs) {
        int primes = target.size() + toTarget.from().size();
        for (DoubleCrt x : xs) {
            if (x.size() != primes) {
                throw new IllegalArgumentException("scale-down expects " + primes + " primes, got " + x.size());
            }
        }
        if (toTarget.from().size() == 1) {
            return applyOne(xs);
        }
        DoubleCrt[] out = new DoubleCrt[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = applySeveral(xs[i]);
        }
        return out;
    }

    /** Dropping several primes: their rows to coefficients, converted exactly to the kept primes. */
    private DoubleCrt applySeveral(DoubleCrt x) {
        int keep = target.size();
        int drop = toTarget.from().size();
        int n = x.n();
        long[][] z = new long[drop][];
        for (int k = 0; k < drop; k++) {
            z[k] = x.row(keep + k).clone();
            x.ring().transform(keep + k).inverse(z[k]);
            Modulus s = toTarget.from().modulus(k);
            long w = tInverseModS[k];
            long ws = s.shoup(w);
            long[] zk = z[k];
            for (int c = 0; c < n; c++) {
                zk[c] = s.mulShoup(zk[c], w, ws);
            }
        }
        long[][] zq = new long[keep][n];
        toTarget.convertExact(z, zq);
        io.fhe4j.ring.Parallel.forEach(keep, (long) n * 20, i -> {
            target.transform(i).forward(zq[i]);
            Modulus qi = target.basis().modulus(i);
            long a = sInverse[i];
            long as = qi.shoup(a);
            long b = tTimesSInverse[i];
            long bs = qi.shoup(b);
            long[] xi = x.row(i);
            long[] zi = zq[i];
            for (int c = 0; c < n; c++) {
                zi[c] = qi.sub(qi.mulShoup(xi[c], a, as), qi.mulShoup(zi[c], b, bs));
            }
        });
        return target.wrap(zq, true);
    }

    /**
     * Dropping one prime s: {@code z = [x_s t^-1]_s} centered is {@code z} or {@code z - s}, so its
     * image times {@code t s^-1} modulo q_i is {@code z (t s^-1) - [z > s/2] t}; the result
     * {@code x s^-1 - t s^-1 z} needs one transform per kept prime and Shoup products only.
     */
    private DoubleCrt[] applyOne(DoubleCrt[] xs) {
        int keep = target.size();
        int n = xs[0].n();
        long s = xs[0].basis().prime(keep);
        long half = s >>> 1;
        long tw = tInversePair[0];
        long tws = tInversePair[1];
        long[][] zs = new long[xs.length][];
        io.fhe4j.ring.Parallel.forEach(xs.length, (long) n * 20, p -> {
            long[] z = xs[p].row(keep).clone();
            xs[p].ring().transform(keep).inverse(z);
            for (int c = 0; c < n; c++) {
                z[c] = Modulus.csub(NttTables.mulLazy(z[c], tw, tws, s), s);
            }
            zs[p] = z;
        });
        long[][][] out = new long[xs.length][keep][];
        io.fhe4j.ring.Parallel.forEach(xs.length * keep, (long) n * 20, task -> {
            int p = task / keep;
            int i = task % keep;
            long[] z = zs[p];
            long q = target.basis().prime(i);
            long bw = tsInversePair[i][0];
            long bws = tsInversePair[i][1];
            long tq = tModQ[i];
            long[] r = new long[n];
            for (int c = 0; c < n; c++) {
                long zc = z[c];
                long v = Modulus.csub(NttTables.mulLazy(zc, bw, bws, q), q) - ((half - zc) >> 63 & tq);
                r[c] = v + ((v >> 63) & q);
            }
            target.transform(i).forward(r);
            long aw = sInversePair[i][0];
            long aws = sInversePair[i][1];
            long[] xi = xs[p].row(i);
            for (int c = 0; c < n; c++) {
                long v = NttTables.mulLazy(xi[c], aw, aws, q) - r[c]; // (-q, 2q)
                v += (v >> 63) & q;
                r[c] = Modulus.csub(v, q);
            }
            out[p][i] = r;
        });
        DoubleCrt[] result = new DoubleCrt[xs.length];
        for (int p = 0; p < xs.length; p++) {
            result[p] = target.wrap(out[p], true);
        }
        return result;
    }
}
