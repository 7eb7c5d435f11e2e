package io.fhe4j.circuits;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.slots.GeneralEncryptedArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bits as BGV ciphertexts with plaintext modulus 2: XOR is {@link Evaluator#add}, AND is
 * {@link Evaluator#multiply} (tensor product, relinearization, and the evaluator's own choice of
 * level), NOT adds the constant 1. The evaluator needs the relinearization key.
 *
 * <p>What a "slot" is comes from the plaintext encoding: a product of plaintexts is a product of
 * polynomials mod {@code (Phi_m, 2)}, which acts slot by slot through a slot encoding. For odd m the
 * GF(2^d) slots of a {@link GeneralEncryptedArray} are such slots, and bits 0 and 1 of GF(2^d)
 * multiply as AND: {@link #encryptSlots} and {@link #decryptSlots} put bit i of the number of slot
 * s in slot s of ciphertext i, so every circuit runs on all {@code phi(m)/d} slots at once (256 at
 * m = 4369). Power-of-two rings have no slots for p = 2 ({@code X^N + 1 = (X + 1)^N mod 2}): there
 * {@link #encrypt} and {@link #decrypt} put one bit in the constant coefficient, one number per
 * ciphertext set. The circuits are the same either way.
 *
 * <p>Thread-safe (the counters are atomic; the evaluator is thread-safe).
 */
public final class EncryptedBitBackend implements BitBackend<Ciphertext> {
    private final Evaluator evaluator;
    private final Context context;
    private final AtomicLong multiplications = new AtomicLong();
    private final AtomicLong relinearizations = new AtomicLong();

    /**
     * A backend over this evaluator.
     *
     * @throws CircuitArgumentException if the plaintext modulus of its context is not 2
     */
    public EncryptedBitBackend(Evaluator evaluator) {
        this.evaluator = evaluator;
        this.context = evaluator.context();
        if (context.plaintextModulus() != 2) {
            throw new CircuitArgumentException("binary circuits need plaintext modulus 2, this context has t = "
                    + context.plaintextModulus() + ": build it with ContextBuilder.p(2).r(1)");
        }
    }

    /** The evaluator. */
    public Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public Ciphertext xor(Ciphertext a, Ciphertext b) {
        return evaluator.add(a, b);
    }

    @Override
    public Ciphertext and(Ciphertext a, Ciphertext b) {
        multiplications.incrementAndGet();
        relinearizations.incrementAndGet();
        return evaluator.multiply(a, b);
    }

    @Override
    public Ciphertext andWithoutRelinearization(Ciphertext a, Ciphertext b) {
        multiplications.incrementAndGet();
        return evaluator.multiplyWithoutRelinearization(a, b);
    }

    @Override
    public Ciphertext not(Ciphertext a) {
        return evaluator.addConstant(a, 1);
    }

    @Override
    public Ciphertext relinearize(Ciphertext a) {
        relinearizations.incrementAndGet();
        return evaluator.relinearize(a);
    }

    @Override
    public long multiplications() {
        return multiplications.get();
    }

    @Override
    public long relinearizations() {
        return relinearizations.get();
    }

    /**
     * Encrypts {@code value mod 2^width}: bit i as the constant polynomial {@code (value >> i) & 1}.
     *
     * @throws CircuitArgumentException if the width is out of range
     */
    public BinaryInt<Ciphertext> encrypt(Encryptor encryptor, long value, int width, boolean signed) {
        BinaryInt.checkWidth(width);
        List<Ciphertext> bits = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            bits.add(encryptor.encrypt(Plaintext.constant(context, (value >>> i) & 1)));
        }
        return BinaryInt.ofValues(bits, signed);
    }

    /**
     * Decrypts the constant coefficient of every bit: the number in [0, 2^k), or sign-extended if
     * signed. Constant bits are read as they are.
     *
     * @throws io.fhe4j.bgv.NoiseBudgetExhaustedException if some bit's noise bound is exhausted
     */
    public long decrypt(Decryptor decryptor, BinaryInt<Ciphertext> x) {
        long v = 0;
        int k = x.width();
        for (int i = 0; i < k; i++) {
            Bit<Ciphertext> b = x.bit(i);
            long bit = b.isConstant() ? (b.constantValue() ? 1 : 0) : decryptor.decrypt(b.value()).coefficient(0);
            v |= bit << i;
        }
        return x.isSigned() && k < 64 ? v << (64 - k) >> (64 - k) : v;
    }

    /**
     * Encrypts one k-bit number per slot: ciphertext i holds bit i of {@code values[s]} in slot s
     * (as the constant 0 or 1 of GF(2^d)); slots past {@code values.length} hold 0.
     *
     * @throws CircuitArgumentException if the width is out of range, there are more values than
     *     slots, or the array's context is not this backend's
     */
    public BinaryInt<Ciphertext> encryptSlots(Encryptor encryptor, GeneralEncryptedArray slots, long[] values, int width,
                                              boolean signed) {
        checkArray(slots);
        if (values.length > slots.size()) {
            throw new CircuitArgumentException(values.length + " values for an array of " + slots.size() + " slots");
        }
        BinaryInt<long[]> plain = new PlainBitBackend(slots.size()).encode(java.util.Arrays.copyOf(values, slots.size()),
                width, signed);
        List<Ciphertext> bits = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            bits.add(encryptor.encrypt(slots.encodeConstants(plain.bit(i).value())));
        }
        return BinaryInt.ofValues(bits, signed);
    }

    /**
     * Decrypts one number per slot: in [0, 2^k), or sign-extended if signed; constant bits are read
     * as they are.
     *
     * @throws io.fhe4j.bgv.NoiseBudgetExhaustedException if some bit's noise bound is exhausted
     */
    public long[] decryptSlots(Decryptor decryptor, GeneralEncryptedArray slots, BinaryInt<Ciphertext> x) {
        checkArray(slots);
        List<long[]> bits = new ArrayList<>(x.width());
        for (int i = 0; i < x.width(); i++) {
            Bit<Ciphertext> b = x.bit(i);
            if (b.isConstant()) {
                long[] v = new long[slots.size()];
                java.util.Arrays.fill(v, b.constantValue() ? 1 : 0);
                bits.add(v);
            } else {
                bits.add(slots.decodeConstants(decryptor.decrypt(b.value())));
            }
        }
        return new PlainBitBackend(slots.size()).decode(BinaryInt.ofValues(bits, x.isSigned()));
    }

    private void checkArray(GeneralEncryptedArray slots) {
        if (!slots.context().sameAs(context)) {
            throw new CircuitArgumentException("the slot array belongs to context " + slots.context().fingerprint()
                    + ", this backend's evaluator to " + context.fingerprint() + ": use the array of the same context");
        }
    }

    @Override
    public String toString() {
        return "EncryptedBitBackend(" + context.fingerprint() + ", " + multiplications() + " products)";
    }
}
