package io.fhe4j.ring;

import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.Modulus;
import io.fhe4j.math.Primes;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A residue-number-system basis: pairwise coprime moduli {@code q_0, ..., q_{L-1}} (each below
 * 2^62) whose product is Q. An integer {@code x in [0, Q)} is represented by its residues
 * {@code x mod q_i}; {@link #compose} reconstructs it by the Chinese remainder theorem
 * {@code x = sum_i [x_i * qHat_i^-1]_{q_i} * qHat_i mod Q} with {@code qHat_i = Q / q_i}.
 *
 * <p>The order of the moduli matters: two bases are equal when they list the same moduli in the
 * same order. Sub-bases ({@link #prefix}, {@link #drop}) and unions ({@link #concat}) are new
 * bases. BigInteger constants are computed once, at construction; the per-coefficient work in
 * the ring layer never uses them.
 *
 * <p>Immutable and thread-safe.
 */
public final class RnsBasis {
    private final Modulus[] moduli;
    private final long[] primes;
    private final BigInteger product;
    private final BigInteger[] qHat;
    /** (Q / q_i)^-1 mod q_i. */
    private final long[] qHatInv;
    private final long[] qHatInvShoup;

    private RnsBasis(long[] primes) {
        if (primes.length == 0) {
            throw new InvalidModulusException("an RNS basis needs at least one modulus");
        }
        this.primes = primes.clone();
        this.moduli = new Modulus[primes.length];
        BigInteger prod = BigInteger.ONE;
        for (int i = 0; i < primes.length; i++) {
            moduli[i] = new Modulus(primes[i]);
            for (int j = 0; j < i; j++) {
                if (Primes.gcd(primes[i], primes[j]) != 1) {
                    throw new InvalidModulusException("RNS moduli " + primes[j] + " and " + primes[i]
                            + " (positions " + j + " and " + i + ") are not coprime: every modulus must be distinct "
                            + "and share no factor with the others");
                }
            }
            prod = prod.multiply(BigInteger.valueOf(primes[i]));
        }
        this.product = prod;
        this.qHat = new BigInteger[primes.length];
        this.qHatInv = new long[primes.length];
        this.qHatInvShoup = new long[primes.length];
        for (int i = 0; i < primes.length; i++) {
            qHat[i] = prod.divide(BigInteger.valueOf(primes[i]));
            qHatInv[i] = moduli[i].inverse(moduli[i].reduce(qHat[i]));
            qHatInvShoup[i] = moduli[i].shoup(qHatInv[i]);
        }
    }

    /**
     * A basis of the given moduli, in this order.
     *
     * @throws InvalidModulusException if a modulus is out of range or two share a factor
     */
    public static RnsBasis of(long... primes) {
        return new RnsBasis(primes);
    }

    /** Number of moduli L. */
    public int size() {
        return primes.length;
    }

    /** The i-th modulus. */
    public Modulus modulus(int i) {
        return moduli[i];
    }

    /** The i-th modulus value. */
    public long prime(int i) {
        return primes[i];
    }

    /** A copy of the moduli values. */
    public long[] primes() {
        return primes.clone();
    }

    /** Q, the product of the moduli. */
    public BigInteger product() {
        return product;
    }

    /** {@code log2(Q)}, the basis' size in bits (fractional). */
    public double bits() {
        double sum = 0;
        for (long p : primes) {
            sum += Math.log(p);
        }
        return sum / Math.log(2);
    }

    /** {@code Q / q_i}. */
    public BigInteger qHat(int i) {
        return qHat[i];
    }

    /** {@code (Q / q_i)^-1 mod q_i}. */
    public long qHatInverse(int i) {
        return qHatInv[i];
    }

    /** Shoup companion of {@link #qHatInverse(int)}. */
    public long qHatInverseShoup(int i) {
        return qHatInvShoup[i];
    }

    /** Whether modulus value p belongs to this basis. */
    public boolean contains(long p) {
        for (long x : primes) {
            if (x == p) {
                return true;
            }
        }
        return false;
    }

    /** The basis of the first {@code count} moduli. */
    public RnsBasis prefix(int count) {
        if (count < 1 || count > primes.length) {
            throw new IllegalArgumentException("cannot keep " + count + " of " + primes.length + " moduli: need 1.."
                    + primes.length);
        }
        return count == primes.length ? this : new RnsBasis(Arrays.copyOf(primes, count));
    }

    /** The basis without its last {@code count} moduli. */
    public RnsBasis drop(int count) {
        return prefix(primes.length - count);
    }

    /** The basis of these moduli followed by {@code other}'s. */
    public RnsBasis concat(RnsBasis other) {
        long[] all = Arrays.copyOf(primes, primes.length + other.primes.length);
        System.arraycopy(other.primes, 0, all, primes.length, other.primes.length);
        return new RnsBasis(all);
    }

    /**
     * Residues of x, of any sign, modulo each modulus.
     */
    public long[] decompose(BigInteger x) {
        long[] out = new long[primes.length];
        for (int i = 0; i < primes.length; i++) {
            out[i] = moduli[i].reduce(x);
        }
        return out;
    }

    /**
     * The integer in [0, Q) with the given residues.
     *
     * @param residues one value in [0, q_i) per modulus
     * @throws CoefficientOutOfRangeException if a residue is out of range
     */
    public BigInteger compose(long[] residues) {
        checkResidues(residues);
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < primes.length; i++) {
            long y = moduli[i].mulShoup(residues[i], qHatInv[i], qHatInvShoup[i]);
            acc = acc.add(qHat[i].multiply(BigInteger.valueOf(y)));
        }
        return acc.mod(product);
    }

    /** The integer in {@code (-Q/2, Q/2]} with the given residues. */
    public BigInteger composeCentered(long[] residues) {
        BigInteger x = compose(residues);
        return x.shiftLeft(1).compareTo(product) > 0 ? x.subtract(product) : x;
    }

    private void checkResidues(long[] residues) {
        if (residues.length != primes.length) {
            throw new MismatchedBasisException(residues.length + " residues given to a basis of "
                    + primes.length + " moduli " + this);
        }
        for (int i = 0; i < primes.length; i++) {
            if (residues[i] < 0 || residues[i] >= primes[i]) {
                throw new CoefficientOutOfRangeException("residue " + residues[i] + " at position " + i
                        + " is not in [0, " + primes[i] + ")");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RnsBasis && Arrays.equals(primes, ((RnsBasis) o).primes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(primes);
    }

    @Override
    public String toString() {
        return "RnsBasis" + Arrays.toString(primes) + " (" + Math.round(bits()) + " bits)";
    }
}
