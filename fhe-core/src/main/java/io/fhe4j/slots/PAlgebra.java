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
 * <p>Two factories. {@link #powerOfTwo}: {@code m = 2N}, N a power of two, t a prime {@code = 1 mod
 * m}, so {@code ordP = d = 1} and there are N slots of {@code Z_t}, laid out in two rows (below).
 * {@link #general}: any m and any prime p not dividing m, {@code d = ord_m(p)}, {@code phi(m)/d}
 * slots of {@code GF(p^d)} (or of a Galois ring mod {@code p^r}, see {@link GeneralSlotEncoder}),
 * with HElib's generators and HElib's slot order (below). The hypercube accessors
 * ({@link #generator}, {@link #order}, {@link #isGood}, {@link #galoisElement},
 * {@link #slotExponent}, {@link #coordinate}, {@link #slotAt}, {@link #addCoordinate},
 * {@link #slotOfElement}) work for both; the row methods ({@link #rowLength()},
 * {@link #rotateRowsElement(int)}, {@link #swapRowsElement()}, {@link #slotIndex(int, int)})
 * describe the power-of-two layout only and throw {@link UnsupportedAlgebraException} for a
 * general algebra.
 *
 * <h2>The general hypercube ({@link #general})</h2>
 * Generators and orders are chosen as HElib 2.x's {@code findGenerators} does (see
 * {@link HypercubeGenerators}); a dimension is good when {@code g^order = 1 mod m}. Slots are
 * numbered as HElib numbers them: slot s has coordinates {@code (c_0, ..., c_(n-1))} in row-major
 * order (dimension 0 most significant, {@code s = sum c_i * prod_(j > i) order(j)}) and
 * representative {@code e(s) = prod g_i^(c_i) mod m} (HElib's {@code T[s]}). Every unit u of
 * {@code Z_m} is {@code e(s) * p^k} for exactly one slot s ({@link #slotOfElement}) and
 * {@code k in [0, d)} ({@link #frobeniusPowerOf}). Slot s holds the value of the plaintext at
 * {@code zeta^e(s)} for the primitive m-th root zeta fixed by {@code CyclotomicFactorization} (a
 * root of the factor of {@code Phi_m mod p} that is smallest in HElib's order); so
 * {@code X -> X^(g^k)} along a good dimension moves every slot k coordinates back (slot c then
 * holds what was at {@code c + k}), as for power-of-two m. HElib itself assigns to slot s the
 * factor with root {@code zeta^(1/e(s))} ({@code PAlgebraModDerived}: "Ft is minimal poly of
 * x^{1/t} mod F1"), under which the same automorphism moves slots forward; the two conventions
 * differ by inverting the representatives.
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

    /** Largest m accepted by {@link #general}. */
    public static final int MAX_GENERAL_M = 1 << 20;

    private final int m;
    private final long t;
    private final int phiM;
    private final int ordP;
    private final int[] gens;
    private final int[] ords;
    private final boolean[] good;
    /** HElib's FrobPerturb: k with g^order = p^k mod m, 0 for good dimensions, -1 if not in <p>. */
    private final int[] frobPerturb;
    /** e(s) for every slot s, the layout described above. */
    private final int[] exponents;
    /** Slot index = sum coordinate(dim) * strides[dim]. */
    private final int[] strides;
    /** For each unit u of Z_m: the slot whose coset e(s) p^k contains u, and k; -1 for non-units. */
    private final int[] slotOfUnit;
    private final int[] frobOfUnit;
    /** Whether this is the power-of-two two-row layout (row methods available). */
    private final boolean rows;
    private final int rowLength;
    private final int swapElement;

    private PAlgebra(int m, long t, int phiM, int ordP, int[] gens, int[] ords, int[] exponents, int[] strides,
                     boolean rows, int rowLength, int swapElement) {
        this.m = m;
        this.t = t;
        this.phiM = phiM;
        this.ordP = ordP;
        this.gens = gens;
        this.ords = ords;
        this.good = new boolean[gens.length];
        this.frobPerturb = new int[gens.length];
        long pm = Math.floorMod(t, (long) m);
        for (int i = 0; i < gens.length; i++) {
            long y = HypercubeGenerators.powMod(gens[i], ords[i], m);
            good[i] = y == 1;
            frobPerturb[i] = -1;
            long x = 1 % m;
            for (int k = 0; k < ordP; k++) {
                if (x == y) {
                    frobPerturb[i] = k;
                    break;
                }
                x = x * pm % m;
            }
        }
        this.exponents = exponents;
        this.strides = strides;
        this.slotOfUnit = new int[m];
        this.frobOfUnit = new int[m];
        java.util.Arrays.fill(slotOfUnit, -1);
        java.util.Arrays.fill(frobOfUnit, -1);
        for (int s = 0; s < exponents.length; s++) {
            long x = exponents[s];
            for (int k = 0; k < ordP; k++) {
                if (slotOfUnit[(int) x] >= 0) {
                    throw new InvalidHypercubeException("generators " + java.util.Arrays.toString(gens) + " with orders "
                            + java.util.Arrays.toString(ords) + " do not describe Z_" + m + "^*/<" + t + ">: slots "
                            + slotOfUnit[(int) x] + " and " + s + " both contain " + x);
                }
                slotOfUnit[(int) x] = s;
                frobOfUnit[(int) x] = k;
                x = x * pm % m;
            }
        }
        this.rows = rows;
        this.rowLength = rowLength;
        this.swapElement = swapElement;
    }

    /**
     * The algebra of {@code Z[X]/(X^(m/2) + 1)} with plaintext modulus t, fully splitting into
     * {@code N = m/2} slots of {@code Z_t}.
     *
     * @param m a power of two in [4, 2^18]
     * @param t a prime {@code = 1 mod m} below 2^60 (65537 works for every m up to 65536; for
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
        int[] strides = gens.length == 1 ? new int[] {1} : new int[] {1, rowLength};
        return new PAlgebra(m, t, n, 1, gens, ords, exponents, strides, true, rowLength, swap);
    }

    /**
     * The algebra of {@code Z[X]/Phi_m(X)} with plaintext prime p, for any m: {@code d = ord_m(p)},
     * {@code phi(m)/d} slots, HElib's generators, orders and slot order (see the class comment).
     * For power-of-two m this is HElib's hypercube in HElib's slot order, not the two-row layout of
     * {@link #powerOfTwo}.
     *
     * @param m the cyclotomic index, {@code 2 <= m <= 2^20}
     * @param p a prime not dividing m, below 2^62 (2 is fine for odd m)
     * @throws InvalidDegreeException if m is out of range
     * @throws InvalidModulusException if p is not prime or divides m
     */
    public static PAlgebra general(int m, long p) {
        return build(m, p, null, null);
    }

    /**
     * The algebra with user-chosen generators and orders, as HElib's {@code PAlgebra(m, p, gens,
     * ords)} when both are given (HElib's bootstrapping tables do this, for example m = 31775 with
     * gens {6976, 24806} and ords {40, 30}). The slot order is the same row-major order as for
     * {@link #general(int, long)}; good and bad dimensions are computed.
     *
     * @param gens the generators, units modulo m
     * @param ords their orders in the hypercube (positive; HElib's legacy negative orders are
     *             accepted and read as their absolute value)
     * @throws InvalidHypercubeException if they do not index {@code Z_m^* / <p>} exactly once
     * @see #general(int, long)
     */
    public static PAlgebra general(int m, long p, int[] gens, int[] ords) {
        if (gens.length != ords.length || gens.length == 0) {
            throw new InvalidHypercubeException(gens.length + " generators and " + ords.length
                    + " orders given for m = " + m + ": need equally many, at least one");
        }
        int[] o = new int[ords.length];
        for (int i = 0; i < ords.length; i++) {
            o[i] = Math.abs(ords[i]);
            if (o[i] == 0 || Primes.gcd(Math.floorMod(gens[i], m), m) != 1) {
                throw new InvalidHypercubeException("generator " + gens[i] + " with order " + ords[i]
                        + " is not usable for m = " + m + ": need a unit modulo m and a nonzero order");
            }
        }
        return build(m, p, gens.clone(), o);
    }

    private static PAlgebra build(int m, long p, int[] givenGens, int[] givenOrds) {
        if (m < 2 || m > MAX_GENERAL_M) {
            throw new InvalidDegreeException("m = " + m + " is out of range: need 2 <= m <= " + MAX_GENERAL_M);
        }
        if (p < 2 || p >= (1L << 62) || !Primes.isPrime(p)) {
            throw new InvalidModulusException("plaintext modulus p = " + p + " is not a prime below 2^62: HElib's "
                    + "PAlgebra needs a prime p (the slots are GF(p^d); use r for p^r)");
        }
        if (m % p == 0) {
            throw new InvalidModulusException("plaintext prime p = " + p + " divides m = " + m
                    + ": Phi_m mod p is not squarefree; choose p coprime to m");
        }
        int[] gens;
        int[] ords;
        int ordP;
        if (givenGens == null) {
            HypercubeGenerators.Result hc = HypercubeGenerators.find(m, p);
            gens = hc.gens();
            ords = hc.ords();
            ordP = hc.ordP();
        } else {
            gens = new int[givenGens.length];
            for (int i = 0; i < gens.length; i++) {
                gens[i] = Math.floorMod(givenGens[i], m);
            }
            ords = givenOrds;
            ordP = io.fhe4j.math.Cyclotomic.multiplicativeOrder(p, m);
            long product = ordP;
            for (int o : ords) {
                product *= o;
            }
            int phi = io.fhe4j.math.Cyclotomic.eulerPhi(m);
            if (product != phi) {
                throw new InvalidHypercubeException("orders " + java.util.Arrays.toString(givenOrds) + " times d = "
                        + ordP + " give " + product + ", not phi(" + m + ") = " + phi + " (generators "
                        + java.util.Arrays.toString(givenGens) + ", p = " + p + ")");
            }
        }
        int dims = gens.length;
        int[] strides = new int[dims];
        int nSlots = 1;
        for (int i = dims - 1; i >= 0; i--) {
            strides[i] = nSlots;
            nSlots *= ords[i];
        }
        int[] exponents = new int[nSlots];
        for (int s = 0; s < nSlots; s++) {
            long e = 1;
            for (int i = 0; i < dims; i++) {
                int c = (s / strides[i]) % ords[i];
                e = e * HypercubeGenerators.powMod(gens[i], c, m) % m;
            }
            exponents[s] = (int) e;
        }
        return new PAlgebra(m, p, ordP * nSlots, ordP, gens, ords, exponents, strides, false, 0, 0);
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

    /** The plaintext prime p, the same as {@link #t()} (HElib's name). */
    public long p() {
        return t;
    }

    /** Whether this algebra has the power-of-two two-row layout of {@link #powerOfTwo}. */
    public boolean hasRowLayout() {
        return rows;
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
        return (int) HypercubeGenerators.powMod(base, Math.abs((long) steps), m);
    }

    /** Length of each of the two slot rows, {@code N/2} (power-of-two layout only). */
    public int rowLength() {
        requireRows("rowLength()");
        return rowLength;
    }

    /**
     * The slot index {@code s = row * rowLength() + column}.
     *
     * @param row 0 or 1
     * @param column in {@code [0, rowLength())}
     */
    public int slotIndex(int row, int column) {
        requireRows("slotIndex(row, column)");
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
        requireRows("rotateRowsElement(k)");
        return (int) HypercubeGenerators.powMod(3, Math.floorMod(k, rowLength), m);
    }

    /**
     * The Galois element h whose automorphism {@code X -> X^h} swaps the two rows: new slot
     * {@code (j, i)} holds old slot {@code (1 - j, i)}. It is {@code m/2 - 1} for {@code m >= 16},
     * 5 for m = 8 and 3 for m = 4.
     */
    public int swapRowsElement() {
        requireRows("swapRowsElement()");
        return swapElement;
    }

    /** The exponent table itself, not a copy: package-private for the encoder. */
    int[] exponentTable() {
        requireRows("the NTT encoder PAlgebraMod (use GeneralSlotEncoder)");
        return exponents;
    }

    private int checkDim(int dim) {
        if (dim < 0 || dim >= gens.length) {
            throw new IndexOutOfBoundsException("dimension " + dim + " is not in [0, " + gens.length + ") for m = "
                    + m);
        }
        return dim;
    }

    private static long inverseMod(long a, long mod) {
        return java.math.BigInteger.valueOf(a).modInverse(java.math.BigInteger.valueOf(mod)).longValue();
    }

    private void requireRows(String what) {
        if (!rows) {
            throw new UnsupportedAlgebraException(what + " describes the two-row layout of power-of-two m built by "
                    + "PAlgebra.powerOfTwo; this algebra (m = " + m + ", p = " + t + ", " + gens.length
                    + " dimensions) is general: use coordinate, slotAt, addCoordinate and galoisElement");
        }
    }

    /**
     * HElib's {@code FrobPerturb(dim)}: the k in {@code [0, d)} with {@code g^order = p^k mod m},
     * 0 exactly for good dimensions, -1 when {@code g^order} is not a power of p (printed "!!").
     */
    public int frobeniusPerturbation(int dim) {
        return frobPerturb[checkDim(dim)];
    }

    /** The coordinate of slot s along dimension dim, in {@code [0, order(dim))}. */
    public int coordinate(int s, int dim) {
        checkSlot(s);
        return (s / strides[checkDim(dim)]) % ords[dim];
    }

    /** All coordinates of slot s, indexed by dimension. */
    public int[] coordinates(int s) {
        int[] c = new int[gens.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = coordinate(s, i);
        }
        return c;
    }

    /**
     * The slot with the given coordinates ({@code coordinates[dim]} in {@code [0, order(dim))}).
     * For power-of-two m, dimension 0 is the column and dimension 1 the row.
     */
    public int slotAt(int[] coordinates) {
        if (coordinates.length != gens.length) {
            throw new IllegalArgumentException(coordinates.length + " coordinates given for a hypercube of "
                    + gens.length + " dimensions (m = " + m + ")");
        }
        int s = 0;
        for (int i = 0; i < coordinates.length; i++) {
            if (coordinates[i] < 0 || coordinates[i] >= ords[i]) {
                throw new IndexOutOfBoundsException("coordinate " + coordinates[i] + " of dimension " + i
                        + " is not in [0, " + ords[i] + ") for m = " + m);
            }
            s += coordinates[i] * strides[i];
        }
        return s;
    }

    /**
     * HElib's {@code addCoord}: the slot reached from s by adding offset (any sign) to its
     * coordinate along dim, modulo {@code order(dim)}.
     */
    public int addCoordinate(int s, int dim, int offset) {
        int c = coordinate(s, dim);
        int c1 = Math.floorMod(c + offset, ords[dim]);
        return s + (c1 - c) * strides[dim];
    }

    /**
     * The slot s whose coset {@code e(s) <p>} contains the unit u (HElib's {@code Tidx} extended
     * to all of {@code Z_m^*}).
     *
     * @throws IllegalArgumentException if u is not a unit modulo m
     */
    public int slotOfElement(long u) {
        int x = (int) Math.floorMod(u, (long) m);
        if (slotOfUnit[x] < 0) {
            throw new IllegalArgumentException(u + " is not a unit modulo m = " + m);
        }
        return slotOfUnit[x];
    }

    /** The k in {@code [0, d)} with {@code u = e(slotOfElement(u)) * p^k mod m}. */
    public int frobeniusPowerOf(long u) {
        slotOfElement(u);
        return frobOfUnit[(int) Math.floorMod(u, (long) m)];
    }

    /** {@code p^k mod m}, the Galois element of the k-th power of Frobenius (k of any sign). */
    public int frobeniusElement(int k) {
        long pm = Math.floorMod(t, (long) m);
        long base = k >= 0 ? pm : inverseMod(pm, m);
        return (int) HypercubeGenerators.powMod(base, Math.abs((long) k), m);
    }

    private void checkSlot(int s) {
        if (s < 0 || s >= exponents.length) {
            throw new IndexOutOfBoundsException("slot " + s + " is not in [0, " + exponents.length + ") for m = " + m);
        }
    }

    /**
     * The hypercube as HElib's {@code PAlgebra::printout} prints it, with {@code T} (the slot
     * exponents in our slot order) when there are fewer than 40 slots. normBnd is HElib's
     * {@code prod 2 cot(pi/(2u))/u} over the odd primes u of m (1 for power-of-two m); polyNormBnd
     * is printed only where it equals that closed form (at most one odd prime), because HElib's
     * general computation ({@code calcPolyNormBnd}) is not reproduced here.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("m = ").append(m).append(", p = ").append(t).append(", phi(m) = ").append(phiM).append('\n');
        sb.append("  ord(p) = ").append(ordP).append('\n');
        long[] primes = Primes.primeFactors(m);
        double norm = 1;
        int oddPrimes = 0;
        for (long u : primes) {
            if (u != 2) {
                norm *= 2.0 / Math.tan(Math.PI / (2.0 * u)) / u;
                oddPrimes++;
            }
        }
        sb.append("  normBnd = ").append(cppDouble(norm)).append('\n');
        if (oddPrimes <= 1) {
            sb.append("  polyNormBnd = ").append(cppDouble(norm)).append('\n');
        }
        sb.append("  factors = [");
        for (int i = 0; i < primes.length; i++) {
            sb.append(i == 0 ? "" : " ").append(primes[i]);
        }
        sb.append("]\n");
        for (int i = 0; i < gens.length; i++) {
            String rel = frobPerturb[i] == 0 ? "=" : frobPerturb[i] > 0 ? "!" : "!!";
            sb.append("  generator ").append(gens[i]).append(" has order (").append(rel)
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

    /** A double as C++'s default stream output prints it (6 significant digits, no trailing zeros). */
    private static String cppDouble(double x) {
        java.math.BigDecimal b = new java.math.BigDecimal(x).round(new java.math.MathContext(6));
        return b.stripTrailingZeros().toPlainString();
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
