package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.ring.BaseConverter;
import io.fhe4j.ring.DoubleCrt;
import io.fhe4j.ring.PolyRing;
import io.fhe4j.ring.RnsBasis;
import java.math.BigInteger;

/**
 * Decrypts with the secret key: {@code m = f^-1 [sum_i c_i s^i]_{Q_l} mod t}. Before decrypting it
 * checks the ciphertext's tracked noise bound and throws {@link NoiseBudgetExhaustedException}
 * when the bound is not below {@code 0.48 Q_l}, so a wrong result is never returned silently.
 *
 * <p>Thread-safe.
 */
public final class Decryptor {
    private final Context context;
    private final SecretKey secretKey;
    private final BaseConverter[] toPlaintext;

    /** A decryptor holding the secret key. */
    public Decryptor(SecretKey sk) {
        this.context = sk.context();
        this.secretKey = sk;
        this.toPlaintext = new BaseConverter[context.maxLevel()];
        RnsBasis t = RnsBasis.of(context.plaintextModulus());
        for (int l = 1; l <= toPlaintext.length; l++) {
            toPlaintext[l - 1] = new BaseConverter(context.ring(l).basis(), t);
        }
    }

    /**
     * Decrypts.
     *
     * @throws NoiseBudgetExhaustedException if the noise bound says the result may be wrong
     */
    public Plaintext decrypt(Ciphertext ct) {
        check(ct);
        if (ct.capacity() <= 0) {
            throw new NoiseBudgetExhaustedException(String.format(
                    "cannot decrypt: the noise bound 2^%.1f is not below 0.48 * Q at level %d (Q = 2^%.1f); the circuit"
                    + " is too deep for these parameters. Use more bits (a longer modulus chain), fewer multiplications"
                    + " between refreshes, or a smaller plaintext modulus", ct.noiseBoundBits(), ct.level(),
                    context.logQ(ct.level())));
        }
        DoubleCrt w = criticalValue(ct).toCoefficientForm();
        long[][] in = new long[w.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = w.row(i);
        }
        long[][] out = new long[1][context.n()];
        toPlaintext[ct.level() - 1].convertExact(in, out);
        Modulus t = context.plaintextModulusArithmetic();
        long fInv = t.inverse(ct.factor());
        long fs = t.shoup(fInv);
        long[] m = out[0];
        for (int i = 0; i < m.length; i++) {
            m[i] = t.mulShoup(m[i], fInv, fs);
        }
        return Plaintext.of(context, context.isPowerOfTwo() ? m : context.powerfulBasis().toPower(m, t));
    }

    /**
     * The largest coefficient of the critical value {@code [sum_i c_i s^i]_{Q_l}} (in the ring's
     * basis: powerful for odd m), measured with the secret key (BigInteger CRT per coefficient: a
     * diagnostic, not for hot paths). Its log2 never exceeds {@link Ciphertext#noiseBoundBits()}
     * plus {@link Context#normBoundBits()}.
     */
    public BigInteger measuredNoise(Ciphertext ct) {
        check(ct);
        BigInteger[] w = criticalValue(ct).toCenteredBigIntegers();
        BigInteger max = BigInteger.ZERO;
        for (BigInteger x : w) {
            max = max.max(x.abs());
        }
        return max;
    }

    /** log2 of {@link #measuredNoise(Ciphertext)}. */
    public double measuredNoiseBits(Ciphertext ct) {
        BigInteger x = measuredNoise(ct);
        if (x.signum() == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int shift = Math.max(0, x.bitLength() - 60);
        return Math.log(x.shiftRight(shift).doubleValue()) / Math.log(2) + shift;
    }

    private DoubleCrt criticalValue(Ciphertext ct) {
        PolyRing ring = context.ring(ct.level());
        DoubleCrt s = secretKey.over(ring);
        DoubleCrt acc = ct.part(ct.size() - 1).copy();
        for (int i = ct.size() - 2; i >= 0; i--) { // Horner: ((c_k s + c_{k-1}) s + ...) + c_0
            acc.multiplyInPlace(s).addInPlace(ct.part(i));
        }
        return acc;
    }

    private void check(Ciphertext ct) {
        if (!ct.context().sameAs(context)) {
            throw MismatchedContextException.of("ciphertext", ct.context(), "a decryptor", context);
        }
    }
}
