package io.fhe4j.slots;

import io.fhe4j.math.CyclotomicFactorization;
import io.fhe4j.math.ModPoly;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.PolyFactoring;
import java.math.BigInteger;

/**
 * Plaintext-level encoding for a general {@link PAlgebra} ({@link PAlgebra#general}): plaintexts
 * are polynomials of degree below {@code phi(m)} with coefficients mod {@code p^r} (elements of
 * {@code Z_(p^r)[X]/Phi_m}); slots are elements of {@code E = Z_(p^r)[Y]/F_0(Y)} ({@code GF(p^d)}
 * for r = 1, a Galois ring for r > 1), each a {@code long[d]} of coefficients of
 * {@code 1, Y, ..., Y^(d-1)} in {@code [0, p^r)}.
 *
 * <h2>The slot map</h2>
 * {@code F_0} is factor 0 of {@link CyclotomicFactorization} (HElib's first factor) and
 * {@code zeta = Y} its root, a primitive m-th root of unity in E. Slot s holds
 * {@code a(zeta^e(s))}, e(s) the slot's representative {@link PAlgebra#slotExponent(int)};
 * equivalently, with {@code F_s} the factor that has {@code zeta^e(s)} as a root
 * ({@link #slotFactor(int)}), the residue {@code a mod F_s} mapped into E by {@code X -> Y^e(s)}.
 * This is HElib's {@code EncryptedArray} representation with {@code G = F_0} (HElib maps slot s
 * through {@code zeta^(1/e(s))}, see {@link PAlgebra}).
 *
 * <p>Consequences, checked by the tests: decode is a ring isomorphism onto {@code E^nSlots}
 * (slotwise products); {@code X -> X^k} sends slot s to {@code sigma^j} of slot
 * {@code slotOfElement(k e(s))}, where {@code j = frobeniusPowerOf(k e(s))} and
 * {@code sigma(Y) = Y^p} is the Frobenius of E ({@link #frobenius}; for r = 1 it is
 * {@code x -> x^p}). So for a generator g of a good dimension, {@code X -> X^g} rotates every
 * line along that dimension by one (slot c gets what was at c + 1); along a bad dimension the
 * same happens except that the slots that wrap around (coordinate {@code order - 1}) receive
 * {@code sigma^k} of the value, {@code k = frobeniusPerturbation(dim)}, HElib's "bad dimension"
 * twist, which HElib undoes with a mask and a second automorphism.
 *
 * <h2>Algorithms and cost</h2>
 * Decode: direct reduction of the plaintext mod each {@code F_s} (not a remainder tree: with
 * schoolbook products a tree costs the same {@code O(phi(m)^2)}), lazy reduction when
 * {@code p^r} is small, then a d x d matrix per slot. Encode: CRT, {@code sum_s ((R_s c_s) mod
 * F_s) * Phi_m / F_s} with {@code c_s = (Phi_m/F_s)^-1 mod F_s} precomputed (Hensel/Newton for
 * r > 1) and {@code Phi_m / F_s} recomputed per slot: {@code O(phi(m)^2)}. Tables: two d x d
 * matrices, one factor and one CRT coefficient per slot ({@code O(phi(m) d)} longs).
 *
 * <p>Immutable and thread-safe. Methods allocate their results and never modify their inputs.
 */
public final class GeneralSlotEncoder implements SlotCodec {
    private final PAlgebra algebra;
    private final int r;
    private final long pr;
    private final int d;
    private final int nSlots;
    private final int phiM;
    private final ModPoly ring;
    private final Modulus mod;
    private final long[] phi;
    private final long[] f0;
    private final long[][] factors;
    private final long[][] crt;
    /** toSlot[s][i][k]: coefficient i of Y^(e(s) k) mod F_0. */
    private final long[][][] toSlot;
    /** fromSlot[s][i][k]: coefficient i of X^(k / e(s)) mod F_s. */
    private final long[][][] fromSlot;
    /** frob[i][k]: coefficient i of Y^(p k) mod F_0. */
    private final long[][] frob;

    private GeneralSlotEncoder(PAlgebra algebra, int r) {
        this.algebra = algebra;
        this.r = r;
        int m = algebra.m();
        long p = algebra.p();
        CyclotomicFactorization fact = CyclotomicFactorization.of(m, p, r);
        this.pr = fact.modulus();
        this.d = fact.degree();
        this.nSlots = algebra.nSlots();
        this.phiM = algebra.phiM();
        this.ring = ModPoly.of(pr);
        this.mod = ring.mod();
        this.phi = fact.phiModulus();
        this.f0 = fact.factor(0);
        this.factors = new long[nSlots][];
        this.crt = new long[nSlots][];
        this.toSlot = new long[nSlots][][];
        this.fromSlot = new long[nSlots][][];
        BigInteger bm = BigInteger.valueOf(m);
        for (int s = 0; s < nSlots; s++) {
            int e = algebra.slotExponent(s);
            long[] fs = fact.factor(fact.factorWithRoot(e));
            factors[s] = fs;
            crt[s] = PolyFactoring.inverseModPrimePower(ring.rem(ring.div(phi, fs), fs), fs, p, r);
            toSlot[s] = powerMatrix(Math.floorMod(e, m), f0);
            int u = BigInteger.valueOf(e).modInverse(bm).intValue();
            fromSlot[s] = powerMatrix(u, fs);
        }
        this.frob = powerMatrix((int) (p % m), f0);
    }

    /**
     * The encoder of {@code Z_(p^r)[X]/Phi_m} for a general algebra (builds the factorization of
     * {@code Phi_m mod p^r}, cached, and the slot tables).
     *
     * @param algebra built by {@link PAlgebra#general}
     * @param r the Hensel exponent, {@code p^r < 2^62}
     * @throws UnsupportedAlgebraException if the algebra has the power-of-two row layout (use
     *         {@link PAlgebraMod})
     */
    public static GeneralSlotEncoder of(PAlgebra algebra, int r) {
        if (algebra.hasRowLayout()) {
            throw new UnsupportedAlgebraException("m = " + algebra.m() + ", t = " + algebra.t()
                    + " has the power-of-two row layout: encode it with PAlgebraMod (one NTT), or build the algebra "
                    + "with PAlgebra.general for HElib's slot order");
        }
        PolyFactoring.power(algebra.p(), r);
        return new GeneralSlotEncoder(algebra, r);
    }

    /** Matrix whose column k holds the coefficients of X^(e k) mod f, k in [0, deg f). */
    private long[][] powerMatrix(int e, long[] f) {
        int n = ModPoly.degree(f);
        long[][] mat = new long[n][n];
        long[] step = ring.powMod(ring.x(), e, f);
        long[] pw = ring.rem(ring.constant(1), f);
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < pw.length; i++) {
                mat[i][k] = pw[i];
            }
            pw = ring.mulMod(pw, step, f);
        }
        return mat;
    }

    private long[] apply(long[][] mat, long[] v) {
        int n = mat.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long acc = 0;
            long[] row = mat[i];
            for (int k = 0; k < v.length; k++) {
                acc = mod.add(acc, mod.mul(row[k], v[k]));
            }
            out[i] = acc;
        }
        return out;
    }

    /** Matrix taking {@code a mod F_s} to slot s's coefficients (for {@link BinarySlotCodec}; not a copy). */
    long[][] toSlotMatrix(int s) {
        return toSlot[s];
    }

    /** Matrix taking slot s's coefficients to the residue mod {@code F_s} (not a copy). */
    long[][] fromSlotMatrix(int s) {
        return fromSlot[s];
    }

    /** {@code (Phi_m / F_s)^-1 mod F_s} (not a copy). */
    long[] crtCoefficient(int s) {
        return crt[s];
    }

    /** The algebra. */
    @Override
    public PAlgebra algebra() {
        return algebra;
    }

    /** The Hensel exponent r. */
    public int r() {
        return r;
    }

    /** The plaintext modulus {@code p^r}. */
    @Override
    public long plaintextModulus() {
        return pr;
    }

    /** The slot degree d. */
    @Override
    public int slotDegree() {
        return d;
    }

    /** The number of slots. */
    @Override
    public int nSlots() {
        return nSlots;
    }

    /** {@code F_0}, the modulus of the slot ring E (a copy). */
    public long[] slotModulus() {
        return f0.clone();
    }

    /** The factor {@code F_s} of {@code Phi_m mod p^r} with root {@code zeta^e(s)} (a copy). */
    public long[] slotFactor(int s) {
        return factors[s].clone();
    }

    /**
     * The slot values of a plaintext.
     *
     * @param poly at most {@code phi(m)} coefficients in {@code [0, p^r)} (not modified)
     * @return {@code nSlots} arrays of d coefficients
     */
    @Override
    public long[][] decode(long[] poly) {
        long[] a = checkPoly(poly);
        long[][] out = new long[nSlots][];
        for (int s = 0; s < nSlots; s++) {
            out[s] = java.util.Arrays.copyOf(apply(toSlot[s], ring.rem(a, factors[s])), d);
        }
        return out;
    }

    /**
     * The plaintext with the given slot values, of degree below {@code phi(m)}.
     *
     * @param slots {@code nSlots} arrays of at most d coefficients in {@code [0, p^r)} (not modified)
     * @return {@code phi(m)} coefficients
     */
    @Override
    public long[] encode(long[][] slots) {
        if (slots.length != nSlots) {
            throw new SlotCountMismatchException(slots.length + " slot values given, the algebra m = " + algebra.m()
                    + ", p = " + algebra.p() + " has " + nSlots + " slots");
        }
        long[] acc = new long[phiM];
        for (int s = 0; s < nSlots; s++) {
            long[] v = checkSlot(slots[s]);
            long[] rs = ring.reduce(apply(fromSlot[s], v));
            long[] ts = ring.mulMod(rs, crt[s], factors[s]);
            if (ts.length == 0) {
                continue;
            }
            long[] term = ring.mul(ts, ring.div(phi, factors[s]));
            for (int i = 0; i < term.length; i++) {
                acc[i] = mod.add(acc[i], term[i]);
            }
        }
        return acc;
    }

    /** The product of two slot values in E. */
    @Override
    public long[] multiplySlots(long[] x, long[] y) {
        return java.util.Arrays.copyOf(ring.mulMod(ring.reduce(checkSlot(x)), ring.reduce(checkSlot(y)), f0), d);
    }

    /** The Frobenius {@code sigma(x)(Y) = x(Y^p)} of E ({@code x^p} for r = 1). */
    @Override
    public long[] frobenius(long[] x) {
        return java.util.Arrays.copyOf(apply(frob, checkSlot(x)), d);
    }

    /** The product of two plaintexts in {@code Z_(p^r)[X]/Phi_m} (schoolbook). */
    public long[] multiplyPlaintexts(long[] a, long[] b) {
        return java.util.Arrays.copyOf(ring.rem(ring.mul(checkPoly(a), checkPoly(b)), phi), phiM);
    }

    /** The automorphism {@code a(X) -> a(X^k) mod Phi_m}, k a unit mod m (any sign). */
    public long[] automorphism(long[] a, long k) {
        int m = algebra.m();
        long[] x = checkPoly(a);
        long[] b = new long[m];
        long km = Math.floorMod(k, (long) m);
        for (int i = 0; i < x.length; i++) {
            int e = (int) (i * km % m);
            b[e] = mod.add(b[e], x[i]);
        }
        return java.util.Arrays.copyOf(ring.rem(ring.reduce(b), phi), phiM);
    }

    private long[] checkPoly(long[] poly) {
        if (poly.length > phiM) {
            throw new IllegalArgumentException("plaintext has " + poly.length + " coefficients, more than phi(m) = "
                    + phiM);
        }
        for (long c : poly) {
            if (c < 0 || c >= pr) {
                throw new IllegalArgumentException("plaintext coefficient " + c + " is not in [0, p^r = " + pr + ")");
            }
        }
        return trim(poly);
    }

    private long[] checkSlot(long[] v) {
        if (v.length > d) {
            throw new IllegalArgumentException("slot value has " + v.length + " coefficients, more than d = " + d);
        }
        for (long c : v) {
            if (c < 0 || c >= pr) {
                throw new IllegalArgumentException("slot coefficient " + c + " is not in [0, p^r = " + pr + ")");
            }
        }
        return v;
    }

    /** Normal form of an already reduced coefficient array. */
    private static long[] trim(long[] a) {
        int l = a.length;
        while (l > 0 && a[l - 1] == 0) {
            l--;
        }
        return l == a.length ? a : java.util.Arrays.copyOf(a, l);
    }

    @Override
    public String toString() {
        return "GeneralSlotEncoder(m = " + algebra.m() + ", p^r = " + algebra.p() + "^" + r + ", " + nSlots
                + " slots of degree " + d + ")";
    }
}
