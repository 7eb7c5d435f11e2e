package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.RnsBasis;

/**
 * Homomorphic operations on BGV ciphertexts, with the evaluation keys of one context.
 *
 * <p>Binary operations first bring both operands to the same level (mod-switching the higher one
 * down) and the same plaintext factor; {@link #multiply} also chooses the level at which the
 * product keeps the most capacity, as HElib's {@code multiplyBy} does, and relinearizes.
 * {@link #multiplyWithoutRelinearization} keeps the three parts, so that a sum of products can be
 * relinearized once ({@link #relinearize}). Every operation updates the noise bound.
 *
 * <p>An operation whose result could no longer be decrypted (its {@link Ciphertext#capacity()} would
 * be 0 or less) throws {@link NoiseBudgetExhaustedException} naming the operation, the levels and the
 * bits missing, before any argument is modified: the circuit is too deep for the chain there, not
 * at a later decryption. {@link #allowingExhaustedNoise()} gives an evaluator that continues, as
 * HElib does (the decryptor still refuses such ciphertexts).
 *
 * <p>Methods return new ciphertexts and leave their arguments unchanged, except the
 * {@code ...InPlace} variants, which overwrite their first argument. Thread-safe: one evaluator
 * may serve many threads, as long as no ciphertext is mutated by two of them at once.
 */
public final class Evaluator {
    private final Context context;
    private final EvaluationKeys keys;
    private final KeySwitcher switcher;
    private final ScaleDown[] modSwitch;
    /** HElib-style: results with no capacity left are returned instead of refused. */
    private final boolean exhaustedNoiseAllowed;

    /** An evaluator without evaluation keys: no relinearization and no automorphisms. */
    public Evaluator(Context context) {
        this(context, null);
    }

    /** An evaluator with these evaluation keys. */
    public Evaluator(EvaluationKeys keys) {
        this(keys.context(), keys);
    }

    private Evaluator(Context context, EvaluationKeys keys) {
        this.context = context;
        this.keys = keys;
        this.switcher = new KeySwitcher(context);
        this.modSwitch = new ScaleDown[context.maxLevel() + 1];
        long[] q = context.ciphertextPrimes();
        for (int l = 2; l <= context.maxLevel(); l++) {
            modSwitch[l] = new ScaleDown(context.ring(l - 1), RnsBasis.of(q[l - 1]), context.plaintextModulus());
        }
        this.exhaustedNoiseAllowed = false;
    }

    private Evaluator(Evaluator base) {
        this.context = base.context;
        this.keys = base.keys;
        this.switcher = base.switcher;
        this.modSwitch = base.modSwitch;
        this.exhaustedNoiseAllowed = true;
    }

    /**
     * An evaluator with the same keys that, as HElib does, returns results whose noise bound has
     * spent the capacity (negative {@link Ciphertext#capacity()}) instead of refusing them; the
     * decryptor still refuses to decrypt them. For measuring how far a circuit overshoots its chain.
     */
    public Evaluator allowingExhaustedNoise() {
        return exhaustedNoiseAllowed ? this : new Evaluator(this);
    }

    /** Whether this evaluator returns results without capacity ({@link #allowingExhaustedNoise()}). */
    public boolean exhaustedNoiseAllowed() {
        return exhaustedNoiseAllowed;
    }

    /** The context. */
    public Context context() {
        return context;
    }

    // ---- additive -------------------------------------------------------------------------

    /** {@code a + b}. */
    public Ciphertext add(Ciphertext a, Ciphertext b) {
        Ciphertext[] ab = align(a, b);
        return checked("add", addAligned(ab[0], ab[1], false), a, b);
    }

    /** {@code a - b}. */
    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        Ciphertext[] ab = align(a, b);
        return checked("sub", addAligned(ab[0], ab[1], true), a, b);
    }

    /**
     * {@code destination = a + b}, as SEAL's {@code add(a, b, destination)}: when a and b have the
     * same level, parts and plaintext factor and destination has that shape too, the sum is written
     * into destination's residue rows in one pass, with no allocation; otherwise destination takes
     * the parts of {@link #add(Ciphertext, Ciphertext)}. a or b may be destination itself.
     *
     * @return destination
     */
    public Ciphertext add(Ciphertext a, Ciphertext b, Ciphertext destination) {
        check(destination);
        check(a);
        check(b);
        if (a.level() == b.level() && a.factor == b.factor && a.size() == b.size()
                && destination.level() == a.level() && destination.size() == a.size()) {
            double noise = NoiseModel.logSum(a.logNoise, b.logNoise);
            refuseIfSpent("add", a.level(), noise, a, b);
            for (int i = 0; i < a.size(); i++) {
                destination.parts[i].setSum(a.part(i), b.part(i));
            }
            destination.clearSeed();
            destination.factor = a.factor;
            destination.logNoise = noise;
            return destination;
        }
        Ciphertext r = add(a, b);
        destination.clearSeed();
        destination.parts = r.parts;
        destination.factor = r.factor;
        destination.logNoise = r.logNoise;
        return destination;
    }

    /**
     * {@code a += b}: a is overwritten (its level may drop to b's). Without allocation when both
     * are at the same level with the same plaintext factor and b has no more parts than a.
     */
    public void addInPlace(Ciphertext a, Ciphertext b) {
        accumulateInPlace(a, b, false);
    }

    /** {@code a -= b}, overwriting a; the same conditions for working without allocation. */
    public void subInPlace(Ciphertext a, Ciphertext b) {
        accumulateInPlace(a, b, true);
    }

    private void accumulateInPlace(Ciphertext a, Ciphertext b, boolean subtract) {
        check(a);
        check(b);
        String op = subtract ? "subInPlace" : "addInPlace";
        if (a.level() == b.level() && a.factor == b.factor && b.size() <= a.size()) {
            refuseIfSpent(op, a.level(), NoiseModel.logSum(a.logNoise, b.logNoise), a, b);
            a.clearSeed();
            for (int i = 0; i < b.size(); i++) {
                if (subtract) {
                    a.parts[i].subInPlace(b.part(i));
                } else {
                    a.parts[i].addInPlace(b.part(i));
                }
            }
            a.logNoise = NoiseModel.logSum(a.logNoise, b.logNoise);
            return;
        }
        Ciphertext[] ab = align(a, b);
        Ciphertext r = checked(op, addAligned(ab[0], ab[1], subtract), a, b);
        a.clearSeed();
        a.parts = r.parts;
        a.factor = r.factor;
        a.logNoise = r.logNoise;
    }

    /** {@code a *= c} for an integer constant c, overwriting a. */
    public void multiplyConstantInPlace(Ciphertext a, long c) {
        multiplyConstantInPlace("multiplyConstantInPlace", a, c);
    }

    private void multiplyConstantInPlace(String op, Ciphertext a, long c) {
        check(a);
        Modulus t = context.plaintextModulusArithmetic();
        long k = t.centered(t.reduce(c));
        double noise = a.logNoise + NoiseModel.log2(Math.abs((double) k));
        refuseIfSpent(op, a.level(), noise, a);
        a.clearSeed();
        for (DoubleCrt part : a.parts) {
            part.multiplyScalarInPlace(k);
        }
        a.logNoise = noise;
    }

    private Ciphertext addAligned(Ciphertext a, Ciphertext b, boolean subtract) {
        int size = Math.max(a.size(), b.size());
        DoubleCrt[] parts = new DoubleCrt[size];
        for (int i = 0; i < size; i++) {
            DoubleCrt x = i < a.size() ? a.part(i).copy() : null;
            DoubleCrt y = i < b.size() ? b.part(i) : null;
            if (x == null) {
                x = subtract ? y.negate() : y.copy();
            } else if (y != null) {
                if (subtract) {
                    x.subInPlace(y);
                } else {
                    x.addInPlace(y);
                }
            }
            parts[i] = x;
        }
        return new Ciphertext(context, parts, a.factor, NoiseModel.logSum(a.logNoise, b.logNoise));
    }

    /** {@code -a}. */
    public Ciphertext negate(Ciphertext a) {
        check(a);
        Ciphertext r = a.copy();
        for (DoubleCrt p : r.parts) {
            p.negateInPlace();
        }
        return r;
    }

    /** {@code a + pt}. */
    public Ciphertext addPlain(Ciphertext a, Plaintext pt) {
        check(a);
        checkPlain(pt);
        double noise = NoiseModel.logSum(a.logNoise, NoiseModel.log2(pt.l1Norm(a.factor)));
        refuseIfSpent("addPlain", a.level(), noise, a);
        Ciphertext r = a.copy();
        r.parts[0].addInPlace(pt.toRing(a.level(), a.factor));
        r.logNoise = noise;
        return r;
    }

    /** {@code a + c} for an integer constant c (added to every slot). */
    public Ciphertext addConstant(Ciphertext a, long c) {
        return addPlain(a, Plaintext.constant(context, c));
    }

    /** {@code a * pt}. */
    public Ciphertext multiplyPlain(Ciphertext a, Plaintext pt) {
        check(a);
        checkPlain(pt);
        double noise = a.logNoise + NoiseModel.log2(pt.l1Norm());
        refuseIfSpent("multiplyPlain", a.level(), noise, a);
        DoubleCrt[] parts = context.ring(a.level()).multiplyCentered(pt.ringValues(1), context.plaintextModulus(), a.parts);
        return new Ciphertext(context, parts, a.factor, noise);
    }

    /** {@code a *= pt}. */
    public void multiplyPlainInPlace(Ciphertext a, Plaintext pt) {
        check(a);
        checkPlain(pt);
        double noise = a.logNoise + NoiseModel.log2(pt.l1Norm());
        refuseIfSpent("multiplyPlainInPlace", a.level(), noise, a);
        a.clearSeed();
        context.ring(a.level()).multiplyCenteredInPlace(pt.ringValues(1), context.plaintextModulus(), a.parts);
        a.logNoise = noise;
    }

    /**
     * The plaintext converted once to evaluation form at a level, for repeated products
     * ({@link #multiplyPlain(Ciphertext, PreparedPlaintext)}).
     *
     * @param level in [1, L]: it serves ciphertexts at this level or below
     */
    public PreparedPlaintext prepare(Plaintext pt, int level) {
        checkPlain(pt);
        context.checkLevel(level);
        return new PreparedPlaintext(pt, level);
    }

    /** {@code a * pt} for a prepared plaintext: one Shoup product per residue, no conversion. */
    public Ciphertext multiplyPlain(Ciphertext a, PreparedPlaintext pt) {
        check(a);
        checkPrepared(pt);
        Ciphertext r = a.level() > pt.level() ? switchTo(a, pt.level()) : a.copy();
        multiplyPreparedInPlace("multiplyPlain", r, pt, a);
        return r;
    }

    /**
     * {@code a *= pt} for a prepared plaintext; a is first mod-switched down to the plaintext's level
     * if it is above it.
     */
    public void multiplyPlainInPlace(Ciphertext a, PreparedPlaintext pt) {
        check(a);
        checkPrepared(pt);
        Ciphertext r = a.level() > pt.level() ? switchTo(a, pt.level()) : a;
        refuseIfSpent("multiplyPlainInPlace", r.level(), r.logNoise + NoiseModel.log2(pt.l1Norm()), a);
        a.clearSeed();
        if (r != a) {
            a.parts = r.parts;
            a.factor = r.factor;
            a.logNoise = r.logNoise;
        }
        multiplyPreparedInPlace("multiplyPlainInPlace", a, pt, a);
    }

    /** {@code r *= pt} for r at most at the plaintext's level, refused (before r changes) if spent. */
    private void multiplyPreparedInPlace(String op, Ciphertext r, PreparedPlaintext pt, Ciphertext operand) {
        double noise = r.logNoise + NoiseModel.log2(pt.l1Norm());
        refuseIfSpent(op, r.level(), noise, operand);
        pt.multiplyInto(r.parts);
        r.logNoise = noise;
    }

    /** {@code a * c} for an integer constant c (reduced mod t to its centered representative). */
    public Ciphertext multiplyConstant(Ciphertext a, long c) {
        check(a);
        Ciphertext r = a.copy();
        multiplyConstantInPlace("multiplyConstant", r, c);
        return r;
    }

    // ---- multiplicative -------------------------------------------------------------------

    /** {@code a * b}, relinearized (needs the relinearization key). */
    public Ciphertext multiply(Ciphertext a, Ciphertext b) {
        return multiply("multiply", a, b);
    }

    /** {@code a^2}, relinearized. */
    public Ciphertext square(Ciphertext a) {
        return multiply("square", a, a);
    }

    private Ciphertext multiply(String op, Ciphertext a, Ciphertext b) {
        return relinearize(op, tensor(op, a, b), a, b);
    }

    /**
     * The tensor product of two 2-part ciphertexts: three parts, decryptable with
     * {@code (1, s, s^2)}. Both inputs are first switched to the level that leaves the product the
     * most capacity.
     */
    public Ciphertext multiplyWithoutRelinearization(Ciphertext a, Ciphertext b) {
        return tensor("multiplyWithoutRelinearization", a, b);
    }

    /**
     * {@code acc += a * b} without relinearization, for sums of products: the same residues, plaintext
     * factor and noise bound as {@code addInPlace(acc, multiplyWithoutRelinearization(a, b))}, and
     * without allocating the product when acc has three parts and a, b and acc are at the product's
     * level with matching factors (else it is that very call). acc is overwritten.
     */
    public void multiplyAccumulate(Ciphertext acc, Ciphertext a, Ciphertext b) {
        check(acc);
        check(a);
        check(b);
        int level = a.level();
        boolean fused = a.size() == 2 && b.size() == 2 && acc.size() == 3 && b.level() == level
                && acc.level() == level && productLevel(a, b) == level
                && acc.factor == context.plaintextModulusArithmetic().mul(a.factor, b.factor);
        if (!fused) {
            addInPlace(acc, multiplyWithoutRelinearization(a, b));
            return;
        }
        double product = a.logNoise + b.logNoise;
        refuseIfSpent("multiplyAccumulate", level, product, a, b);
        double sum = NoiseModel.logSum(acc.logNoise, product);
        refuseIfSpent("multiplyAccumulate", level, sum, acc, a, b);
        acc.clearSeed();
        DoubleCrt.tensorAccumulate(acc.parts[0], acc.parts[1], acc.parts[2], a.part(0), a.part(1), b.part(0), b.part(1));
        acc.logNoise = sum;
    }

    private Ciphertext tensor(String op, Ciphertext a, Ciphertext b) {
        check(a);
        check(b);
        if (a.size() != 2 || b.size() != 2) {
            throw new IllegalArgumentException("multiply takes 2-part ciphertexts (got " + a.size() + " and " + b.size()
                    + " parts): relinearize first");
        }
        int level = productLevel(a, b);
        Ciphertext x = readAt(a, level);
        Ciphertext y = a == b ? x : readAt(b, level);
        refuseIfSpent(op, level, x.logNoise + y.logNoise, a, b);
        DoubleCrt[] c = DoubleCrt.tensor(x.part(0), x.part(1), y.part(0), y.part(1));
        DoubleCrt c0 = c[0];
        DoubleCrt c1 = c[1];
        DoubleCrt c2 = c[2];
        Modulus t = context.plaintextModulusArithmetic();
        return new Ciphertext(context, new DoubleCrt[] {c0, c1, c2}, t.mul(x.factor, y.factor), x.logNoise + y.logNoise);
    }

    /** The level in [1, min(la, lb)] whose product has the largest capacity (lowest on ties). */
    private int productLevel(Ciphertext a, Ciphertext b) {
        int top = Math.min(a.level(), b.level());
        double na = a.logNoise;
        double nb = b.logNoise;
        long[] q = context.ciphertextPrimes();
        for (int l = a.level(); l > top; l--) {
            na = NoiseModel.scaleDown(context, na, NoiseModel.log2(q[l - 1]), 2);
        }
        for (int l = b.level(); l > top; l--) {
            nb = NoiseModel.scaleDown(context, nb, NoiseModel.log2(q[l - 1]), 2);
        }
        int best = top;
        double bestCapacity = context.logQ(top) - na - nb;
        for (int l = top; l > 1; l--) {
            na = NoiseModel.scaleDown(context, na, NoiseModel.log2(q[l - 1]), 2);
            nb = NoiseModel.scaleDown(context, nb, NoiseModel.log2(q[l - 1]), 2);
            double cap = context.logQ(l - 1) - na - nb;
            if (cap >= bestCapacity - 0.5) {
                best = l - 1;
                bestCapacity = Math.max(cap, bestCapacity);
            }
        }
        return best;
    }

    /** Relinearizes a 3-part ciphertext to 2 parts (2-part ciphertexts are returned as copies). */
    public Ciphertext relinearize(Ciphertext a) {
        return relinearize("relinearize", a, a);
    }

    private Ciphertext relinearize(String op, Ciphertext a, Ciphertext... operands) {
        check(a);
        if (a.size() == 2) {
            return a.copy();
        }
        if (a.size() != 3) {
            throw new IllegalArgumentException("cannot relinearize a ciphertext of " + a.size() + " parts");
        }
        double noise = NoiseModel.logSum(a.logNoise, NoiseModel.keySwitchAdded(context, a.level()));
        refuseIfSpent(op, a.level(), noise, operands);
        DoubleCrt[] k = switcher.switchKey(a.part(2), keys().relinearizationKey());
        // k is new: k_i + c_i in place, the same residues as c_i + k_i without copying c_i
        return new Ciphertext(context, new DoubleCrt[] {k[0].addInPlace(a.part(0)), k[1].addInPlace(a.part(1))},
                a.factor, noise);
    }

    // ---- modulus switching ----------------------------------------------------------------

    /** Drops the last prime of a's modulus, keeping the plaintext (BGV's correction). */
    public Ciphertext modSwitchDown(Ciphertext a) {
        check(a);
        return checked("modSwitchDown", switchDown(a), a);
    }

    /** {@link #modSwitchDown} without the capacity check: for operations that check their own result. */
    private Ciphertext switchDown(Ciphertext a) {
        int l = a.level();
        if (l == 1) {
            throw new IllegalArgumentException("cannot mod-switch below level 1: the ciphertext is at the bottom of the chain");
        }
        ScaleDown div = modSwitch[l];
        DoubleCrt[] in = new DoubleCrt[a.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = a.part(i);
        }
        DoubleCrt[] parts = div.applyAll(in);
        long q = context.ciphertextPrimes()[l - 1];
        Modulus t = context.plaintextModulusArithmetic();
        long factor = t.mul(a.factor, t.inverse(t.reduce(q)));
        double noise = NoiseModel.scaleDown(context, a.logNoise, NoiseModel.log2(q), a.size());
        return new Ciphertext(context, parts, factor, noise);
    }

    /** Mod-switches a down to the given level (a copy if it is already there). */
    public Ciphertext modSwitchTo(Ciphertext a, int level) {
        check(a);
        return checked("modSwitchTo", switchTo(a, level), a);
    }

    /** {@link #modSwitchTo} without the capacity check. */
    private Ciphertext switchTo(Ciphertext a, int level) {
        context.checkLevel(level);
        if (level > a.level()) {
            throw new IllegalArgumentException("cannot switch a ciphertext up from level " + a.level() + " to " + level
                    + ": modulus switching only goes down");
        }
        Ciphertext r = a;
        while (r.level() > level) {
            r = switchDown(r);
        }
        return r == a ? a.copy() : r;
    }

    /** a switched down to the level, or a itself if it is there: only for reading (no copy). */
    private Ciphertext readAt(Ciphertext a, int level) {
        return a.level() == level ? a : switchTo(a, level);
    }

    // ---- automorphisms --------------------------------------------------------------------

    /**
     * Applies {@code X -> X^k} to the encrypted plaintext (needs the Galois key of k): on slots this
     * is a rotation or a row swap, see {@code io.fhe4j.slots}.
     */
    public Ciphertext automorphism(Ciphertext a, long k) {
        check(a);
        if (a.size() != 2) {
            throw new IllegalArgumentException("automorphisms take 2-part ciphertexts: relinearize first");
        }
        long element = Math.floorMod(k, (long) context.m());
        if (element == 1) {
            return a.copy();
        }
        KeySwitchingKey key = keys().galoisKey(element);
        double noise = NoiseModel.logSum(a.logNoise, NoiseModel.keySwitchAdded(context, a.level()));
        refuseIfSpent("automorphism", a.level(), noise, a);
        DoubleCrt c0 = a.part(0).automorphism(element);
        DoubleCrt c1 = a.part(1).automorphism(element);
        DoubleCrt[] ks = switcher.switchKey(c1, key);
        return new Ciphertext(context, new DoubleCrt[] {c0.addInPlace(ks[0]), ks[1]}, a.factor, noise);
    }

    /**
     * Several automorphisms of one ciphertext with the key-switching decomposition of {@code c1}
     * computed once and shared (HElib's and SEAL's hoisting): about half the cost of each further
     * rotation is saved. Result i is {@code automorphism(a, elements[i])}.
     */
    public Ciphertext[] hoistedAutomorphisms(Ciphertext a, long... elements) {
        check(a);
        if (a.size() != 2) {
            throw new IllegalArgumentException("automorphisms take 2-part ciphertexts: relinearize first");
        }
        DoubleCrt[] digits = null;
        Ciphertext[] out = new Ciphertext[elements.length];
        double noise = NoiseModel.logSum(a.logNoise, NoiseModel.keySwitchAdded(context, a.level()));
        boolean rotates = false;
        for (long e : elements) {
            rotates |= Math.floorMod(e, (long) context.m()) != 1;
        }
        if (rotates) {
            refuseIfSpent("hoistedAutomorphisms", a.level(), noise, a);
        }
        for (int i = 0; i < elements.length; i++) {
            long element = Math.floorMod(elements[i], (long) context.m());
            if (element == 1) {
                out[i] = a.copy();
                continue;
            }
            KeySwitchingKey key = keys().galoisKey(element);
            if (digits == null) {
                digits = switcher.decompose(a.part(1));
            }
            DoubleCrt[] rotated = new DoubleCrt[digits.length];
            for (int j = 0; j < digits.length; j++) {
                rotated[j] = digits[j] == null ? null : digits[j].automorphism(element);
            }
            DoubleCrt[] ks = switcher.applyKey(rotated, a.level(), key);
            out[i] = new Ciphertext(context, new DoubleCrt[] {a.part(0).automorphism(element).addInPlace(ks[0]), ks[1]},
                    a.factor, noise);
        }
        return out;
    }

    /** Whether this evaluator holds the Galois key of element k (mod m). */
    public boolean hasGaloisKey(long k) {
        return keys != null && keys.hasGaloisKey(k);
    }

    // ---- helpers --------------------------------------------------------------------------

    private EvaluationKeys keys() {
        if (keys == null) {
            throw new MissingKeyException("this evaluator has no evaluation keys: build it with new Evaluator(evaluationKeys)");
        }
        return keys;
    }

    /** Brings a and b to the same level and plaintext factor. */
    private Ciphertext[] align(Ciphertext a, Ciphertext b) {
        check(a);
        check(b);
        int level = Math.min(a.level(), b.level());
        Ciphertext x = a.level() > level ? switchTo(a, level) : a;
        Ciphertext y = b.level() > level ? switchTo(b, level) : b;
        if (x.factor != y.factor) {
            Modulus t = context.plaintextModulusArithmetic();
            long k = t.centered(t.reduce(t.mul(x.factor, t.inverse(y.factor))));
            y = y.copy();
            for (DoubleCrt part : y.parts) {
                part.multiplyScalarInPlace(k);
            }
            y.logNoise += NoiseModel.log2(Math.abs((double) k));
            y.factor = x.factor;
        }
        return new Ciphertext[] {x, y};
    }

    /** Returns r, or refuses it ({@link #refuseIfSpent}) when its capacity is spent. */
    private Ciphertext checked(String op, Ciphertext r, Ciphertext... operands) {
        refuseIfSpent(op, r.level(), r.logNoise, operands);
        return r;
    }

    /**
     * Throws {@link NoiseBudgetExhaustedException} if a result of {@code op} at this level with this
     * noise bound could not be decrypted (capacity at most 0), unless {@link #allowingExhaustedNoise()}.
     */
    private void refuseIfSpent(String op, int level, double logNoise, Ciphertext... operands) {
        double capacity = Ciphertext.capacity(context, level, logNoise);
        if (capacity > 0 || exhaustedNoiseAllowed) {
            return;
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < operands.length; i++) {
            if (i > 0 && operands[i] == operands[i - 1]) {
                continue;
            }
            in.append(in.length() == 0 ? "" : ", ").append(String.format("level %d with %.1f bits",
                    operands[i].level(), operands[i].capacity()));
        }
        throw new NoiseBudgetExhaustedException(String.format("%s refused: its result at level %d of %d would have"
                + " %.1f bits of capacity (noise bound 2^%.1f against 0.48 Q_%d = 2^%.1f), %.1f bits missing for"
                + " decryption; operand%s at %s. Refresh (decrypt and re-encrypt) before it, use a longer chain (more"
                + " bits) or a smaller plaintext modulus; Evaluator.allowingExhaustedNoise() continues as HElib does",
                op, level, context.maxLevel(), capacity, logNoise + context.normBoundBits(), level,
                context.logQ(level) + NoiseModel.log2(0.48), -capacity, operands.length > 1 && operands[0] != operands[1]
                        ? "s" : "", in));
    }

    private void checkPrepared(PreparedPlaintext pt) {
        if (!pt.context().sameAs(context)) {
            throw MismatchedContextException.of("prepared plaintext", pt.context(), "an evaluator", context);
        }
    }

    private void check(Ciphertext a) {
        if (!a.context().sameAs(context)) {
            throw MismatchedContextException.of("ciphertext", a.context(), "an evaluator", context);
        }
    }

    private void checkPlain(Plaintext pt) {
        if (!pt.context().sameAs(context)) {
            throw MismatchedContextException.of("plaintext", pt.context(), "an evaluator", context);
        }
    }
}
