package io.fhe4j.circuits;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.Plaintext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bits as BGV ciphertexts with plaintext modulus 2: XOR is {@link Evaluator#add}, AND is
 * {@link Evaluator#multiply} (tensor product, relinearization, and the evaluator's own choice of
 * level), NOT adds the constant 1. The evaluator needs the relinearization key.
 *
 * <p>What a "slot" is comes from the plaintext encoding: a product of plaintexts is a product of
 * polynomials mod {@code (X^N + 1, 2)}, which acts slot by slot only through a slot encoding. The
 * power-of-two rings of {@code io.fhe4j.bgv} have none for p = 2 ({@code X^N + 1 = (X + 1)^N mod 2}),
 * so until GF(2^d) slots of general m exist, {@link #encrypt} and {@link #decrypt} put one bit in
 * the constant coefficient: one number per ciphertext set. The circuits do not change when slots
 * arrive.
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

    @Override
    public String toString() {
        return "EncryptedBitBackend(" + context.fingerprint() + ", " + multiplications() + " products)";
    }
}
