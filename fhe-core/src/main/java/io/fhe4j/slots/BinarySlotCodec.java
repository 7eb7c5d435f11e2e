package io.fhe4j.slots;

import java.util.Arrays;

/**
 * {@link SlotCodec} for {@code p^r = 2}: both directions are {@code phi(m) x phi(m)} matrices over
 * GF(2), stored as bit rows, so encoding and decoding are XORs of the rows selected by the input's
 * 1-bits ({@code phi(m)^2 / 128} word operations on average: about 130,000 at m = 4369, where the
 * polynomial CRT of {@link GeneralSlotEncoder} takes tens of milliseconds).
 *
 * <p>Decode row i is the slot image of {@code X^i}: slot s gets {@code X^i mod F_s} mapped into
 * {@code E = GF(2)[Y]/F_0} by the encoder's matrix. Encode row {@code s d + k} is the polynomial
 * whose slot s is {@code Y^k} and whose other slots are 0: {@code ((R_s e_k) c_s mod F_s) *
 * Phi_m / F_s} with the encoder's {@code R_s} and {@code c_s = (Phi_m/F_s)^-1 mod F_s}, computed
 * with carry-less products of bit-packed polynomials. Tables: {@code 2 phi(m)^2} bits (4 MB at
 * m = 4369). Slot bit k of slot s is bit {@code s d + k} of a row.
 *
 * <p>Immutable and thread-safe.
 */
public final class BinarySlotCodec implements SlotCodec {
    /** Largest slot degree d (a slot's bits fit one long). */
    public static final int MAX_DEGREE = 62;

    private final GeneralSlotEncoder general;
    private final int n;
    private final int d;
    private final int nSlots;
    private final int words;
    private final long[][] decodeRows;
    private final long[][] encodeRows;

    BinarySlotCodec(GeneralSlotEncoder general) {
        this.general = general;
        this.d = general.slotDegree();
        this.nSlots = general.nSlots();
        this.n = d * nSlots;
        this.words = (n + 63) >>> 6;
        this.decodeRows = new long[n][words];
        this.encodeRows = new long[n][];
        long[] phi = bits(io.fhe4j.math.Cyclotomic.phi(general.algebra().m()));
        for (int s = 0; s < nSlots; s++) {
            long f = bitsOf(general.slotFactor(s));
            long[] cols = columns(general.toSlotMatrix(s));
            long x = 1;
            for (int i = 0; i < n; i++) {
                long image = apply(cols, x);
                for (int k = 0; k < d; k++) {
                    if ((image >>> k & 1) != 0) {
                        int bit = s * d + k;
                        decodeRows[i][bit >>> 6] |= 1L << bit;
                    }
                }
                x <<= 1;
                if ((x >>> d & 1) != 0) {
                    x ^= f;
                }
            }
            long[] quotient = divide(phi, f);
            long[] from = columns(general.fromSlotMatrix(s));
            long crt = bitsOf(general.crtCoefficient(s));
            for (int k = 0; k < d; k++) {
                long ts = mulMod(from[k], crt, f);
                long[] row = new long[words];
                for (int b = 0; b < d; b++) {
                    if ((ts >>> b & 1) != 0) {
                        xorShifted(row, quotient, b);
                    }
                }
                encodeRows[s * d + k] = row;
            }
        }
    }

    private long[] bits(long[] poly) {
        long[] out = new long[(poly.length + 63) >>> 6];
        for (int i = 0; i < poly.length; i++) {
            if ((poly[i] & 1) != 0) {
                out[i >>> 6] |= 1L << i;
            }
        }
        return out;
    }

    private static long bitsOf(long[] poly) {
        long x = 0;
        for (int i = 0; i < poly.length; i++) {
            x |= (poly[i] & 1) << i;
        }
        return x;
    }

    /** Column k of a d x d GF(2) matrix as bits. */
    private long[] columns(long[][] mat) {
        long[] cols = new long[d];
        for (int i = 0; i < mat.length; i++) {
            for (int k = 0; k < mat[i].length && k < d; k++) {
                cols[k] |= (mat[i][k] & 1) << i;
            }
        }
        return cols;
    }

    private static long apply(long[] cols, long x) {
        long out = 0;
        for (int k = 0; x != 0; k++, x >>>= 1) {
            if ((x & 1) != 0) {
                out ^= cols[k];
            }
        }
        return out;
    }

    /** {@code a * b mod f} over GF(2), all of degree below d (f of degree d). */
    private long mulMod(long a, long b, long f) {
        long acc = 0;
        for (int i = d - 1; i >= 0; i--) {
            acc <<= 1;
            if ((acc >>> d & 1) != 0) {
                acc ^= f;
            }
            if ((b >>> i & 1) != 0) {
                acc ^= a;
            }
        }
        return acc;
    }

    /** The quotient of the bit polynomial phi (degree n) by f (degree d), bit-packed. */
    private long[] divide(long[] phi, long f) {
        long[] rem = phi.clone();
        long[] quot = new long[words + 1];
        for (int i = n; i >= d; i--) {
            if ((rem[i >>> 6] >>> i & 1) != 0) {
                int shift = i - d;
                quot[shift >>> 6] |= 1L << shift;
                xorShifted(rem, new long[] {f}, shift);
            }
        }
        return quot;
    }

    /** {@code row ^= src << shift}, truncated to the row's length. */
    private static void xorShifted(long[] row, long[] src, int shift) {
        int ws = shift >>> 6;
        int bs = shift & 63;
        for (int i = 0; i < src.length && i + ws < row.length; i++) {
            long v = src[i];
            if (v == 0) {
                continue;
            }
            row[i + ws] ^= v << bs;
            if (bs != 0 && i + ws + 1 < row.length) {
                row[i + ws + 1] ^= v >>> (64 - bs);
            }
        }
    }

    @Override
    public PAlgebra algebra() {
        return general.algebra();
    }

    @Override
    public long plaintextModulus() {
        return 2;
    }

    @Override
    public int slotDegree() {
        return d;
    }

    @Override
    public int nSlots() {
        return nSlots;
    }

    @Override
    public long[][] decode(long[] poly) {
        if (poly.length > n) {
            throw new IllegalArgumentException("plaintext has " + poly.length + " coefficients, more than phi(m) = " + n);
        }
        long[] acc = new long[words];
        for (int i = 0; i < poly.length; i++) {
            long c = poly[i];
            if (c == 0) {
                continue;
            }
            if (c != 1) {
                throw new IllegalArgumentException("plaintext coefficient " + c + " is not in [0, 2)");
            }
            long[] row = decodeRows[i];
            for (int w = 0; w < words; w++) {
                acc[w] ^= row[w];
            }
        }
        long[][] out = new long[nSlots][d];
        for (int s = 0; s < nSlots; s++) {
            for (int k = 0; k < d; k++) {
                int bit = s * d + k;
                out[s][k] = acc[bit >>> 6] >>> bit & 1;
            }
        }
        return out;
    }

    @Override
    public long[] encode(long[][] slots) {
        if (slots.length != nSlots) {
            throw new SlotCountMismatchException(slots.length + " slot values given, the algebra m = "
                    + algebra().m() + ", p = 2 has " + nSlots + " slots");
        }
        long[] acc = new long[words];
        for (int s = 0; s < nSlots; s++) {
            long[] v = slots[s];
            if (v.length > d) {
                throw new IllegalArgumentException("slot value has " + v.length + " coefficients, more than d = " + d);
            }
            for (int k = 0; k < v.length; k++) {
                if (v[k] == 0) {
                    continue;
                }
                if (v[k] != 1) {
                    throw new IllegalArgumentException("slot coefficient " + v[k] + " is not in [0, 2)");
                }
                long[] row = encodeRows[s * d + k];
                for (int w = 0; w < words; w++) {
                    acc[w] ^= row[w];
                }
            }
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = acc[i >>> 6] >>> i & 1;
        }
        return out;
    }

    @Override
    public long[] multiplySlots(long[] x, long[] y) {
        return general.multiplySlots(x, y);
    }

    @Override
    public long[] frobenius(long[] x) {
        return general.frobenius(x);
    }

    @Override
    public String toString() {
        return "BinarySlotCodec(m = " + algebra().m() + ", " + nSlots + " slots of GF(2^" + d + "))";
    }
}
