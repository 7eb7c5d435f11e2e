package io.fhe4j.ring;

import io.fhe4j.math.Modulus;
import io.fhe4j.math.Ntt;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * An element of {@code R_Q = Z_Q[X]/Phi_m(X)} ({@link PolyRing}) in double-CRT form, HElib's
 * {@code DoubleCRT}: one {@code long[]} row of N residues per prime of the ring's basis. A row is
 * either the coefficients mod {@code q_i} (coefficient form: power basis for power-of-two m,
 * powerful basis for odd m) or the evaluations mod {@code q_i} (evaluation form: for power-of-two m
 * in the bit-reversed order of {@link Ntt#forward}, for odd m in the order of
 * {@link PowerfulBasis#evaluationExponent}); the whole element is in one form at a time
 * ({@link #isEvaluationForm()}).
 *
 * <p>Invariants: every residue of row i is in {@code [0, q_i)}; all rows have length N. Binary
 * operations require both operands over the same ring and in the same form, and throw
 * {@link MismatchedBasisException} naming both otherwise. Multiplication needs evaluation form.
 *
 * <p>Operations come in pairs: {@code addInPlace(b)} overwrites this element (no allocation, for
 * hot loops) and {@code add(b)} returns a new one. Work is spread across primes with
 * {@link Parallel}. Mutable and not thread-safe: do not modify one element from two threads.
 */
public final class DoubleCrt {
    private final PolyRing ring;
    private final long[][] rows;
    private boolean evaluationForm;

    DoubleCrt(PolyRing ring, long[][] rows, boolean evaluationForm) {
        this.ring = ring;
        this.rows = rows;
        this.evaluationForm = evaluationForm;
    }

    /** The ring this element lives in. */
    public PolyRing ring() {
        return ring;
    }

    /** The RNS basis of the ring. */
    public RnsBasis basis() {
        return ring.basis();
    }

    /** Ring degree N. */
    public int n() {
        return ring.n();
    }

    /** Number of primes (rows). */
    public int size() {
        return rows.length;
    }

    /** Whether the rows hold NTT evaluations (true) or coefficients (false). */
    public boolean isEvaluationForm() {
        return evaluationForm;
    }

    /**
     * The i-th residue row itself, not a copy: writes go into this element and must keep values in
     * {@code [0, q_i)}.
     */
    public long[] row(int i) {
        return rows[i];
    }

    /** A deep copy (rows in parallel: a copy is as much memory traffic as an addition). */
    public DoubleCrt copy() {
        long[][] c = new long[rows.length][];
        Parallel.forEach(rows.length, ring.n(), i -> c[i] = rows[i].clone());
        return new DoubleCrt(ring, c, evaluationForm);
    }

    /** Copies {@code other}'s residues and form into this element (same ring required). */
    public DoubleCrt setFrom(DoubleCrt other) {
        checkRing(other, "setFrom");
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(other.rows[i], 0, rows[i], 0, rows[i].length);
        }
        evaluationForm = other.evaluationForm;
        return this;
    }

    // ---- representation ------------------------------------------------------------------

    /** Converts to evaluation form in place (forward NTT of every row); returns this. */
    public DoubleCrt toEvaluationForm() {
        if (!evaluationForm) {
            Parallel.forEach(rows.length, ring.n() * (long) ring.logN(), i -> ring.transform(i).forward(rows[i]));
            evaluationForm = true;
        }
        return this;
    }

    /** Converts to coefficient form in place (inverse NTT of every row); returns this. */
    public DoubleCrt toCoefficientForm() {
        if (evaluationForm) {
            Parallel.forEach(rows.length, ring.n() * (long) ring.logN(), i -> ring.transform(i).inverse(rows[i]));
            evaluationForm = false;
        }
        return this;
    }

    /**
     * The coefficients as integers in {@code [0, Q)} (CRT per coefficient; not for hot paths).
     * This element is not modified.
     */
    public BigInteger[] toBigIntegers() {
        return compose(false);
    }

    /** The coefficients as integers in {@code (-Q/2, Q/2]}. This element is not modified. */
    public BigInteger[] toCenteredBigIntegers() {
        return compose(true);
    }

    private BigInteger[] compose(boolean centered) {
        DoubleCrt c = evaluationForm ? copy().toCoefficientForm() : this;
        int n = ring.n();
        BigInteger[] out = new BigInteger[n];
        long[] residues = new long[rows.length];
        RnsBasis basis = ring.basis();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < rows.length; i++) {
                residues[i] = c.rows[i][j];
            }
            out[j] = centered ? basis.composeCentered(residues) : basis.compose(residues);
        }
        return out;
    }

    // ---- additive ------------------------------------------------------------------------

    /** {@code this += b}; returns this. */
    public DoubleCrt addInPlace(DoubleCrt b) {
        checkSameForm(b, "add");
        Parallel.forEach(rows.length, ring.n(), i -> ring.basis().modulus(i).add(rows[i], b.rows[i], rows[i]));
        return this;
    }

    /**
     * {@code this + b} as a new element. (A copy and an addition in place: into fresh zeroed rows
     * in one pass was slower, 0.17 against 0.14 ms for a ciphertext at N = 16384 with 7 primes.)
     */
    public DoubleCrt add(DoubleCrt b) {
        return copy().addInPlace(b);
    }

    /**
     * {@code this = a + b} (same ring, same form; this takes their form), in one pass without
     * allocation; a or b may be this element. Returns this.
     */
    public DoubleCrt setSum(DoubleCrt a, DoubleCrt b) {
        checkRing(a, "setSum");
        a.checkSameForm(b, "add");
        Parallel.forEach(rows.length, ring.n(), i -> ring.basis().modulus(i).add(a.rows[i], b.rows[i], rows[i]));
        evaluationForm = a.evaluationForm;
        return this;
    }

    /** {@code this -= b}; returns this. */
    public DoubleCrt subInPlace(DoubleCrt b) {
        checkSameForm(b, "subtract");
        Parallel.forEach(rows.length, ring.n(), i -> ring.basis().modulus(i).sub(rows[i], b.rows[i], rows[i]));
        return this;
    }

    /** {@code this - b} as a new element. */
    public DoubleCrt sub(DoubleCrt b) {
        return copy().subInPlace(b);
    }

    /**
     * {@code this += c b} for a constant c given by its residues, one per prime, each in [0, q_i)
     * (a different constant per prime, as in {@link #multiplyResiduesInPlace}); the primes where
     * c is 0 are left as they are. Both elements in the same form; returns this.
     */
    public DoubleCrt addScaledInPlace(DoubleCrt b, long[] residues) {
        checkSameForm(b, "add a multiple of");
        if (residues.length != rows.length) {
            throw new MismatchedBasisException(residues.length + " scalar residues for " + rows.length + " primes");
        }
        Parallel.forEach(rows.length, ring.n(), i -> {
            Modulus mod = ring.basis().modulus(i);
            long w = residues[i];
            if (w == 0) {
                return;
            }
            long ws = mod.shoup(w);
            long[] x = rows[i];
            long[] y = b.rows[i];
            for (int j = 0; j < x.length; j++) {
                x[j] = mod.add(x[j], mod.mulShoup(y[j], w, ws));
            }
        });
        return this;
    }

    /** {@code this = -this}; returns this. */
    public DoubleCrt negateInPlace() {
        for (int i = 0; i < rows.length; i++) {
            long q = ring.basis().prime(i);
            long[] x = rows[i];
            for (int j = 0; j < x.length; j++) {
                x[j] = x[j] == 0 ? 0 : q - x[j];
            }
        }
        return this;
    }

    /** {@code -this} as a new element. */
    public DoubleCrt negate() {
        return copy().negateInPlace();
    }

    // ---- multiplicative ------------------------------------------------------------------

    /** {@code this *= b} (both in evaluation form); returns this. */
    public DoubleCrt multiplyInPlace(DoubleCrt b) {
        checkEvaluation(b, "multiply");
        Parallel.forEach(rows.length, ring.n(), i -> ring.basis().modulus(i).mul(rows[i], b.rows[i], rows[i]));
        return this;
    }

    /** {@code this * b} as a new element (both in evaluation form). */
    public DoubleCrt multiply(DoubleCrt b) {
        return copy().multiplyInPlace(b);
    }

    /** {@code this += a * b} (all three in evaluation form, same ring); returns this. */
    public DoubleCrt multiplyAccumulate(DoubleCrt a, DoubleCrt b) {
        checkEvaluation(a, "multiply-accumulate");
        checkEvaluation(b, "multiply-accumulate");
        Parallel.forEach(rows.length, ring.n(), i -> ring.basis().modulus(i).mulAdd(a.rows[i], b.rows[i], rows[i]));
        return this;
    }

    /**
     * The tensor product of two pairs in evaluation form: {@code {x0 y0, x0 y1 + x1 y0, x1 y1}} as new
     * elements, prime by prime with three products per residue (BGV's product of two 2-part
     * ciphertexts).
     */
    public static DoubleCrt[] tensor(DoubleCrt x0, DoubleCrt x1, DoubleCrt y0, DoubleCrt y1) {
        x0.checkEvaluation(x1, "tensor");
        x0.checkEvaluation(y0, "tensor");
        x0.checkEvaluation(y1, "tensor");
        PolyRing ring = x0.ring;
        int size = x0.rows.length;
        int n = ring.n();
        long[][] c0 = new long[size][n];
        long[][] c1 = new long[size][n];
        long[][] c2 = new long[size][n];
        Parallel.forEach(size, 3L * n, i -> { // Karatsuba: x0 y1 + x1 y0 = (x0 + x1)(y0 + y1) - x0 y0 - x1 y1
            Modulus mod = ring.basis().modulus(i);
            mod.add(x0.rows[i], x1.rows[i], c1[i]);
            mod.add(y0.rows[i], y1.rows[i], c2[i]);
            mod.mul(c1[i], c2[i], c1[i]);
            mod.mul(x0.rows[i], y0.rows[i], c0[i]);
            mod.mul(x1.rows[i], y1.rows[i], c2[i]);
            mod.sub(c1[i], c0[i], c1[i]);
            mod.sub(c1[i], c2[i], c1[i]);
        });
        return new DoubleCrt[] {new DoubleCrt(ring, c0, true), new DoubleCrt(ring, c1, true), new DoubleCrt(ring, c2, true)};
    }

    /**
     * Adds the tensor product of {@code (x0, x1)} and {@code (y0, y1)} into {@code (acc0, acc1, acc2)}
     * in place: {@code acc0 += x0 y0}, {@code acc1 += x0 y1 + x1 y0}, {@code acc2 += x1 y1}, the
     * residues {@link #tensor} gives added to the accumulators, without allocating the product. All
     * in evaluation form over one ring; the accumulators must not share rows with the operands.
     */
    public static void tensorAccumulate(DoubleCrt acc0, DoubleCrt acc1, DoubleCrt acc2, DoubleCrt x0, DoubleCrt x1,
                                        DoubleCrt y0, DoubleCrt y1) {
        x0.checkEvaluation(x1, "tensorAccumulate");
        x0.checkEvaluation(y0, "tensorAccumulate");
        x0.checkEvaluation(y1, "tensorAccumulate");
        x0.checkEvaluation(acc0, "tensorAccumulate");
        x0.checkEvaluation(acc1, "tensorAccumulate");
        x0.checkEvaluation(acc2, "tensorAccumulate");
        PolyRing ring = x0.ring;
        Parallel.forEach(x0.rows.length, 4L * ring.n(), i -> {
            Modulus mod = ring.basis().modulus(i);
            mod.mulAdd(x0.rows[i], y0.rows[i], acc0.rows[i]);
            mod.mulAdd(x0.rows[i], y1.rows[i], acc1.rows[i]);
            mod.mulAdd(x1.rows[i], y0.rows[i], acc1.rows[i]);
            mod.mulAdd(x1.rows[i], y1.rows[i], acc2.rows[i]);
        });
    }

    /** {@code this *= c} for a signed integer constant (either form); returns this. */
    public DoubleCrt multiplyScalarInPlace(long c) {
        long[] residues = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            residues[i] = ring.basis().modulus(i).reduce(c);
        }
        return multiplyResiduesInPlace(residues);
    }

    /** {@code this *= c} for an integer constant of any size and sign; returns this. */
    public DoubleCrt multiplyScalarInPlace(BigInteger c) {
        return multiplyResiduesInPlace(ring.basis().decompose(c));
    }

    /** {@code this * c} as a new element. */
    public DoubleCrt multiplyScalar(long c) {
        return copy().multiplyScalarInPlace(c);
    }

    /**
     * {@code this *= c} where c is given by its residues, one per prime, each in [0, q_i)
     * (for example a different constant per prime); returns this.
     */
    public DoubleCrt multiplyResiduesInPlace(long[] residues) {
        if (residues.length != rows.length) {
            throw new MismatchedBasisException(residues.length + " scalar residues for " + rows.length + " primes");
        }
        Parallel.forEach(rows.length, ring.n(), i -> {
            Modulus mod = ring.basis().modulus(i);
            long w = residues[i];
            long ws = mod.shoup(w);
            long[] x = rows[i];
            for (int j = 0; j < x.length; j++) {
                x[j] = mod.mulShoup(x[j], w, ws);
            }
        });
        return this;
    }

    // ---- moduli --------------------------------------------------------------------------

    /**
     * The same element reduced to the ring without the last {@code count} primes (the residues of
     * the remaining primes are copied; the integer value is reduced modulo the smaller Q).
     */
    public DoubleCrt dropLastPrimes(int count) {
        PolyRing smaller = ring.drop(count);
        long[][] kept = new long[smaller.size()][];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = rows[i].clone();
        }
        return new DoubleCrt(smaller, kept, evaluationForm);
    }

    /**
     * The same element over another ring whose basis is a subset of this one's primes, in any
     * order (residue rows are copied by prime value).
     */
    public DoubleCrt restrictTo(PolyRing target) {
        if (target.n() != ring.n()) {
            throw new MismatchedBasisException("cannot restrict an element of degree " + ring.n() + " to "
                    + target);
        }
        long[][] out = new long[target.size()][];
        for (int t = 0; t < out.length; t++) {
            int i = indexOf(target.basis().prime(t));
            if (i < 0) {
                throw new MismatchedBasisException("prime " + target.basis().prime(t) + " of " + target.basis()
                        + " is not in this element's " + ring.basis());
            }
            out[t] = rows[i].clone();
        }
        return new DoubleCrt(target, out, evaluationForm);
    }

    private int indexOf(long prime) {
        for (int i = 0; i < rows.length; i++) {
            if (ring.basis().prime(i) == prime) {
                return i;
            }
        }
        return -1;
    }

    // ---- automorphisms -------------------------------------------------------------------

    /**
     * The image under the ring automorphism {@code X -> X^k} as a new element, in the same form.
     *
     * @param k a unit mod m, any sign (taken mod m; odd for power-of-two m)
     * @throws IllegalArgumentException if k is not a unit mod m
     */
    public DoubleCrt automorphism(long k) {
        if (!ring.isPowerOfTwo()) {
            return generalAutomorphism(k);
        }
        int[] map = evaluationForm ? Automorphisms.evaluationPermutation(ring.logN(), k)
                : Automorphisms.coefficientMap(ring.logN(), k);
        long[][] out = new long[rows.length][ring.n()];
        boolean eval = evaluationForm;
        Parallel.forEach(rows.length, ring.n(), i -> {
            if (eval) {
                Automorphisms.permute(rows[i], map, out[i]);
            } else {
                Automorphisms.mapCoefficients(rows[i], map, ring.basis().prime(i), out[i]);
            }
        });
        return new DoubleCrt(ring, out, evaluationForm);
    }

    /** Odd m: a permutation of the evaluation form (coefficient form goes through it). */
    private DoubleCrt generalAutomorphism(long k) {
        int[] perm = ring.powerfulBasis().evaluationPermutation(k);
        DoubleCrt src = evaluationForm ? this : copy().toEvaluationForm();
        long[][] out = new long[rows.length][ring.n()];
        Parallel.forEach(rows.length, ring.n(), i -> Automorphisms.permute(src.rows[i], perm, out[i]));
        DoubleCrt r = new DoubleCrt(ring, out, true);
        return evaluationForm ? r : r.toCoefficientForm();
    }

    // ---- checks --------------------------------------------------------------------------

    private void checkRing(DoubleCrt b, String op) {
        if (!ring.sameAs(b.ring)) {
            throw new MismatchedBasisException("cannot " + op + " elements of different rings: " + ring + " and "
                    + b.ring + "; switch both to the same primes first");
        }
    }

    private void checkSameForm(DoubleCrt b, String op) {
        checkRing(b, op);
        if (evaluationForm != b.evaluationForm) {
            throw new MismatchedBasisException("cannot " + op + " an element in " + formName(evaluationForm)
                    + " form and one in " + formName(b.evaluationForm) + " form: convert one first");
        }
    }

    /** Both elements over the same ring and in evaluation form (also {@link PolyRing}'s operand check). */
    void checkEvaluation(DoubleCrt b, String op) {
        checkRing(b, op);
        if (!evaluationForm || !b.evaluationForm) {
            throw new MismatchedBasisException("cannot " + op + " in coefficient form: call toEvaluationForm() on "
                    + (evaluationForm ? "the argument" : "this element") + " first");
        }
    }

    private static String formName(boolean eval) {
        return eval ? "evaluation" : "coefficient";
    }

    /** Equal when over the same ring and equal as ring elements (forms may differ). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DoubleCrt)) {
            return false;
        }
        DoubleCrt b = (DoubleCrt) o;
        if (!ring.sameAs(b.ring)) {
            return false;
        }
        DoubleCrt x = this;
        DoubleCrt y = b;
        if (x.evaluationForm != y.evaluationForm) {
            x = x.copy().toEvaluationForm();
            y = y.copy().toEvaluationForm();
        }
        return Arrays.deepEquals(x.rows, y.rows);
    }

    @Override
    public int hashCode() {
        return ring.basis().hashCode() * 31 + ring.n();
    }

    @Override
    public String toString() {
        return "DoubleCrt(N=" + ring.n() + ", " + rows.length + " primes, " + formName(evaluationForm) + " form)";
    }
}
