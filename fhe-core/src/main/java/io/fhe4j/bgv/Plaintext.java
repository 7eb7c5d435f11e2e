package io.fhe4j.bgv;

import io.fhe4j.math.Modulus;
import io.fhe4j.ring.DoubleCrt;
import java.util.Arrays;

/**
 * A BGV plaintext: a polynomial of {@code Z_t[X]/Phi_m(X)}, held as its N = phi(m) coefficients
 * in [0, t) in the power basis {@code 1, X, ..., X^(N-1)} ({@code Z_t[X]/(X^N+1)} for power-of-two
 * m). Slot vectors become plaintexts through the slot encoders ({@code io.fhe4j.slots}).
 *
 * <p>What is encrypted is the ring representative: for odd m the same element in the ring's
 * powerful basis ({@code io.fhe4j.ring.PowerfulBasis}), centered mod t; {@link #l1Norm()} is the
 * L1 norm of that representative, a rigorous bound on its canonical-embedding norm.
 *
 * <p>Immutable and thread-safe.
 */
public final class Plaintext {
    private final Context context;
    private final long[] coefficients;
    /** The ring representative in [0, t): the coefficients themselves for power-of-two m. */
    private final long[] ring;
    private final double l1Norm;

    private Plaintext(Context context, long[] coefficients) {
        this.context = context;
        this.coefficients = coefficients;
        Modulus t = context.plaintextModulusArithmetic();
        this.ring = context.isPowerOfTwo() ? coefficients : context.powerfulBasis().toPowerful(coefficients, t);
        double sum = 0;
        for (long c : ring) {
            sum += Math.abs(t.centered(c));
        }
        this.l1Norm = sum;
    }

    /**
     * The plaintext with these coefficients (any signed values, reduced mod t).
     *
     * @param coefficients N values, not modified
     */
    public static Plaintext of(Context context, long[] coefficients) {
        if (coefficients.length != context.n()) {
            throw new InvalidParametersException(coefficients.length + " plaintext coefficients for ring degree " + context.n());
        }
        Modulus t = context.plaintextModulusArithmetic();
        long[] c = new long[coefficients.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = t.reduce(coefficients[i]);
        }
        return new Plaintext(context, c);
    }

    /** The constant polynomial c (mod t): in every slot, the value c. */
    public static Plaintext constant(Context context, long c) {
        long[] coeffs = new long[context.n()];
        coeffs[0] = context.plaintextModulusArithmetic().reduce(c);
        return new Plaintext(context, coeffs);
    }

    /** The context. */
    public Context context() {
        return context;
    }

    /** A copy of the coefficients, in [0, t). */
    public long[] coefficients() {
        return coefficients.clone();
    }

    /** Coefficient i, in [0, t). */
    public long coefficient(int i) {
        return coefficients[i];
    }

    /**
     * The L1 norm of the centered ring representative (the centered coefficients for power-of-two
     * m): a bound on the canonical-embedding norm of what is encrypted.
     */
    public double l1Norm() {
        return l1Norm;
    }

    /** Coefficient i of the ring representative, in [0, t). */
    long ringResidue(int i) {
        return ring[i];
    }

    /** {@code factor * this} with centered coefficients, as an element of the ring at this level. */
    DoubleCrt toRing(int level, long factor) {
        return context.ring(level).fromCentered(ringValues(factor), context.plaintextModulus());
    }

    /**
     * The ring representative of {@code factor * this}, in [0, t): the held array itself when the
     * factor is 1 mod t (not to be modified).
     */
    long[] ringValues(long factor) {
        Modulus t = context.plaintextModulusArithmetic();
        long f = t.reduce(factor);
        if (f == 1) {
            return ring;
        }
        long[] scaled = new long[ring.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = t.mul(ring[i], f);
        }
        return scaled;
    }

    /** L1 norm of {@code factor * this} (centered). */
    double l1Norm(long factor) {
        Modulus t = context.plaintextModulusArithmetic();
        long f = t.reduce(factor);
        if (f == 1) {
            return l1Norm;
        }
        double sum = 0;
        for (long c : ring) {
            sum += Math.abs(t.centered(t.mul(c, f)));
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plaintext && ((Plaintext) o).context.sameAs(context)
                && Arrays.equals(((Plaintext) o).coefficients, coefficients);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "Plaintext(N=" + coefficients.length + ", t=" + context.plaintextModulus() + ")";
    }
}
