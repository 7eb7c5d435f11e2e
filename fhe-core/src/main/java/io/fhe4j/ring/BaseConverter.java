package io.fhe4j.ring;

import io.fhe4j.math.Modulus;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.OverflowCounts;

/**
 * Fast RNS base conversion from a basis Q = {q_i} to a basis P = {p_j} (Bajard et al.; the
 * "ModUp" of RNS-BGV key switching and of HElib's special primes).
 *
 * <p>For each coefficient, with residues x_i and {@code y_i = [x_i * (Q/q_i)^-1]_{q_i}}:
 * <ul>
 *   <li>{@link #convertApproximate}: {@code sum_i y_i * (Q/q_i) mod p_j}, which is
 *       {@code x + u*Q mod p_j} for the representative x in [0, Q) and some integer
 *       {@code 0 <= u < L} (L = |Q|). One Shoup multiplication per (i, j).</li>
 *   <li>{@link #convertExact}: subtracts {@code v*Q} with {@code v = round(sum_i y_i / q_i)}
 *       computed in double precision, giving the centered representative of x in
 *       {@code [-Q/2, Q/2)} exactly, unless x lies within {@code L * 2^-50 * Q} of {@code +-Q/2}
 *       (then the result may be off by one multiple of Q). Inputs that are small relative to Q,
 *       as key-switching digits and noise are, are always exact.</li>
 * </ul>
 * Inputs and outputs are in coefficient form. Immutable and thread-safe.
 */
public final class BaseConverter {
    private final RnsBasis from;
    private final RnsBasis to;
    /** qHatModP[j][i] = (Q/q_i) mod p_j, with Shoup companions. */
    private final long[][] qHatModP;
    private final long[][] qHatModPShoup;
    /** Q mod p_j. */
    private final long[] qModP;
    /** vQModP[j][v] = v Q mod p_j for v in [0, L], the overflow corrections. */
    private final long[][] vQModP;
    /** For targets below 2^60: qHatModP[j] in the signed form of {@link Modulus#prepareShoupInPlace}, else null. */
    private final long[][] signedQHat;
    private final long[][] signedQHatShoup;
    private final double[] inverseQi;

    /**
     * A converter from {@code from} to {@code to}. The two bases may share primes (the shared
     * residues are then recomputed, which is harmless).
     */
    public BaseConverter(RnsBasis from, RnsBasis to) {
        this.from = from;
        this.to = to;
        int l = from.size();
        int k = to.size();
        qHatModP = new long[k][l];
        qHatModPShoup = new long[k][l];
        qModP = new long[k];
        vQModP = new long[k][];
        signedQHat = new long[k][];
        signedQHatShoup = new long[k][];
        for (int j = 0; j < k; j++) {
            Modulus pj = to.modulus(j);
            for (int i = 0; i < l; i++) {
                qHatModP[j][i] = pj.reduce(from.qHat(i));
                qHatModPShoup[j][i] = pj.shoup(qHatModP[j][i]);
            }
            qModP[j] = pj.reduce(from.product());
            vQModP[j] = new long[l + 1];
            for (int v = 1; v <= l; v++) {
                vQModP[j][v] = pj.add(vQModP[j][v - 1], qModP[j]);
            }
            if (pj.bits() <= NttTables.MAX_PRIME_BITS) {
                signedQHat[j] = qHatModP[j].clone();
                signedQHatShoup[j] = pj.prepareShoupInPlace(signedQHat[j]);
            }
        }
        inverseQi = new double[l];
        for (int i = 0; i < l; i++) {
            inverseQi[i] = 1.0 / from.prime(i);
        }
    }

    /** The source basis Q. */
    public RnsBasis from() {
        return from;
    }

    /** The target basis P. */
    public RnsBasis to() {
        return to;
    }

    /**
     * Approximate conversion: {@code out[j] = x + u*Q mod p_j} with {@code 0 <= u < |Q|}.
     *
     * @param in |Q| rows of coefficients, not modified
     * @param out |P| rows of length N, overwritten
     */
    public void convertApproximate(long[][] in, long[][] out) {
        convert(in, out, false);
    }

    /**
     * Exact conversion of the centered representative (see the class comment for the bound).
     *
     * @param in |Q| rows of coefficients, not modified
     * @param out |P| rows of length N, overwritten
     */
    public void convertExact(long[][] in, long[][] out) {
        convert(in, out, true);
    }

    /**
     * Converts an element of a ring over Q, in coefficient form, to the ring {@code target} over
     * P (same degree), in coefficient form.
     */
    public DoubleCrt convert(DoubleCrt x, PolyRing target, boolean exact) {
        if (!x.basis().equals(from) || !target.basis().equals(to) || x.n() != target.n()) {
            throw new MismatchedBasisException("converter " + from + " -> " + to + " cannot take " + x.basis()
                    + " -> " + target.basis());
        }
        if (x.isEvaluationForm()) {
            throw new MismatchedBasisException("base conversion needs coefficient form: call toCoefficientForm()");
        }
        long[][] in = new long[x.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = x.row(i);
        }
        long[][] out = new long[to.size()][x.n()];
        convert(in, out, exact);
        return new DoubleCrt(target, out, false);
    }

    private void convert(long[][] in, long[][] out, boolean exact) {
        int l = from.size();
        int k = to.size();
        if (in.length != l || out.length != k) {
            throw new MismatchedBasisException("base conversion " + l + " -> " + k + " primes given " + in.length
                    + " input and " + out.length + " output rows");
        }
        int n = in[0].length;
        long[][] y = new long[l][n];
        Parallel.forEach(l, n, i -> {
            Modulus qi = from.modulus(i);
            long w = from.qHatInverse(i);
            long ws = from.qHatInverseShoup(i);
            long[] src = in[i];
            long[] dst = y[i];
            for (int c = 0; c < n; c++) {
                dst[c] = qi.mulShoup(src[c], w, ws);
            }
        });
        int[] v = exact ? OverflowCounts.of(y, inverseQi, n) : null;
        Parallel.forEach(k, (long) n * l, j -> {
            Modulus pj = to.modulus(j);
            long[] dst = out[j];
            if (v != null && signedQHat[j] != null && dst.length == n) { // the exact sum on the Vector API
                pj.dotMinusTable(y, signedQHat[j], signedQHatShoup[j], vQModP[j], v, dst);
                return;
            }
            long p = pj.value();
            java.util.Arrays.fill(dst, 0);
            // lazy sums need 2p < 2^62: every target below 2^61 (NTT primes are); others reduce fully
            long twoP = p < (1L << 61) ? 2 * p : p;
            for (int i = 0; i < l; i++) {
                long w = qHatModP[j][i];
                long ws = qHatModPShoup[j][i];
                long[] yi = y[i];
                for (int c = 0; c < n; c++) {
                    // the running sum stays in [0, twoP)
                    long product = twoP == p ? pj.mulShoup(yi[c], w, ws) : pj.mulShoupLazy(yi[c], w, ws);
                    long s = dst[c] + product - twoP;
                    dst[c] = s + ((s >> 63) & twoP);
                }
            }
            for (int c = 0; c < n; c++) {
                long s = dst[c] - p;
                dst[c] = s + ((s >> 63) & p);
            }
            if (v != null) {
                long[] multiples = vQModP[j];
                for (int c = 0; c < n; c++) {
                    dst[c] = pj.sub(dst[c], multiples[v[c]]); // v in [0, L]: subtract v * (Q mod p)
                }
            }
        });
    }

    /** {@code Q mod p_j}, for callers that correct approximate results themselves. */
    public long productModTarget(int j) {
        return qModP[j];
    }
}
