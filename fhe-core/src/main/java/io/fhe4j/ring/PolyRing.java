package io.fhe4j.ring;

import io.fhe4j.math.InvalidDegreeException;
import io.fhe4j.math.NttTables;
import java.math.BigInteger;

/**
 * The ring {@code R_Q = Z_Q[X]/(X^N + 1)} for a power-of-two N and an RNS basis Q of NTT primes
 * ({@code q_i = 1 mod 2N}, {@code q_i < 2^60}). It holds the NTT tables of every prime and
 * creates {@link DoubleCrt} elements.
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
    private final NttTables[] tables;
    private final PolyRing[] prefixes;

    private PolyRing(int n, RnsBasis basis) {
        this.n = n;
        this.logN = Integer.numberOfTrailingZeros(n);
        this.basis = basis;
        this.tables = new NttTables[basis.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = NttTables.of(basis.prime(i), logN);
        }
        this.prefixes = new PolyRing[basis.size()];
        prefixes[basis.size() - 1] = this;
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
        return new PolyRing(n, basis);
    }

    /** The ring of degree n over the given primes. */
    public static PolyRing of(int n, long... primes) {
        return of(n, RnsBasis.of(primes));
    }

    /** Ring degree N. */
    public int n() {
        return n;
    }

    /** log2 N. */
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

    /** NTT tables of the i-th prime. */
    public NttTables tables(int i) {
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
            r = new PolyRing(n, basis.prefix(count));
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
        return new PolyRing(n, basis.concat(extra));
    }

    /** The zero element, in evaluation form. */
    public DoubleCrt zero() {
        return new DoubleCrt(this, new long[basis.size()][n], true);
    }

    /**
     * The element with the given signed integer coefficients (any long), in evaluation form.
     *
     * @param coefficients N coefficients, not modified
     */
    public DoubleCrt fromCoefficients(long[] coefficients) {
        checkLength(coefficients.length);
        long[][] rows = new long[basis.size()][n];
        Parallel.forEach(rows.length, n, i -> {
            var mod = basis.modulus(i);
            long[] row = rows[i];
            for (int j = 0; j < n; j++) {
                row[j] = mod.reduce(coefficients[j]);
            }
        });
        return new DoubleCrt(this, rows, false).toEvaluationForm();
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
            for (int j = 0; j < n; j++) {
                if (rows[i][j] < 0 || rows[i][j] >= q) {
                    throw new CoefficientOutOfRangeException("residue " + rows[i][j] + " at row " + i + ", index " + j
                            + " is not in [0, " + q + ")");
                }
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
        return this == other || other.n == n && other.basis.equals(basis);
    }

    @Override
    public String toString() {
        return "PolyRing(N=" + n + ", " + basis + ")";
    }
}
