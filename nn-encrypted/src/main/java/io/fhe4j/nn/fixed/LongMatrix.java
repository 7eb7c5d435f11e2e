package io.fhe4j.nn.fixed;

import java.util.Arrays;

/**
 * A dense {@code rows x cols} matrix of fixed-point integers in row-major order: the value type
 * of {@link PlainArithmetic}. Rows are samples of a mini-batch (or output units, for weights),
 * columns are units (or input features).
 *
 * <p>Invariants: {@code data.length == rows * cols}; every entry is in {@code (-2^62, 2^62)};
 * {@code maxAbs} is the largest |entry|; {@code depth} is the number of ciphertext-by-ciphertext
 * multiplications on the longest path since the last rescale or encoding (what an encrypted
 * implementation would spend in levels). Immutable by convention: {@link #data()} exposes the
 * array for speed and callers must not modify it. Thread-safe under that convention.
 */
public final class LongMatrix {
  /** Largest magnitude (exclusive) of any value. */
  public static final long BOUND = 1L << 62;

  private final int rows;
  private final int cols;
  private final long[] data;
  private final long maxAbs;
  private final int depth;

  /** Wraps {@code data} (not copied) and checks the bound. */
  public LongMatrix(int rows, int cols, long[] data, int depth) {
    if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "a " + rows + " x " + cols + " matrix needs " + (long) rows * cols + " entries, got " + data.length);
    }
    long m = 0;
    for (long v : data) {
      long a = Math.abs(v);
      if (a >= BOUND || v == Long.MIN_VALUE) {
        throw new FixedPointOverflowException("value " + v + " is outside (-2^62, 2^62)");
      }
      m = Math.max(m, a);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.maxAbs = m;
    this.depth = depth;
  }

  /** A depth-0 copy of a 2-D array. */
  public static LongMatrix of(long[][] values) {
    int r = values.length;
    int c = r == 0 ? 0 : values[0].length;
    long[] d = new long[r * c];
    for (int i = 0; i < r; i++) {
      if (values[i].length != c) {
        throw new IllegalArgumentException("row " + i + " has " + values[i].length + " entries, row 0 has " + c);
      }
      System.arraycopy(values[i], 0, d, i * c, c);
    }
    return new LongMatrix(r, c, d, 0);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Entry (r, c). */
  public long get(int r, int c) {
    return data[r * cols + c];
  }

  /** The backing row-major array; do not modify. */
  public long[] data() {
    return data;
  }

  /** Largest |entry|. */
  public long maxAbs() {
    return maxAbs;
  }

  /** Ciphertext-by-ciphertext multiplications since the last rescale or encoding. */
  public int depth() {
    return depth;
  }

  /** A copy as a 2-D array. */
  public long[][] toArray() {
    long[][] a = new long[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(data, i * cols, a[i], 0, cols);
    }
    return a;
  }

  /** Same shape and entries (depth is metadata and ignored). */
  @Override
  public boolean equals(Object o) {
    return o instanceof LongMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "LongMatrix[" + rows + "x" + cols + ", maxAbs=" + maxAbs + ", depth=" + depth + "]";
  }
}
