package io.fhe4j.nn.bitwise;

import io.fhe4j.circuits.BinaryInt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value type of {@link BitwiseArithmetic}: a {@code rows x cols} matrix of integers, each a
 * signed two's-complement {@link BinaryInt} (one bit value per bit), all of the same width. Two
 * layouts, as in the paper:
 * <ul>
 *   <li>{@link Layout#BATCH}: a {@code B x cols} matrix of the mini-batch (activations, errors,
 *       inputs, labels) with the samples across the slots. With S slots per bit value and
 *       {@code G = B / S} groups, column c has G integers; sample {@code s = g S + t} is slot t of
 *       group g's integer ({@link #batchInt}). The paper has S = B = 60 (G = 1).
 *   <li>{@link Layout#REPLICATED}: any matrix (weights, biases, gradients) with one integer per
 *       entry, its value in every slot ({@link #entry}).
 * </ul>
 * The width is public; it is what the circuits are sized by, and it is chosen so that no
 * operation wraps (see {@link BitwiseArithmetic}).
 *
 * <p>Immutable; thread-safe if the bit values are not mutated.
 *
 * @param <B> the backend's bit value
 */
public final class BitMatrix<B> {
  /** Where the entries sit; see the class comment. */
  public enum Layout { BATCH, REPLICATED }

  private final int rows;
  private final int cols;
  private final Layout layout;
  private final int groups;
  private final int width;
  private final List<BinaryInt<B>> ints;

  /**
   * @param ints BATCH: {@code cols * groups} integers, column-major ({@code c * groups + g});
   *     REPLICATED: {@code rows * cols} integers, row-major. Copied. All signed, of one width.
   */
  BitMatrix(int rows, int cols, Layout layout, int groups, List<BinaryInt<B>> ints) {
    int expected = layout == Layout.BATCH ? cols * groups : rows * cols;
    if (ints.size() != expected) {
      throw new IllegalArgumentException(
          "a " + layout + " " + rows + "x" + cols + " matrix needs " + expected + " integers, got " + ints.size());
    }
    int w = ints.isEmpty() ? 1 : ints.get(0).width();
    for (BinaryInt<B> x : ints) {
      if (x.width() != w || !x.isSigned()) {
        throw new IllegalArgumentException("entries must be signed and of one width " + w + ", got " + x);
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.layout = layout;
    this.groups = groups;
    this.width = w;
    this.ints = Collections.unmodifiableList(new ArrayList<>(ints));
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public Layout layout() {
    return layout;
  }

  /** Integers per column in the BATCH layout (B / slots); 0 if REPLICATED. */
  public int groups() {
    return layout == Layout.BATCH ? groups : 0;
  }

  /** Bits per entry. */
  public int width() {
    return width;
  }

  /** All integers, in the layout's order (unmodifiable). */
  public List<BinaryInt<B>> ints() {
    return ints;
  }

  /** BATCH: the integer of column c, group g. */
  public BinaryInt<B> batchInt(int c, int g) {
    if (layout != Layout.BATCH) {
      throw new IllegalStateException("batchInt of a " + layout + " matrix");
    }
    return ints.get(c * groups + g);
  }

  /** REPLICATED: the integer of entry (r, c). */
  public BinaryInt<B> entry(int r, int c) {
    if (layout != Layout.REPLICATED) {
      throw new IllegalStateException("entry of a " + layout + " matrix");
    }
    return ints.get(r * cols + c);
  }

  /** Largest multiplicative depth of any bit (ANDs since the last encryption or refresh). */
  public int depth() {
    int d = 0;
    for (BinaryInt<B> x : ints) {
      d = Math.max(d, x.depth());
    }
    return d;
  }

  /** Bit values (ciphertexts in an encrypted backend) that are not public constants. */
  public long bitValues() {
    long n = 0;
    for (BinaryInt<B> x : ints) {
      for (var b : x.bits()) {
        n += b.isConstant() ? 0 : 1;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "BitMatrix[" + rows + "x" + cols + ", " + layout + (layout == Layout.BATCH ? " (" + groups + " groups)" : "")
        + ", " + width + " bits, depth " + depth() + "]";
  }
}
