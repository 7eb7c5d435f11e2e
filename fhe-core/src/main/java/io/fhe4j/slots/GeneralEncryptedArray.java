package io.fhe4j.slots;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.MissingKeyException;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.bgv.PreparedPlaintext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * HElib's {@code EncryptedArray} for an odd m: a ciphertext of a general-ring {@link Context} seen
 * as a vector of {@code phi(m)/d} slots of {@code GF(p^d)} (a Galois ring for r > 1), laid out on
 * the hypercube of {@link PAlgebra#general} (HElib's generators, orders and slot order). A slot
 * value is a {@code long[d]} of coefficients of {@code 1, Y, ..., Y^(d-1)} (see {@link SlotCodec};
 * slot s holds {@code a(zeta^e(s))}, the opposite of HElib's {@code zeta^(1/e(s))} convention, so
 * that {@code X -> X^g} moves slots back as for power-of-two m).
 *
 * <ul>
 *   <li>{@link #rotate1D}: every line along one dimension rotated left by k (new coordinate c holds
 *       old coordinate {@code c + k mod order}): one automorphism {@code X -> X^(g^k)} on a good
 *       dimension; on a bad one two automorphisms {@code g^k} and {@code g^(k - order)} (hoisted:
 *       one key-switching decomposition) and one mask product, since {@code g^order} is a
 *       Frobenius power, not 1;</li>
 *   <li>{@link #rotate}: the whole vector (slot order) rotated left by k: one {@link #rotate1D} per
 *       dimension plus, for the carries, a masked one along each higher dimension;</li>
 *   <li>{@link #shift}, {@link #shift1D}: the same without wrap-around (zeros enter);</li>
 *   <li>{@link #frobenius}: {@code x -> x^(p^j)} in every slot (one automorphism {@code p^j});</li>
 *   <li>{@link #totalSums} (HElib's doubling per dimension), {@link #replicate}.</li>
 * </ul>
 * A missing Galois key raises {@link MissingKeyException} naming the dimension, the step, the
 * elements and the key set that provides them ({@link #rotationKeyElements},
 * {@link #powerOfTwoKeyElements}, {@link #minimalKeyElements}, {@link #frobeniusKeyElements}).
 * Rotations without a direct key are composed from power-of-two steps, or from single steps with
 * the minimal set.
 *
 * <p>Noise: a mask is a plaintext with 0/1 slots whose L1 norm (up to {@code phi(m)}) multiplies
 * the noise bound, so each bad-dimension step costs about {@code log2 phi(m)} bits of capacity.
 *
 * <p>Immutable and thread-safe (masks are cached, prepared once in evaluation form at the top
 * level).
 */
public final class GeneralEncryptedArray implements EncryptedVector {
    private final Context context;
    private final PAlgebra algebra;
    private final SlotCodec codec;
    private final int nSlots;
    private final int d;
    private final Map<String, PreparedPlaintext> masks = new ConcurrentHashMap<>();

    /**
     * The array view of a context with odd m.
     *
     * @throws UnsupportedAlgebraException if m is a power of two (use {@link EncryptedArray})
     */
    public GeneralEncryptedArray(Context context) {
        if (context.isPowerOfTwo()) {
            throw new UnsupportedAlgebraException("m = " + context.m() + " is a power of two: its Z_t slots are"
                    + " EncryptedArray's; GeneralEncryptedArray serves odd m (GF(p^d) slots)");
        }
        this.context = context;
        this.algebra = PAlgebra.general(context.m(), context.p());
        this.codec = SlotCodec.of(algebra, context.r());
        this.nSlots = algebra.nSlots();
        this.d = algebra.ordP();
    }

    /** The context. */
    public Context context() {
        return context;
    }

    /** The hypercube structure. */
    public PAlgebra algebra() {
        return algebra;
    }

    /** The slot codec (slot arithmetic for references: {@link SlotCodec#multiplySlots}, {@link SlotCodec#frobenius}). */
    public SlotCodec codec() {
        return codec;
    }

    @Override
    public int size() {
        return nSlots;
    }

    /** The slot degree d. */
    public int slotDegree() {
        return d;
    }

    // ---- encoding -------------------------------------------------------------------------

    /**
     * The plaintext with these slot values; a shorter array fills the first slots, the rest are 0.
     *
     * @param slots at most {@link #size()} arrays of at most d coefficients in {@code [0, p^r)}
     * @throws SlotCountMismatchException if there are more values than slots
     */
    public Plaintext encode(long[][] slots) {
        if (slots.length > nSlots) {
            throw new SlotCountMismatchException(slots.length + " slot values for an array of " + nSlots + " slots");
        }
        long[][] full = slots.length == nSlots ? slots : Arrays.copyOf(slots, nSlots);
        for (int s = slots.length; s < nSlots; s++) {
            full[s] = new long[0];
        }
        return Plaintext.of(context, codec.encode(full));
    }

    /** The slot values of a plaintext: {@link #size()} arrays of d coefficients. */
    public long[][] decode(Plaintext pt) {
        return codec.decode(pt.coefficients());
    }

    /**
     * The plaintext whose slot s holds the constant {@code values[s] mod p^r} (an element of the
     * base ring {@code Z_(p^r)} inside the slot); the rest are 0. For bits in GF(2^d) slots.
     */
    public Plaintext encodeConstants(long[] values) {
        if (values.length > nSlots) {
            throw new SlotCountMismatchException(values.length + " values for an array of " + nSlots + " slots");
        }
        long t = context.plaintextModulus();
        long[][] slots = new long[nSlots][];
        for (int s = 0; s < nSlots; s++) {
            slots[s] = s < values.length ? new long[] {Math.floorMod(values[s], t)} : new long[0];
        }
        return Plaintext.of(context, codec.encode(slots));
    }

    /** Coefficient 0 of every slot (the slot value when it lies in the base ring). */
    public long[] decodeConstants(Plaintext pt) {
        long[][] slots = decode(pt);
        long[] out = new long[nSlots];
        for (int s = 0; s < nSlots; s++) {
            out[s] = slots[s][0];
        }
        return out;
    }

    /** Encodes and encrypts. */
    public Ciphertext encrypt(Encryptor encryptor, long[][] slots) {
        return encryptor.encrypt(encode(slots));
    }

    /** Decrypts and decodes. */
    public long[][] decrypt(Decryptor decryptor, Ciphertext c) {
        return decode(decryptor.decrypt(c));
    }

    /** A plaintext with 1 in the slots where {@code select[s]} is true and 0 elsewhere. */
    public Plaintext mask(boolean[] select) {
        if (select.length != nSlots) {
            throw new SlotCountMismatchException("mask of " + select.length + " slots for an array of " + nSlots);
        }
        long[] v = new long[nSlots];
        for (int s = 0; s < nSlots; s++) {
            v[s] = select[s] ? 1 : 0;
        }
        return encodeConstants(v);
    }

    /** A mask prepared at the top level (it serves every level), cached by name. */
    private PreparedPlaintext cachedMask(Evaluator eval, String key, IntPredicate select) {
        return masks.computeIfAbsent(key, k -> {
            boolean[] b = new boolean[nSlots];
            for (int s = 0; s < nSlots; s++) {
                b[s] = select.test(s);
            }
            return eval.prepare(mask(b), context.maxLevel());
        });
    }

    // ---- key sets -------------------------------------------------------------------------

    /** The Galois elements that {@link #rotate1D} by k along dim uses directly: {@code g^k}, and {@code g^(k-order)} if bad. */
    public long[] rotationKeyElements(int dim, int k) {
        int ord = algebra.order(dim);
        int r = Math.floorMod(k, ord);
        if (r == 0) {
            return new long[0];
        }
        if (algebra.isGood(dim)) {
            return new long[] {algebra.galoisElement(dim, r)};
        }
        return new long[] {algebra.galoisElement(dim, r), algebra.galoisElement(dim, r - ord)};
    }

    /**
     * HElib's minimal key set: the step of one along every dimension ({@code g}, and {@code g^(1-order)}
     * on a bad dimension). With it every rotation works by repeated single steps (slow, and on a
     * bad dimension each step costs a mask's noise).
     */
    public long[] minimalKeyElements() {
        Set<Long> out = new LinkedHashSet<>();
        for (int dim = 0; dim < algebra.numDims(); dim++) {
            for (long e : rotationKeyElements(dim, 1)) {
                out.add(e);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Keys for rotations by powers of two along every dimension: what {@link #rotate}, {@link #totalSums} and {@link #replicate} need. */
    public long[] powerOfTwoKeyElements() {
        Set<Long> out = new LinkedHashSet<>();
        for (int dim = 0; dim < algebra.numDims(); dim++) {
            for (int k = 1; k < algebra.order(dim); k <<= 1) {
                for (long e : rotationKeyElements(dim, k)) {
                    out.add(e);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The elements {@code p^j}, j in [1, d), of the Frobenius powers. */
    public long[] frobeniusKeyElements() {
        long[] out = new long[d - 1];
        for (int j = 1; j < d; j++) {
            out[j - 1] = algebra.frobeniusElement(j);
        }
        return out;
    }

    // ---- data movement --------------------------------------------------------------------

    /**
     * Every line along dimension dim rotated left by k (any sign): the slot at coordinate c gets
     * what was at coordinate {@code c + k mod order(dim)}, the other coordinates unchanged.
     */
    public Ciphertext rotate1D(Evaluator eval, Ciphertext c, int dim, int k) {
        int ord = algebra.order(dim);
        int r = Math.floorMod(k, ord);
        if (r == 0) {
            return c.copy();
        }
        if (hasKeys(eval, rotationKeyElements(dim, r))) {
            return rotate1DDirect(eval, c, dim, r);
        }
        Ciphertext out = c;
        if (!hasPowerOfTwoKeys(eval, dim, r) && hasKeys(eval, rotationKeyElements(dim, 1))) {
            for (int i = 0; i < r; i++) { // the minimal key set: single steps
                out = rotate1DDirect(eval, out, dim, 1);
            }
            return out;
        }
        for (int bit = 0; (1 << bit) <= r; bit++) {
            if ((r >>> bit & 1) == 0) {
                continue;
            }
            long[] need = rotationKeyElements(dim, 1 << bit);
            if (!hasKeys(eval, need)) {
                throw new MissingKeyException("cannot rotate along dimension " + dim + " (generator "
                        + algebra.generator(dim) + ", order " + ord + (algebra.isGood(dim) ? ", good" : ", bad")
                        + ") by " + k + ": no keys for the elements " + Arrays.toString(rotationKeyElements(dim, r))
                        + " nor for the power-of-two step " + (1 << bit) + " " + Arrays.toString(need)
                        + "; generate them with rotationKeyElements(" + dim + ", " + k + ") or powerOfTwoKeyElements()");
            }
            out = rotate1DDirect(eval, out, dim, 1 << bit);
        }
        return out;
    }

    private boolean hasPowerOfTwoKeys(Evaluator eval, int dim, int r) {
        for (int bit = 0; (1 << bit) <= r; bit++) {
            if ((r >>> bit & 1) != 0 && !hasKeys(eval, rotationKeyElements(dim, 1 << bit))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasKeys(Evaluator eval, long[] elements) {
        for (long e : elements) {
            if (!eval.hasGaloisKey(e)) {
                return false;
            }
        }
        return true;
    }

    /** One step of r in (0, order) with the direct keys. */
    private Ciphertext rotate1DDirect(Evaluator eval, Ciphertext c, int dim, int r) {
        int ord = algebra.order(dim);
        if (algebra.isGood(dim)) {
            return eval.automorphism(c, algebra.galoisElement(dim, r));
        }
        Ciphertext[] both = eval.hoistedAutomorphisms(c, algebra.galoisElement(dim, r),
                algebra.galoisElement(dim, r - ord));
        // coordinates c >= ord - r wrapped: they take the second automorphism (no Frobenius twist there)
        PreparedPlaintext wrapped = cachedMask(eval, "wrap " + dim + " " + r, s -> algebra.coordinate(s, dim) >= ord - r);
        Ciphertext diff = eval.sub(both[1], both[0]);
        eval.multiplyPlainInPlace(diff, wrapped);
        return eval.add(both[0], diff);
    }

    /** {@link #rotate1D} without wrap-around: coordinates whose source {@code c + k} leaves [0, order) become 0. */
    public Ciphertext shift1D(Evaluator eval, Ciphertext c, int dim, int k) {
        int ord = algebra.order(dim);
        if (k >= ord || k <= -ord) {
            return eval.multiplyConstant(c, 0);
        }
        PreparedPlaintext keep = cachedMask(eval, "shift1D " + dim + " " + k, s -> {
            int src = algebra.coordinate(s, dim) + k;
            return src >= 0 && src < ord;
        });
        return eval.multiplyPlain(rotate1D(eval, c, dim, k), keep);
    }

    @Override
    public Ciphertext rotate(Evaluator eval, Ciphertext c, int k) {
        int r = Math.floorMod(k, nSlots);
        return r == 0 ? c.copy() : rotatePrefix(eval, c, r, algebra.numDims() - 1);
    }

    /**
     * Rotates left by k the linear index formed by dimensions 0..last (the most significant
     * first), uniformly over the coordinates of the dimensions after last.
     */
    private Ciphertext rotatePrefix(Evaluator eval, Ciphertext c, int k, int last) {
        int ord = algebra.order(last);
        int low = k % ord;
        int high = k / ord;
        if (last == 0) {
            return rotate1D(eval, c, 0, low);
        }
        Ciphertext y = low == 0 ? c : rotate1D(eval, c, last, low);
        if (low != 0) {
            // slots whose source wrapped along `last` take a carry of one into the higher index
            PreparedPlaintext wrapped = cachedMask(eval, "wrap " + last + " " + low,
                    s -> algebra.coordinate(s, last) >= ord - low);
            Ciphertext carried = eval.multiplyPlain(y, wrapped);
            y = eval.add(eval.sub(y, carried), rotatePrefix(eval, carried, 1, last - 1));
        }
        return high == 0 ? y : rotatePrefix(eval, y, high, last - 1);
    }

    @Override
    public Ciphertext shift(Evaluator eval, Ciphertext c, int k) {
        if (k >= nSlots || k <= -nSlots) {
            return eval.multiplyConstant(c, 0);
        }
        PreparedPlaintext keep = cachedMask(eval, "shift " + k, s -> s + k >= 0 && s + k < nSlots);
        return eval.multiplyPlain(rotate(eval, c, k), keep);
    }

    /** Every slot x replaced by {@code sigma^j(x)} ({@code x^(p^j)} for r = 1): the automorphism {@code X -> X^(p^j)}. */
    public Ciphertext frobenius(Evaluator eval, Ciphertext c, int j) {
        int jj = Math.floorMod(j, d);
        return jj == 0 ? c.copy() : eval.automorphism(c, algebra.frobeniusElement(jj));
    }

    /** Every slot replaced by the sum of its line along dimension dim (HElib's doubling: about 2 log2(order) rotations). */
    public Ciphertext sum1D(Evaluator eval, Ciphertext c, int dim) {
        int ord = algebra.order(dim);
        if (ord == 1) {
            return c.copy();
        }
        Ciphertext acc = c;
        int e = 1;
        for (int bit = 30 - Integer.numberOfLeadingZeros(ord); bit >= 0; bit--) {
            acc = eval.add(acc, rotate1D(eval, acc, dim, e));
            e *= 2;
            if ((ord >>> bit & 1) != 0) {
                acc = eval.add(rotate1D(eval, acc, dim, 1), c);
                e += 1;
            }
        }
        return acc;
    }

    @Override
    public Ciphertext totalSums(Evaluator eval, Ciphertext c) {
        Ciphertext acc = c;
        for (int dim = 0; dim < algebra.numDims(); dim++) {
            acc = sum1D(eval, acc, dim);
        }
        return acc == c ? c.copy() : acc;
    }

    @Override
    public Ciphertext replicate(Evaluator eval, Ciphertext c, int slot) {
        if (slot < 0 || slot >= nSlots) {
            throw new IllegalArgumentException("slot " + slot + " is not in [0, " + nSlots + ")");
        }
        PreparedPlaintext one = cachedMask(eval, "slot " + slot, s -> s == slot);
        return totalSums(eval, eval.multiplyPlain(c, one));
    }

    @Override
    public String toString() {
        return "GeneralEncryptedArray(m = " + algebra.m() + ", " + nSlots + " slots of GF(" + algebra.p() + "^" + d
                + ")" + (context.r() > 1 ? " mod " + context.plaintextModulus() : "") + ", " + algebra.numDims()
                + " dimensions)";
    }
}
