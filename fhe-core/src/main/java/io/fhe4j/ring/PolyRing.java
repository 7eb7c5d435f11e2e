package io.fhe4j.ring;

import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.NttTables;
import java.math.BigInteger;

/**
 * The ring {@code R_Q = Z_Q[X]/Phi_m(X)} over an RNS basis Q of primes below 2^60, in one of two
 * shapes:
 * <ul>
 *   <li>power-of-two m = 2N ({@link #of(int, RnsBasis)}): {@code Z_Q[X]/(X^N + 1)}, primes
 *       {@code q_i = 1 mod 2N}, coefficients in the power basis, the negacyclic NTT per prime;</li>
 *   <li>odd m ({@link #general(int, RnsBasis)}): N = phi(m), primes {@code q_i = 1 mod}
 *       {@link PowerfulBasis#requiredDivisor()}, coefficients in the powerful basis, the tensor CRT
 *       transform of {@link PowerfulBasis} per prime.</li>
 * </ul>
 * Either way the evaluation form is N values per prime where products are pointwise and
 * automorphisms are permutations; {@link #transform(int)} converts one row. It creates
 * {@link DoubleCrt} elements.
 *
 * <p>Sub-rings over a prefix of the basis ({@link #prefix}, {@link #drop}) are what modulus
 * switching moves to; {@link #extend} adds primes (for example HElib's special primes).
 *
 * <p>Immutable and thread-safe.
 */
public final class PolyRing {
    /** Smallest supported ring degree, 2^MIN_LOG_N. */
    public static final int MIN_LOG_N = NttTables.MIN_LOG_N;
    /** Largest supported ring degree, 2^MAX_LOG_N. */
    public static final int MAX_LOG_N = NttTables.MAX_LOG_N;

    private final int n;
    private final int logN;
    private final RnsBasis basis;
    /** The smallest prime of the basis: coefficients below it in absolute value need no division. */
    private final long smallestPrime;
    /** Null for power-of-two rings. */
    private final PowerfulBasis powerful;
    private final NttTables[] tables;
    private final RingTransform[] transforms;
    private final PolyRing[] prefixes;

    private PolyRing(int n, RnsBasis basis, PowerfulBasis powerful) {
        this.n = n;
        this.logN = 32 - Integer.numberOfLeadingZeros(n - 1);
        this.basis = basis;
        this.smallestPrime = java.util.Arrays.stream(basis.primes()).min().getAsLong();
        this.powerful = powerful;
        this.tables = powerful == null ? new NttTables[basis.size()] : null;
        this.transforms = new RingTransform[basis.size()];
        for (int i = 0; i < transforms.length; i++) {
            if (powerful == null) {
                tables[i] = NttTables.of(basis.prime(i), logN);
                transforms[i] = new NegacyclicTransform(tables[i]);
            } else {
                transforms[i] = checkedTransform(powerful, basis.prime(i));
            }
        }
        this.prefixes = new PolyRing[basis.size()];
        prefixes[basis.size() - 1] = this;
    }

    private static RingTransform checkedTransform(PowerfulBasis powerful, long q) {
        if ((q - 1) % powerful.requiredDivisor() != 0) {
            throw new io.fhe4j.math.InvalidModulusException("prime " + q + " is not 1 mod " + powerful.requiredDivisor()
                    + ", which the CRT transform of Phi_" + powerful.m() + " needs: generate primes with Primes.generate(bits, "
                    + powerful.requiredDivisor() + ", ...)");
        }
        return powerful.transform(q);
    }

    /**
     * The ring of degree n over the given basis.
     *
     * @throws InvalidDegreeException if n is not a power of two in [2, 2^17]
     * @throws io.fhe4j.math.InvalidModulusException if a prime is not an NTT prime for n
     */
    public static PolyRing of(int n, RnsBasis basis) {
        if (n < (1 << MIN_LOG_N) || n > (1 << MAX_LOG_N) || Integer.bitCount(n) != 1) {
            throw new InvalidDegreeException("ring degree N = " + n + " is not a power of two in [2^"
                    + MIN_LOG_N + ", 2^" + MAX_LOG_N + "]");
        }
        return new PolyRing(n, basis, null);
    }

    /** The ring of degree n over the given primes. */
    public static PolyRing of(int n, long... primes) {
        return of(n, RnsBasis.of(primes));
    }

    /**
     * The ring {@code Z_Q[X]/Phi_m} for odd m, of degree {@code phi(m)}, in the powerful basis.
     *
     * @throws InvalidDegreeException if m is even or out of range (see {@link PowerfulBasis#of})
     * @throws io.fhe4j.math.InvalidModulusException if a prime is not {@code 1 mod}
     *     {@link PowerfulBasis#requiredDivisor()}
     */
    public static PolyRing general(int m, RnsBasis basis) {
        PowerfulBasis pb = PowerfulBasis.of(m);
        return new PolyRing(pb.n(), basis, pb);
    }

    /** {@link #general(int, RnsBasis)} over the given primes. */
    public static PolyRing general(int m, long... primes) {
        return general(m, RnsBasis.of(primes));
    }

    /** The cyclotomic index m: 2N for power-of-two rings. */
    public int m() {
        return powerful == null ? 2 * n : powerful.m();
    }

    /** Whether this is a power-of-two ring {@code Z_Q[X]/(X^N+1)}. */
    public boolean isPowerOfTwo() {
        return powerful == null;
    }

    /** The powerful-basis structure of an odd-m ring. */
    public PowerfulBasis powerfulBasis() {
        if (powerful == null) {
            throw new UnsupportedOperationException("the power-of-two ring of N = " + n + " has the power basis only:"
                    + " PowerfulBasis describes odd m (PolyRing.general)");
        }
        return powerful;
    }

    /** The coefficient/evaluation transform of the i-th prime. */
    public RingTransform transform(int i) {
        return transforms[i];
    }

    /** Ring degree N. */
    public int n() {
        return n;
    }

    /** log2 N (rounded up when N, for odd m, is not a power of two). */
    public int logN() {
        return logN;
    }

    /** The RNS basis Q. */
    public RnsBasis basis() {
        return basis;
    }

    /** Number of primes in the basis. */
    public int size() {
        return basis.size();
    }

    /**
     * NTT tables of the i-th prime (power-of-two rings; use {@link #transform(int)} for any ring).
     *
     * @throws UnsupportedOperationException for an odd-m ring
     */
    public NttTables tables(int i) {
        if (tables == null) {
            throw new UnsupportedOperationException("the ring of m = " + m() + " has no negacyclic NTT tables: use"
                    + " transform(i)");
        }
        return tables[i];
    }

    /** The ring over the first {@code count} primes (cached). */
    public PolyRing prefix(int count) {
        if (count < 1 || count > basis.size()) {
            throw new IllegalArgumentException("cannot keep " + count + " of " + basis.size() + " primes: need 1.."
                    + basis.size());
        }
        PolyRing r = prefixes[count - 1];
        if (r == null) {
            r = new PolyRing(n, basis.prefix(count), powerful);
            prefixes[count - 1] = r; // benign race: equal rings
        }
        return r;
    }

    /** The ring without the last {@code count} primes. */
    public PolyRing drop(int count) {
        return prefix(basis.size() - count);
    }

    /** The ring over this basis followed by {@code extra}. */
    public PolyRing extend(RnsBasis extra) {
        return new PolyRing(n, basis.concat(extra), powerful);
    }

    /** The zero element, in evaluation form. */
    public DoubleCrt zero() {
        return new DoubleCrt(this, new long[basis.size()][n], true);
    }

    /**
     * The element with the given signed integer coefficients (any long) in this ring's coefficient
     * basis (power basis for power-of-two rings, powerful basis for odd m), in evaluation form.
     *
     * @param coefficients N coefficients, not modified
     */
    public DoubleCrt fromCoefficients(long[] coefficients) {
        checkLength(coefficients.length);
        long[][] rows = new long[basis.size()][];
        long bound = absBound(coefficients);
        boolean small = bound >= 0 && bound < smallestPrime;
        Parallel.forEach(rows.length, n, i -> {
            long[] row;
            if (small) { // |c| < q: c or c + q, branch-free (C2 runs this loop on vectors)
                long q = basis.prime(i);
                row = coefficients.clone();
                for (int j = 0; j < n; j++) {
                    row[j] += (row[j] >> 63) & q;
                }
            } else {
                var mod = basis.modulus(i);
                row = new long[n];
                for (int j = 0; j < n; j++) {
                    row[j] = mod.reduce(coefficients[j]);
                }
            }
            rows[i] = row;
        });
        return new DoubleCrt(this, rows, false).toEvaluationForm();
    }

    /**
     * The bitwise OR of |c| over the values: at least max |c| and below twice it; negative if a
     * value is {@code Long.MIN_VALUE}.
     */
    private static long absBound(long[] values) {
        long or = 0;
        for (long c : values) {
            long sign = c >> 63;
            or |= (c ^ sign) - sign;
        }
        return or;
    }

    /**
     * The element whose coefficients are the centered representatives, in {@code (-t/2, t/2]}, of
     * values in [0, t) (a plaintext's coefficients mod t), in evaluation form.
     *
     * @param values N values in [0, t), not modified
     * @param t the modulus of the values, at least 2
     */
    public DoubleCrt fromCentered(long[] values, long t) {
        checkCentered(values, t);
        long[][] rows = new long[basis.size()][];
        Parallel.forEach(rows.length, n * (long) logN, i -> rows[i] = centeredRow(values, t, i));
        return new DoubleCrt(this, rows, true);
    }

    /**
     * {@code elements[k] * c} for every k as new elements in evaluation form, where c is
     * {@link #fromCentered fromCentered(values, t)}: prime by prime, c's residue row is made,
     * transformed and multiplied into every product while it is in cache (c is never whole in
     * memory, and its rows become the last product's).
     *
     * @param elements elements of this ring in evaluation form, at least one; not modified
     */
    public DoubleCrt[] multiplyCentered(long[] values, long t, DoubleCrt... elements) {
        checkCentered(values, t);
        checkOperands(elements);
        int last = elements.length - 1;
        long[][][] out = new long[elements.length][basis.size()][];
        Parallel.forEach(basis.size(), n * (long) (logN + elements.length), i -> {
            long[] c = centeredRow(values, t, i);
            var mod = basis.modulus(i);
            for (int k = 0; k < last; k++) {
                out[k][i] = new long[n];
                mod.mul(elements[k].row(i), c, out[k][i]);
            }
            mod.mul(elements[last].row(i), c, c);
            out[last][i] = c;
        });
        DoubleCrt[] products = new DoubleCrt[elements.length];
        for (int k = 0; k < products.length; k++) {
            products[k] = new DoubleCrt(this, out[k], true);
        }
        return products;
    }

    /** {@code elements[k] *= c} for every k, in place, with c as in {@link #multiplyCentered}. */
    public void multiplyCenteredInPlace(long[] values, long t, DoubleCrt... elements) {
        checkCentered(values, t);
        checkOperands(elements);
        Parallel.forEach(basis.size(), n * (long) (logN + elements.length), i -> {
            long[] c = centeredRow(values, t, i);
            var mod = basis.modulus(i);
            for (DoubleCrt e : elements) {
                mod.mul(e.row(i), c, e.row(i));
            }
        });
    }

    /** Row i of {@link #fromCentered}: the residues mod q_i, transformed. */
    private long[] centeredRow(long[] values, long t, int i) {
        long q = basis.prime(i);
        long half = t >>> 1;
        long[] row = new long[n];
        if (t <= smallestPrime) { // v or v - t + q, branch-free (C2 runs this loop on vectors)
            long lift = q - t;
            for (int j = 0; j < n; j++) {
                long v = values[j];
                row[j] = v + (((half - v) >> 63) & lift);
            }
        } else {
            var mod = basis.modulus(i);
            for (int j = 0; j < n; j++) {
                long v = values[j];
                row[j] = mod.reduce(v > half ? v - t : v);
            }
        }
        transforms[i].forward(row);
        return row;
    }

    private void checkCentered(long[] values, long t) {
        checkLength(values.length);
        if (t < 2) {
            throw new IllegalArgumentException("the modulus of centered values must be at least 2, got " + t);
        }
        int j = firstOutside(values, t);
        if (j >= 0) {
            throw new CoefficientOutOfRangeException("value " + j + " is " + values[j] + ", outside [0, " + t
                    + "): reduce the values mod " + t + " first");
        }
    }

    /** The first index of a value outside [0, bound), or -1 (a branch-free scan first: C2 runs it on vectors). */
    private static int firstOutside(long[] values, long bound) {
        long outside = 0; // sign bit set by v < 0 or v > bound - 1
        for (long v : values) {
            outside |= v | (bound - 1 - v);
        }
        if (outside < 0) {
            for (int j = 0; j < values.length; j++) {
                if (values[j] < 0 || values[j] >= bound) {
                    return j;
                }
            }
        }
        return -1;
    }

    private void checkOperands(DoubleCrt[] elements) {
        if (elements.length == 0) {
            throw new IllegalArgumentException("no elements to multiply");
        }
        if (!sameAs(elements[0].ring())) {
            throw new MismatchedBasisException("cannot multiply an element of " + elements[0].ring() + " in " + this
                    + "; switch it to this ring's primes first");
        }
        for (DoubleCrt e : elements) {
            elements[0].checkEvaluation(e, "multiply"); // same ring as the first, both in evaluation form
        }
    }

    /**
     * The element with the given integer coefficients (any sign, reduced mod Q), in evaluation form.
     * Not for hot paths: it does BigInteger work per coefficient.
     */
    public DoubleCrt fromCoefficients(BigInteger[] coefficients) {
        checkLength(coefficients.length);
        long[][] rows = new long[basis.size()][n];
        for (int j = 0; j < n; j++) {
            long[] r = basis.decompose(coefficients[j]);
            for (int i = 0; i < rows.length; i++) {
                rows[i][j] = r[i];
            }
        }
        return new DoubleCrt(this, rows, false).toEvaluationForm();
    }

    /**
     * Wraps residue rows (one per prime, each of length N, values in [0, q_i)) as an element.
     * The arrays are taken over, not copied.
     *
     * @throws CoefficientOutOfRangeException if a value is out of range
     */
    public DoubleCrt wrap(long[][] rows, boolean evaluationForm) {
        if (rows.length != basis.size()) {
            throw new MismatchedBasisException(rows.length + " residue rows given to a ring of " + basis.size()
                    + " primes");
        }
        for (int i = 0; i < rows.length; i++) {
            checkLength(rows[i].length);
            long q = basis.prime(i);
            int j = firstOutside(rows[i], q);
            if (j >= 0) {
                throw new CoefficientOutOfRangeException("residue " + rows[i][j] + " at row " + i + ", index " + j
                        + " is not in [0, " + q + ")");
            }
        }
        return new DoubleCrt(this, rows, evaluationForm);
    }

    private void checkLength(int length) {
        if (length != n) {
            throw new InvalidDegreeException(length + " coefficients given to a ring of degree " + n);
        }
    }

    /** Whether two rings have the same degree and basis. */
    public boolean sameAs(PolyRing other) {
        return this == other || other.n == n && other.powerful == powerful && other.basis.equals(basis);
    }

    @Override
    public String toString() {
        return "PolyRing(" + (powerful == null ? "" : "m=" + powerful.m() + ", ") + "N=" + n + ", " + basis + ")";
    }
}
