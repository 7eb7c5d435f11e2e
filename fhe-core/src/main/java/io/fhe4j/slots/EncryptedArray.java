package io.fhe4j.slots;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.MissingKeyException;
import io.fhe4j.bgv.Plaintext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * HElib's {@code EncryptedArray} for the power-of-two, fully splitting case (odd m, with GF(p^d)
 * slots, is {@link GeneralEncryptedArray}): a ciphertext seen as
 * a vector of N values of {@code Z_t}, laid out as the two rows of N/2 slots described in
 * {@link PAlgebra} (slot {@code s = j * N/2 + i}).
 *
 * <ul>
 *   <li>{@link #rotateRows}: every row rotated left by k (one automorphism when the key of
 *       {@code 3^k} exists; otherwise a composition of available keys, fewest automorphisms
 *       first: baby-step/giant-step or binary powers);</li>
 *   <li>{@link #swapRows}: the two rows exchanged (one automorphism);</li>
 *   <li>{@link #rotate}: the whole N-vector rotated left by k: two automorphisms and two mask
 *       products, as HElib does across dimensions;</li>
 *   <li>{@link #shift}: the same without wrap-around (zeros enter);</li>
 *   <li>{@link #totalSums}, {@link #rowSums}, {@link #replicate}, {@link #innerProduct}.</li>
 * </ul>
 * Key sets: {@link #minimalKeyElements()} (HElib's minimal set: one generator per dimension),
 * {@link #babyStepGiantStepKeyElements()} (about {@code 2 sqrt(N/2)} keys, any rotation in at most
 * two automorphisms), {@link #powerOfTwoKeyElements()} (what {@link #totalSums} needs).
 *
 * <p>Immutable and thread-safe.
 */
public final class EncryptedArray implements EncryptedVector {
    private final Context context;
    private final PAlgebra algebra;
    private final PAlgebraMod codec;
    private final int rowLength;
    private final int babyStep;

    /**
     * The array view of a context whose plaintext modulus is a prime {@code t = 1 mod m}.
     *
     * @throws UnsupportedAlgebraException if t does not split {@code X^N + 1} into linear factors
     */
    public EncryptedArray(Context context) {
        if (context.r() != 1) {
            throw new UnsupportedAlgebraException("plaintext modulus " + context.p() + "^" + context.r()
                    + ": slots of Z_(p^r) with r > 1 need Hensel lifting (the general-ring case); use r = 1");
        }
        this.context = context;
        this.algebra = PAlgebra.powerOfTwo(context.m(), context.plaintextModulus());
        this.codec = PAlgebraMod.of(algebra);
        this.rowLength = algebra.rowLength();
        this.babyStep = (int) Math.ceil(Math.sqrt(rowLength));
    }

    /** The context. */
    public Context context() {
        return context;
    }

    /** The hypercube structure. */
    public PAlgebra algebra() {
        return algebra;
    }

    /** Number of slots N. */
    @Override
    public int size() {
        return algebra.nSlots();
    }

    /** Slots per row, N/2. */
    public int rowLength() {
        return rowLength;
    }

    // ---- encoding -------------------------------------------------------------------------

    /**
     * The plaintext whose slots hold these values, each in {@code [-(t-1)/2, t-1]} (a negative value
     * v stands for {@code t + v}). A shorter array fills the first slots; the rest are 0. The array
     * is not modified.
     *
     * @throws SlotCountMismatchException if there are more values than slots
     * @throws SlotValueOutOfRangeException if a value is outside {@code [-(t-1)/2, t-1]} (it is not
     *     reduced silently: {@link #encodeReduced(long[])} reduces mod t on purpose)
     */
    public Plaintext encode(long[] slots) {
        long t = context.plaintextModulus();
        long lowest = -((t - 1) / 2);
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] < lowest || slots[s] >= t) {
                throw new SlotValueOutOfRangeException("slot " + s + " holds " + slots[s] + ", outside [" + lowest + ", "
                        + (t - 1) + "] for plaintext modulus t = " + t + ": it would become " + Math.floorMod(slots[s], t)
                        + " mod t; use a larger t, or encodeReduced/encryptReduced to reduce mod t on purpose");
            }
        }
        return encodeReduced(slots);
    }

    /**
     * The plaintext whose slots hold these values reduced mod t (any signed longs): the explicit
     * variant of {@link #encode(long[])} for callers that compute mod t. The array is not modified.
     *
     * @throws SlotCountMismatchException if there are more values than slots
     */
    public Plaintext encodeReduced(long[] slots) {
        if (slots.length > size()) {
            throw new SlotCountMismatchException(slots.length + " values for an array of " + size() + " slots");
        }
        long[] full = slots.length == size() ? slots : Arrays.copyOf(slots, size());
        return Plaintext.of(context, codec.encode(full));
    }

    /** The slot values of a plaintext, in [0, t). */
    public long[] decode(Plaintext pt) {
        return codec.decode(pt.coefficients());
    }

    /** The slot values of a plaintext, in (-t/2, t/2]. */
    public long[] decodeCentered(Plaintext pt) {
        return codec.decodeCentered(pt.coefficients());
    }

    /**
     * Encodes ({@link #encode(long[])}: values in {@code [-(t-1)/2, t-1]}) and encrypts.
     *
     * @throws SlotValueOutOfRangeException if a value is outside {@code [-(t-1)/2, t-1]}
     */
    public Ciphertext encrypt(Encryptor encryptor, long[] slots) {
        return encryptor.encrypt(encode(slots));
    }

    /** Encodes with reduction mod t ({@link #encodeReduced(long[])}: any signed longs) and encrypts. */
    public Ciphertext encryptReduced(Encryptor encryptor, long[] slots) {
        return encryptor.encrypt(encodeReduced(slots));
    }

    /** Decrypts and decodes (values in [0, t)). */
    public long[] decrypt(Decryptor decryptor, Ciphertext c) {
        return decode(decryptor.decrypt(c));
    }

    /** A plaintext with 1 in the slots where {@code mask[s]} is true and 0 elsewhere. */
    public Plaintext mask(boolean[] mask) {
        if (mask.length != size()) {
            throw new SlotCountMismatchException("mask of " + mask.length + " slots for an array of " + size());
        }
        long[] v = new long[mask.length];
        for (int s = 0; s < v.length; s++) {
            v[s] = mask[s] ? 1 : 0;
        }
        return encode(v);
    }

    // ---- key sets -------------------------------------------------------------------------

    /** HElib's minimal key set: the generator 3 (rows) and the row swap. */
    public long[] minimalKeyElements() {
        return new long[] {algebra.rotateRowsElement(1), algebra.swapRowsElement()};
    }

    /** Keys for rotations by powers of two along the rows, and the row swap: what totalSums needs. */
    public long[] powerOfTwoKeyElements() {
        Set<Long> out = new LinkedHashSet<>();
        for (int k = 1; k < rowLength; k <<= 1) {
            out.add((long) algebra.rotateRowsElement(k));
        }
        out.add((long) algebra.swapRowsElement());
        return toArray(out);
    }

    /** Baby steps {@code 3^i} ({@code i < b}) and giant steps {@code 3^(j b)}, b = ceil(sqrt(N/2)), and the swap. */
    public long[] babyStepGiantStepKeyElements() {
        Set<Long> out = new LinkedHashSet<>();
        for (int i = 1; i < babyStep && i < rowLength; i++) {
            out.add((long) algebra.rotateRowsElement(i));
        }
        for (int j = babyStep; j < rowLength; j += babyStep) {
            out.add((long) algebra.rotateRowsElement(j));
        }
        out.add((long) algebra.swapRowsElement());
        return toArray(out);
    }

    /** The elements that {@link #rotate} by each of these steps needs (one row rotation and the swap each). */
    public long[] rotationKeyElements(int... steps) {
        Set<Long> out = new LinkedHashSet<>();
        for (int k : steps) {
            int r = Math.floorMod(k, rowLength);
            if (r != 0) {
                out.add((long) algebra.rotateRowsElement(r));
            }
        }
        out.add((long) algebra.swapRowsElement());
        return toArray(out);
    }

    private static long[] toArray(Set<Long> set) {
        return set.stream().mapToLong(Long::longValue).toArray();
    }

    // ---- data movement --------------------------------------------------------------------

    /** Every row rotated left by k: new slot (j, i) holds old slot (j, i + k mod N/2). */
    public Ciphertext rotateRows(Evaluator eval, Ciphertext c, int k) {
        int r = Math.floorMod(k, rowLength);
        if (r == 0) {
            return c.copy();
        }
        long direct = algebra.rotateRowsElement(r);
        if (eval.hasGaloisKey(direct)) {
            return eval.automorphism(c, direct);
        }
        int giant = r / babyStep * babyStep;
        int baby = r - giant;
        if (giant > 0 && baby > 0 && eval.hasGaloisKey(algebra.rotateRowsElement(giant))
                && eval.hasGaloisKey(algebra.rotateRowsElement(baby))) {
            return eval.automorphism(eval.automorphism(c, algebra.rotateRowsElement(giant)),
                    algebra.rotateRowsElement(baby));
        }
        boolean powers = true;
        for (int bit = 1; bit <= r; bit <<= 1) {
            powers &= (r & bit) == 0 || eval.hasGaloisKey(algebra.rotateRowsElement(bit));
        }
        Ciphertext out = c;
        if (powers) {
            for (int bit = 1; bit <= r; bit <<= 1) {
                if ((r & bit) != 0) {
                    out = eval.automorphism(out, algebra.rotateRowsElement(bit));
                }
            }
            return out;
        }
        long one = algebra.rotateRowsElement(1);
        if (!eval.hasGaloisKey(one)) {
            throw new MissingKeyException("cannot rotate rows by " + k + ": no key for element " + direct
                    + " (3^" + r + " mod " + algebra.m() + ") nor for a decomposition of it; generate keys with"
                    + " rotationKeyElements(" + k + ") or babyStepGiantStepKeyElements()");
        }
        for (int i = 0; i < r; i++) {
            out = eval.automorphism(out, one);
        }
        return out;
    }

    /** The two rows exchanged. */
    public Ciphertext swapRows(Evaluator eval, Ciphertext c) {
        return eval.automorphism(c, algebra.swapRowsElement());
    }

    /** The whole vector rotated left by k: new slot s holds old slot {@code (s + k) mod N}. */
    @Override
    public Ciphertext rotate(Evaluator eval, Ciphertext c, int k) {
        int n = size();
        int kk = Math.floorMod(k, n);
        if (kk == 0) {
            return c.copy();
        }
        if (kk == rowLength) {
            return swapRows(eval, c);
        }
        int r = kk % rowLength;
        boolean swapFirst = kk >= rowLength;
        Ciphertext a = rotateRows(eval, c, r);
        Ciphertext b = swapRows(eval, a);
        boolean[] low = new boolean[n]; // columns i < N/2 - r: the source stays in the same half
        for (int s = 0; s < n; s++) {
            low[s] = s % rowLength < rowLength - r;
        }
        // x on the low columns, y on the others: y + (x - y) low, one product by a mask
        Ciphertext x = swapFirst ? b : a;
        Ciphertext y = swapFirst ? a : b;
        Ciphertext out = eval.sub(x, y);
        eval.multiplyPlainInPlace(out, mask(low));
        eval.addInPlace(out, y);
        return out;
    }

    /**
     * The vector shifted left by k (k may be negative for a right shift), zeros entering: new slot
     * s holds old slot s + k when that is in [0, N), else 0.
     */
    @Override
    public Ciphertext shift(Evaluator eval, Ciphertext c, int k) {
        int n = size();
        if (k >= n || k <= -n) {
            return eval.multiplyConstant(c, 0);
        }
        boolean[] keep = new boolean[n];
        for (int s = 0; s < n; s++) {
            int src = s + k;
            keep[s] = src >= 0 && src < n;
        }
        return eval.multiplyPlain(rotate(eval, c, k), mask(keep));
    }

    /** Every slot of each row replaced by the sum of its row: log2(N/2) rotations. */
    public Ciphertext rowSums(Evaluator eval, Ciphertext c) {
        Ciphertext acc = c;
        for (int k = 1; k < rowLength; k <<= 1) {
            acc = eval.add(acc, rotateRows(eval, acc, k));
        }
        return acc == c ? c.copy() : acc;
    }

    /** Every slot replaced by the sum of all N slots. */
    @Override
    public Ciphertext totalSums(Evaluator eval, Ciphertext c) {
        Ciphertext rows = rowSums(eval, c);
        return eval.add(rows, swapRows(eval, rows));
    }

    /** Every slot replaced by the value of slot {@code slot}. */
    @Override
    public Ciphertext replicate(Evaluator eval, Ciphertext c, int slot) {
        if (slot < 0 || slot >= size()) {
            throw new IllegalArgumentException("slot " + slot + " is not in [0, " + size() + ")");
        }
        boolean[] one = new boolean[size()];
        one[slot] = true;
        return totalSums(eval, eval.multiplyPlain(c, mask(one)));
    }

    /** The inner product of the two slot vectors, in every slot. */
    public Ciphertext innerProduct(Evaluator eval, Ciphertext a, Ciphertext b) {
        return totalSums(eval, eval.multiply(a, b));
    }

    @Override
    public String toString() {
        return "EncryptedArray(" + size() + " slots in 2 rows of " + rowLength + ", t = " + context.plaintextModulus()
                + ", generators " + Arrays.toString(minimalKeyElements()) + ")";
    }
}
