package io.fhe4j.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The negacyclic NTT of {@link Ntt} (same input and output order, same values), computed in
 * double precision for primes below 2^49, in a layout that Java's JIT compiler vectorizes.
 *
 * <p>Why: C2 does not vectorize 64-bit high products, so {@link Ntt} runs at the speed of a scalar
 * butterfly. Residues below 2^49 are exact in doubles, and the product {@code y w} is exact as
 * the pair {@code h = y * w}, {@code l = fma(y, w, -h)}; with {@code k = round(y * (w / q))} (off
 * by at most one), {@code fma(-k, q, h) + l} is {@code y w - k q} exactly, a representative of
 * {@code y w mod q} below 1.5q in magnitude. C2 vectorizes such a butterfly only when its two
 * operands sit in different arrays at the same index, so the N values are held as R rows of C
 * ({@code N = R C}, value {@code i} at row {@code i / C}, column {@code i % C}): the layers whose
 * pairs are at least C apart pair two rows; the others run after a transpose, on C columns of R,
 * with their twiddle factors laid out along the column.
 *
 * <p>The butterfly kernels are written out per case (with or without the reduction, one twiddle
 * or one per column entry): a branch or a call in the loop body stops C2's vectorizer.
 *
 * <p>Values are centered representatives. The forward transform reduces the inputs of every other
 * layer to below 1.5q in magnitude, so no value exceeds 4.5q (below 2^52); the inverse reduces its
 * sums in every layer. Every step stays exact. Inputs must be in
 * [0, q) and outputs are in [0, q), as for {@link Ntt}.
 *
 * <p>The rings use it for primes below 2^49 from N = 8192 when {@link Ntt} runs in scalar code
 * (without the Vector API, see {@link Ntt#vectorized()}; {@code NegacyclicTransform}).
 *
 * <p>Instances are cached per (q, N), immutable and thread-safe (per-thread scratch rows, shared by
 * the transforms of one length).
 */
public final class FmaNtt {
    /** Largest prime size this transform accepts. */
    public static final int MAX_PRIME_BITS = 49;
    /** 1.5 * 2^52: {@code (x + MAGIC) - MAGIC} rounds x to the nearest integer for |x| < 2^51. */
    private static final double MAGIC = 6755399441055744.0;

    /** Rows per block in the fused load/store transposes. */
    private static final int BLOCK = 16;

    private static final Map<Long, FmaNtt> CACHE = new ConcurrentHashMap<>();
    /** Per length: one pair of scratch layouts per thread, shared by the transforms of every prime. */
    private static final Map<Integer, ThreadLocal<double[][][]>> SCRATCH = new ConcurrentHashMap<>();

    private final long q;
    private final int n;
    private final int rows;
    private final int cols;
    private final double qd;
    private final double qInv;
    /** Forward, layers with pairs at least C apart: centered twiddle and twiddle / q, indexed as in {@link NttTables} (below N / C). */
    private final double[] fw;
    private final double[] fwq;
    /** Forward, the other layers: [layer][group of columns][row]. */
    private final double[][][] fcw;
    private final double[][][] fcwq;
    /** Inverse, the same for the inverse twiddles (entry 1 carries N^-1). */
    private final double[] iw;
    private final double[] iwq;
    private final double[][][] icw;
    private final double[][][] icwq;
    private final double nInv;
    private final double nInvQ;
    private final ThreadLocal<double[][][]> scratch;

    private FmaNtt(NttTables tables) {
        this.q = tables.modulus.value();
        this.n = tables.n;
        int logN = tables.logN;
        this.rows = 1 << (logN / 2);
        this.cols = n / rows;
        this.qd = q;
        this.qInv = 1.0 / q;
        // the layers on rows use the twiddle factors of index below N / C only; the others are in the column tables
        int rowTwiddles = n / cols;
        fw = new double[rowTwiddles];
        fwq = new double[rowTwiddles];
        iw = new double[rowTwiddles];
        iwq = new double[rowTwiddles];
        for (int i = 0; i < rowTwiddles; i++) {
            fw[i] = centered(tables.fwd[i]);
            fwq[i] = fw[i] / qd;
            iw[i] = centered(tables.inv[i]);
            iwq[i] = iw[i] / qd;
        }
        int layers = Integer.numberOfTrailingZeros(cols);
        fcw = new double[layers][][];
        fcwq = new double[layers][][];
        icw = new double[layers][][];
        icwq = new double[layers][][];
        for (int layer = 0, t = cols >>> 1; t >= 1; layer++, t >>>= 1) {
            int m = n / (2 * t);
            int groups = cols / (2 * t);
            fcw[layer] = new double[groups][rows];
            fcwq[layer] = new double[groups][rows];
            icw[layer] = new double[groups][rows];
            icwq[layer] = new double[groups][rows];
            for (int g = 0; g < groups; g++) {
                for (int r = 0; r < rows; r++) {
                    int i = m + r * groups + g;
                    double f = centered(tables.fwd[i]);
                    double v = centered(tables.inv[i]);
                    fcw[layer][g][r] = f;
                    fcwq[layer][g][r] = f / qd;
                    icw[layer][g][r] = v;
                    icwq[layer][g][r] = v / qd;
                }
            }
        }
        nInv = centered(tables.nInv);
        nInvQ = nInv / qd;
        int r = rows;
        int c = cols;
        this.scratch = SCRATCH.computeIfAbsent(logN,
                k -> ThreadLocal.withInitial(() -> new double[][][] {new double[r][c], new double[c][r]}));
    }

    /**
     * The shared instance for prime q and length 2^logN.
     *
     * @throws InvalidModulusException if q is not an NTT prime for 2N below 2^49
     * @throws InvalidDegreeException if logN is outside [2, 17]
     */
    public static FmaNtt of(long q, int logN) {
        if (logN < 2 || logN > NttTables.MAX_LOG_N) {
            throw new InvalidDegreeException("FMA NTT length 2^" + logN + " is not supported: need 2^2 .. 2^"
                    + NttTables.MAX_LOG_N);
        }
        if (q >= (1L << MAX_PRIME_BITS)) {
            throw new InvalidModulusException("FMA NTT modulus " + q + " has " + (64 - Long.numberOfLeadingZeros(q))
                    + " bits: doubles hold the butterflies exactly only below 2^" + MAX_PRIME_BITS + "; use Ntt");
        }
        NttTables tables = NttTables.of(q, logN);
        return CACHE.computeIfAbsent(q * 32 + logN, k -> new FmaNtt(tables));
    }

    /** Whether this transform serves primes of this size. */
    public static boolean supports(long q) {
        return q > 2 && q < (1L << MAX_PRIME_BITS);
    }

    private double centered(long adjusted) {
        long w = adjusted < 0 ? adjusted + q : adjusted; // NttTables stores w or w - q
        return w > q / 2 ? w - q : w;
    }

    /** Forward transform in place: the same result as {@link Ntt#forward}. */
    public void forward(long[] a) {
        checkLength(a);
        double[][][] s = scratch.get();
        double[][] byRow = s[0];
        double[][] byCol = s[1];
        load(a, byRow);
        int m = 1;
        int t = n >>> 1;
        for (; t >= cols; m <<= 1, t >>>= 1) {
            boolean reduce = (Integer.numberOfTrailingZeros(t) & 1) == 0;
            int dr = t / cols;
            for (int i = 0; i < m; i++) {
                for (int r = 2 * i * dr; r < (2 * i + 1) * dr; r++) {
                    if (reduce) {
                        ctReduce(byRow[r], byRow[r + dr], fw[m + i], fwq[m + i]);
                    } else {
                        ct(byRow[r], byRow[r + dr], fw[m + i], fwq[m + i]);
                    }
                }
            }
        }
        transpose(byRow, byCol);
        for (int layer = 0; t >= 1; layer++, t >>>= 1) {
            boolean reduce = (Integer.numberOfTrailingZeros(t) & 1) == 0;
            for (int c = 0; c < cols; c++) {
                if ((c & t) == 0) {
                    int g = c / (2 * t);
                    if (reduce) {
                        ctVectorReduce(byCol[c], byCol[c + t], fcw[layer][g], fcwq[layer][g]);
                    } else {
                        ctVector(byCol[c], byCol[c + t], fcw[layer][g], fcwq[layer][g]);
                    }
                }
            }
        }
        storeColumns(byCol, a);
    }

    /** Inverse transform in place: the same result as {@link Ntt#inverse}. */
    public void inverse(long[] a) {
        checkLength(a);
        double[][][] s = scratch.get();
        double[][] byRow = s[0];
        double[][] byCol = s[1];
        loadColumns(a, byCol);
        int layers = fcw.length;
        int t = 1;
        for (int layer = layers - 1; layer >= 0; layer--, t <<= 1) {
            for (int c = 0; c < cols; c++) {
                if ((c & t) == 0) {
                    int g = c / (2 * t);
                    gsVector(byCol[c], byCol[c + t], icw[layer][g], icwq[layer][g]);
                }
            }
        }
        transpose(byCol, byRow);
        for (; t < n; t <<= 1) {
            int h = n / (2 * t);
            int dr = t / cols;
            for (int i = 0; i < h; i++) {
                for (int r = 2 * i * dr; r < (2 * i + 1) * dr; r++) {
                    if (h == 1) {
                        gsLast(byRow[r], byRow[r + dr], iw[1], iwq[1]);
                    } else {
                        gs(byRow[r], byRow[r + dr], iw[h + i], iwq[h + i]);
                    }
                }
            }
        }
        store(byRow, a); // R >= 2, so the last layer (pairs N/2 apart, with N^-1) always ran on rows
    }

    /** Cooley-Tukey butterflies between two rows with one twiddle factor, the first inputs reduced first. */
    private void ctReduce(double[] x, double[] y, double w, double wq) {
        double q = qd;
        double qi = qInv;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double h = v * w;
            double l = Math.fma(v, w, -h);
            double e = (v * wq + MAGIC) - MAGIC;
            double p = Math.fma(-e, q, h) + l;                    // v w mod q, |p| < 1.5q
            u -= ((u * qi + MAGIC) - MAGIC) * q;                  // |u| < 1.5q
            x[k] = u + p;
            y[k] = u - p;
        }
    }

    /** {@link #ctReduce} without the reduction of the first inputs. */
    private void ct(double[] x, double[] y, double w, double wq) {
        double q = qd;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double h = v * w;
            double l = Math.fma(v, w, -h);
            double e = (v * wq + MAGIC) - MAGIC;
            double p = Math.fma(-e, q, h) + l;
            x[k] = u + p;
            y[k] = u - p;
        }
    }

    /** Cooley-Tukey butterflies between two columns, twiddle factors along the column, first inputs reduced. */
    private void ctVectorReduce(double[] x, double[] y, double[] w, double[] wq) {
        double q = qd;
        double qi = qInv;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double wk = w[k];
            double h = v * wk;
            double l = Math.fma(v, wk, -h);
            double e = (v * wq[k] + MAGIC) - MAGIC;
            double p = Math.fma(-e, q, h) + l;
            u -= ((u * qi + MAGIC) - MAGIC) * q;
            x[k] = u + p;
            y[k] = u - p;
        }
    }

    /** {@link #ctVectorReduce} without the reduction of the first inputs. */
    private void ctVector(double[] x, double[] y, double[] w, double[] wq) {
        double q = qd;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double wk = w[k];
            double h = v * wk;
            double l = Math.fma(v, wk, -h);
            double e = (v * wq[k] + MAGIC) - MAGIC;
            double p = Math.fma(-e, q, h) + l;
            x[k] = u + p;
            y[k] = u - p;
        }
    }

    /** Gentleman-Sande butterflies between two rows: (u + v reduced, (u - v) w). */
    private void gs(double[] x, double[] y, double w, double wq) {
        double q = qd;
        double qi = qInv;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double s = u + v;
            double d = u - v;
            x[k] = s - ((s * qi + MAGIC) - MAGIC) * q;
            double h = d * w;
            double l = Math.fma(d, w, -h);
            double e = (d * wq + MAGIC) - MAGIC;
            y[k] = Math.fma(-e, q, h) + l;
        }
    }

    /** Gentleman-Sande butterflies between two columns, twiddle factors along the column. */
    private void gsVector(double[] x, double[] y, double[] w, double[] wq) {
        double q = qd;
        double qi = qInv;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double s = u + v;
            double d = u - v;
            x[k] = s - ((s * qi + MAGIC) - MAGIC) * q;
            double wk = w[k];
            double h = d * wk;
            double l = Math.fma(d, wk, -h);
            double e = (d * wq[k] + MAGIC) - MAGIC;
            y[k] = Math.fma(-e, q, h) + l;
        }
    }

    /** The last Gentleman-Sande layer: (u + v) N^-1 and (u - v) w, with w carrying N^-1. */
    private void gsLast(double[] x, double[] y, double w, double wq) {
        double q = qd;
        double ni = nInv;
        double niq = nInvQ;
        for (int k = 0; k < x.length; k++) {
            double u = x[k];
            double v = y[k];
            double s = u + v;
            double d = u - v;
            double h = s * ni;
            double l = Math.fma(s, ni, -h);
            double e = (s * niq + MAGIC) - MAGIC;
            x[k] = Math.fma(-e, q, h) + l;
            h = d * w;
            l = Math.fma(d, w, -h);
            e = (d * wq + MAGIC) - MAGIC;
            y[k] = Math.fma(-e, q, h) + l;
        }
    }

    private void load(long[] a, double[][] byRow) {
        for (int r = 0, i = 0; r < rows; r++) {
            double[] row = byRow[r];
            for (int c = 0; c < cols; c++, i++) {
                row[c] = a[i];
            }
        }
    }

    /** Value i of a into column i % C, row i / C of the transposed layout (load and transpose in one pass). */
    private void loadColumns(long[] a, double[][] byCol) {
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            for (int c = 0; c < cols; c++) {
                double[] col = byCol[c];
                for (int r = r0, end = Math.min(rows, r0 + BLOCK); r < end; r++) {
                    col[r] = a[r * cols + c];
                }
            }
        }
    }

    /** Back to [0, q): each value is an exact integer below 4.5q in magnitude; its centered residue is below q/2 + 1. */
    private void store(double[][] byRow, long[] a) {
        for (int r = 0, i = 0; r < rows; r++) {
            double[] row = byRow[r];
            for (int c = 0; c < cols; c++, i++) {
                a[i] = canonical(row[c]);
            }
        }
    }

    /** {@link #store} from the transposed layout (transpose and store in one pass). */
    private void storeColumns(double[][] byCol, long[] a) {
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            for (int c = 0; c < cols; c++) {
                double[] col = byCol[c];
                for (int r = r0, end = Math.min(rows, r0 + BLOCK); r < end; r++) {
                    a[r * cols + c] = canonical(col[r]);
                }
            }
        }
    }

    private long canonical(double v) {
        long x = (long) (v - ((v * qInv + MAGIC) - MAGIC) * qd);
        return x + ((x >> 63) & q);
    }

    private static void transpose(double[][] src, double[][] dst) {
        int rs = src.length;
        int cs = src[0].length;
        int b = Math.min(16, Math.min(rs, cs));
        for (int r0 = 0; r0 < rs; r0 += b) {
            for (int c0 = 0; c0 < cs; c0 += b) {
                for (int r = r0; r < r0 + b; r++) {
                    double[] s = src[r];
                    for (int c = c0; c < c0 + b; c++) {
                        dst[c][r] = s[c];
                    }
                }
            }
        }
    }

    private void checkLength(long[] a) {
        if (a.length != n) {
            throw new InvalidDegreeException("array of length " + a.length + " given to an NTT of length " + n);
        }
    }
}
