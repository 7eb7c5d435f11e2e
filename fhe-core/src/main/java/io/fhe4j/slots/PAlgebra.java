package io.fhe4j.slots;

import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.InvalidModulusException;
import io.fhe4j.math.NttTables;
import io.fhe4j.math.Primes;

/**
 * HElib's {@code PAlgebra}: the structure of {@code Z_m^* / <t>} for the cyclotomic ring
 * {@code Z[X]/Phi_m(X)} and plaintext modulus t, seen as a hypercube. Each dimension has a
 * generator g and an order; a dimension is <em>good</em> when {@code g^order = 1 mod m} (a
 * rotation along it is one automorphism, HElib prints {@code (== Z_m^*)}). The
 * {@code phi(m) / ordP} elements of the quotient group index the plaintext slots; slot s is
 * represented by an exponent {@code e(s)} in {@code Z_m^*} (HElib's {@code T[s]}, {@code ith_rep}).
 *
 * <p>Only the power-of-two, fully splitting case exists for now ({@link #powerOfTwo}): {@code m =
 * 2N}, N a power of two, t a prime {@code = 1 mod m}, so {@code ordP = d = 1} and there are N
 * slots, each holding one element of {@code Z_t}. General odd m with {@code GF(p^d)} slots will be
 * a second factory (issue 4); the hypercube accessors below are the general ones, the row methods
 * ({@link #rowLength()}, {@link #rotateRowsElement(int)}, {@link #swapRowsElement()},
 * {@link #slotIndex(int, int)}) describe the power-of-two layout.
 *
 * <h2>The power-of-two hypercube</h2>
 * For {@code m >= 16} HElib's generators are 3 of order {@code m/4} and {@code h = m/2 - 1} of
 * order 2, both good, and {@code Z_m^* = <3> x <h>}. (For {@code m = 8}, {@code m/2 - 1 = 3} lies
 * in {@code <3>}; HElib picks {@code h = 5}, order 2. For {@code m = 4}, {@code <3>} is all of
 * {@code Z_4^*}: one dimension, generator 3 of order 2, and the rows have length 1.)
 *
 * <h2>Slot layout (the contract for encoding, EncryptedArray and packing)</h2>
 * The N slots form two rows of {@code N/2}: slot {@code s = j * (N/2) + i}, with column
 * {@code i in [0, N/2)} the coordinate along generator 3 and row {@code j in {0, 1}} the
 * coordinate along h. Slot s is represented by
 * <pre>   e(s) = 3^i * h^j mod m        ({@link #slotExponent(int)})</pre>
 * and holds {@code a(zeta^e(s))}, where zeta is the primitive m-th root of unity mod t of
 * {@code NttTables.of(t, log2 N).psi()} (see {@link PAlgebraMod}). Hence, for a plaintext
 * polynomial {@code a(X)}:
 * <ul>
 *   <li>{@code X -> X^(3^k mod m)} ({@link #rotateRowsElement(int) rotateRowsElement(k)}) rotates
 *       both rows left by k: new slot {@code (j, i)} holds old slot {@code (j, i + k mod N/2)};
 *       k may be negative (rotate right);</li>
 *   <li>{@code X -> X^h} ({@link #swapRowsElement()}) swaps the two rows: new slot {@code (j, i)}
 *       holds old slot {@code (1 - j, i)}.</li>
 * </ul>
 * HElib numbers the same slots the other way round (its slot index is {@code 2 * i + j}); ours
 * keeps each row contiguous.
 *
 * <p>Immutable and thread-safe. Equal when m and t are equal, as in HElib.
 */
public final class PAlgebra {
    /** Smallest supported power-of-two m (N = 2). */
    public static final int MIN_M = 2 << NttTables.MIN_LOG_N;
    /** Largest supported power-of-two m (N = 2^17). */
    public static final int MAX_M = 2 << NttTables.MAX_LOG_N;

    private final int m;
    private final long t;
    private final int phiM;
    private final int ordP;
    private final int[] gens;
    private final int[] ords;
    private final boolean[] good;
    /** e(s) for every slot s, the layout described above. */
    private final int[] exponents;
    private final int rowLength;
    private final int swapElement;

    private PAlgebra(int m, long t, int ordP, int[] gens, int[] ords, int[] exponents, int rowLength,
                     int swapElement) {
        this.m = m;
        this.t = t;
        this.phiM = m / 2;
        this.ordP = ordP;
        this.gens = gens;
        this.ords = ords;
        this.good = new boolean[gens.length];
        for (int i = 0; i < gens.length; i++) {
            good[i] = powMod(gens[i], ords[i], m) == 1;
        }
        this.exponents = exponents;
        this.rowLength = rowLength;
        this.swapElement = swapElement;
    }

    /**
     * The algebra of {@code Z[X]/(X^(m/2) + 1)} with plaintext modulus t, fully splitting into
     * {@code N = m/2} slots of {@code Z_t}.
     *
     * @param m a power of two in [4, 2^18]
     * @param t a prime {@code = 1 mod m} below 2^61 (65537 works for every m up to 65536; for
     *          larger m use {@code Primes.generate(bits, m)})
     * @throws InvalidDegreeException if m is a power of two outside [4, 2^18]
     * @throws UnsupportedAlgebraException if m is not a power of two, or t is an odd prime that is
     *         not {@code 1 mod m} (the slots would be {@code GF(t^d)}, d > 1)
     * @throws InvalidModulusException if t is out of range, not prime, or 2 (which divides m)
     */
    public static PAlgebra powerOfTwo(int m, long t) {
        checkM(m);
        checkT(m, t);
        int[] gens;
        int[] ords;
        int swap;
        if (m == 4) {
            gens = new int[] {3};
            ords = new int[] {2};
            swap = 3;
        } else if (m == 8) {
            gens = new int[] {3, 5};
            ords = new int[] {2, 2};
            swap = 5;
        } else {
            gens = new int[] {3, m / 2 - 1};
            ords = new int[] {m / 4, 2};
            swap = m / 2 - 1;
        }
        int n = m / 2;
        int rowLength = n / 2;
        int[] exponents = new int[n];
        long pow3 = 1;
        for (int i = 0; i < rowLength; i++) {
            exponents[i] = (int) pow3;
            exponents[rowLength + i] = (int) (pow3 * swap % m);
            pow3 = pow3 * 3 % m;
        }
        return new PAlgebra(m, t, 1, gens, ords, exponents, rowLength, swap);
    }

    private static void checkM(int m) {
        if (m > 0 && Integer.bitCount(m) != 1) {
            throw new UnsupportedAlgebraException("m = " + m + " is not a power of two: only power-of-two m "
                    + "(the rings Z[X]/(X^N+1), m = 2N) are supported yet; general m comes with issue 4");
        }
        if (m < MIN_M || m > MAX_M) {
            throw new InvalidDegreeException("m = " + m + " is out of range: need a power of two in [" + MIN_M
                    + ", " + MAX_M + "] (ring degree N = m/2 in [2, 2^17])");
        }
    }

    private static void checkT(int m, long t) {
        if (t < 2 || t >= (1L << NttTables.MAX_PRIME_BITS)) {
            throw new InvalidModulusException("plaintext modulus t = " + t + " is out of range: need a prime "
                    + "= 1 mod m below 2^" + NttTables.MAX_PRIME_BITS + ", for example Primes.generate(20, " + m + ")");
        }
        if (!Primes.isPrime(t)) {
            throw new InvalidModulusException("plaintext modulus t = " + t + " is not prime: need a prime = 1 mod m = "
                    + m + ", for example " + suggestion(m));
        }
        if (t == 2) {
            throw new InvalidModulusException("plaintext modulus t = 2 divides m = " + m + ": the power-of-two ring "
                    + "has no slots mod 2; use a prime t = 1 mod m, for example " + suggestion(m));
        }
        if ((t - 1) % m != 0) {
            int d = multiplicativeOrder(t % m, m);
            throw new UnsupportedAlgebraException("plaintext modulus t = " + t + " is not 1 mod m = " + m
                    + ": ord(t) mod m is d = " + d + ", so the slots would be GF(t^" + d + "), which comes with "
                    + "issue 4; use a prime t = 1 mod m for " + (m / 2) + " slots of Z_t, for example "
                    + suggestion(m));
        }
    }

    private static String suggestion(int m) {
        return m <= 65536 ? "t = 65537" : "t = Primes.generate(40, " + m + ") = " + Primes.generate(40, m);
    }

    private static int multiplicativeOrder(long x, int m) {
        long y = x;
        int d = 1;
        while (y != 1) {
            y = y * x % m;
            d++;
        }
        return d;
    }

    /** The cyclotomic index m (here 2N). */
    public int m() {
        return m;
    }

    /** The plaintext modulus t (HElib's p; here r = 1). */
    public long t() {
        return t;
    }

    /** {@code phi(m)}, the ring degree N. */
    public int phiM() {
        return phiM;
    }

    /** {@code d = ord(t) mod m}, the degree of each slot over {@code Z_t} (here 1). */
    public int ordP() {
        return ordP;
    }

    /** Number of slots, {@code phi(m) / d} (here N). */
    public int nSlots() {
        return exponents.length;
    }

    /** Number of hypercube dimensions (2, or 1 for m = 4). */
    public int numDims() {
        return gens.length;
    }

    /** The generator of dimension {@code dim}, an element of {@code Z_m^*}. */
    public int generator(int dim) {
        return gens[checkDim(dim)];
    }

    /** The order of dimension {@code dim} in the quotient group (its number of coordinates). */
    public int order(int dim) {
        return ords[checkDim(dim)];
    }

    /**
     * Whether dimension {@code dim} is good: {@code generator^order = 1 mod m}, so a rotation along
     * it is a single automorphism (HElib's {@code SameOrd}).
     */
    public boolean isGood(int dim) {
        return good[checkDim(dim)];
    }

    /**
     * {@code generator(dim)^steps mod m} (HElib's {@code genToPow}); negative steps use the inverse
     * of the generator. On a good dimension {@code X -> X^galoisElement(dim, k)} moves every slot
     * k coordinates back along {@code dim} (the slot at coordinate c then holds what was at
     * {@code c + k}).
     */
    public int galoisElement(int dim, int steps) {
        long g = gens[checkDim(dim)];
        long base = steps >= 0 ? g : inverseMod(g, m);
        return (int) powMod(base, Math.abs((long) steps), m);
    }

    /** Length of each of the two slot rows, {@code N/2}. */
    public int rowLength() {
        return rowLength;
    }

    /**
     * The slot index {@code s = row * rowLength() + column}.
     *
     * @param row 0 or 1
     * @param column in {@code [0, rowLength())}
     */
    public int slotIndex(int row, int column) {
        if (row < 0 || row > 1 || column < 0 || column >= rowLength) {
            throw new IndexOutOfBoundsException("slot (row " + row + ", column " + column + ") is outside the 2 x "
                    + rowLength + " hypercube of m = " + m);
        }
        return row * rowLength + column;
    }

    /**
     * The exponent {@code e(s) = 3^i * h^j mod m} of slot {@code s = j * rowLength() + i}: the slot
     * holds the evaluation of the plaintext polynomial at {@code zeta^e(s)} (HElib's
     * {@code ith_rep}).
     */
    public int slotExponent(int s) {
        if (s < 0 || s >= exponents.length) {
            throw new IndexOutOfBoundsException("slot " + s + " is not in [0, " + exponents.length + ") for m = " + m);
        }
        return exponents[s];
    }

    /**
     * The Galois element {@code 3^k mod m} (reduced to {@code 3^(k mod N/2)}) whose automorphism
     * {@code X -> X^g} rotates both rows left by k: new slot {@code (j, i)} holds old slot
     * {@code (j, i + k mod N/2)}. Negative k rotates right. For m = 4 (rows of length 1) it is 1.
     */
    public int rotateRowsElement(int k) {
        return (int) powMod(3, Math.floorMod(k, rowLength), m);
    }

    /**
     * The Galois element h whose automorphism {@code X -> X^h} swaps the two rows: new slot
     * {@code (j, i)} holds old slot {@code (1 - j, i)}. It is {@code m/2 - 1} for {@code m >= 16},
     * 5 for m = 8 and 3 for m = 4.
     */
    public int swapRowsElement() {
        return swapElement;
    }

    /** The exponent table itself, not a copy: package-private for the encoder. */
    int[] exponentTable() {
        return exponents;
    }

    private int checkDim(int dim) {
        if (dim < 0 || dim >= gens.length) {
            throw new IndexOutOfBoundsException("dimension " + dim + " is not in [0, " + gens.length + ") for m = "
                    + m);
        }
        return dim;
    }

    private static long powMod(long base, long exp, long mod) {
        long result = 1 % mod;
        long b = base % mod;
        long e = exp;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = result * b % mod;
            }
            b = b * b % mod;
            e >>>= 1;
        }
        return result;
    }

    private static long inverseMod(long a, long mod) {
        // m is a power of two and a odd: a^(phi(m) - 1) = a^-1
        return powMod(a, mod / 2 - 1, mod);
    }

    /**
     * The hypercube as HElib's {@code PAlgebra::printout} prints it (normBnd and polyNormBnd are 1
     * for power-of-two m), with {@code T} (the slot exponents in our slot order) when there are
     * fewer than 40 slots.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("m = ").append(m).append(", p = ").append(t).append(", phi(m) = ").append(phiM).append('\n');
        sb.append("  ord(p) = ").append(ordP).append('\n');
        sb.append("  normBnd = 1\n");
        sb.append("  polyNormBnd = 1\n");
        sb.append("  factors = [2]\n");
        for (int i = 0; i < gens.length; i++) {
            sb.append("  generator ").append(gens[i]).append(" has order (").append(good[i] ? "=" : "!")
                    .append("= Z_m^*) of ").append(ords[i]).append('\n');
        }
        if (exponents.length < 40) {
            sb.append("  T = [ ");
            for (int e : exponents) {
                sb.append(e).append(' ');
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PAlgebra && ((PAlgebra) o).m == m && ((PAlgebra) o).t == t;
    }

    @Override
    public int hashCode() {
        return 31 * m + Long.hashCode(t);
    }
}
