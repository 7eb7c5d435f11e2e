package io.fhe4j.nn.fixed;

import java.util.function.DoubleUnaryOperator;

/**
 * A public table of a function on k-bit signed fixed-point inputs, for {@link
 * FixedPointArithmetic#lookup}. Input: an integer index {@code i} in {@code [-2^(k-1), 2^(k-1))}
 * standing for the real {@code i / 2^inputFracBits}. Output: {@code round-half-up(f(i /
 * 2^inputFracBits) * 2^outputFracBits)}.
 *
 * <p>This is the activation of the paper's bitwise (GF(2)) representation, where a table lookup
 * on k encrypted bits is a fixed circuit. Immutable and thread-safe.
 */
public final class LookupTable {
  private final int inputBits;
  private final int inputFracBits;
  private final int outputFracBits;
  private final long[] entries;

  private LookupTable(int inputBits, int inputFracBits, int outputFracBits, long[] entries) {
    this.inputBits = inputBits;
    this.inputFracBits = inputFracBits;
    this.outputFracBits = outputFracBits;
    this.entries = entries;
  }

  /**
   * Tabulates {@code f}.
   *
   * @param inputBits k in [2, 20]
   * @param inputFracBits fractional bits of the input grid, >= 0
   * @param outputFracBits fractional bits of the entries, >= 0
   */
  public static LookupTable tabulate(DoubleUnaryOperator f, int inputBits, int inputFracBits, int outputFracBits) {
    if (inputBits < 2 || inputBits > 20) {
      throw new IllegalArgumentException("inputBits must be in [2, 20], got " + inputBits);
    }
    if (inputFracBits < 0 || outputFracBits < 0) {
      throw new IllegalArgumentException(
          "fractional bits must be >= 0, got input " + inputFracBits + ", output " + outputFracBits);
    }
    int n = 1 << inputBits;
    long[] e = new long[n];
    for (int k = 0; k < n; k++) {
      long i = k - (n >> 1);
      e[k] = Rounding.encode(f.applyAsDouble(Math.scalb((double) i, -inputFracBits)), outputFracBits);
    }
    return new LookupTable(inputBits, inputFracBits, outputFracBits, e);
  }

  public int inputBits() {
    return inputBits;
  }

  public int inputFracBits() {
    return inputFracBits;
  }

  public int outputFracBits() {
    return outputFracBits;
  }

  /** Smallest valid index, {@code -2^(k-1)}. */
  public long minIndex() {
    return -(1L << (inputBits - 1));
  }

  /** Largest valid index, {@code 2^(k-1) - 1}. */
  public long maxIndex() {
    return (1L << (inputBits - 1)) - 1;
  }

  /** The entry of index {@code i} after saturating it to [minIndex, maxIndex]. */
  public long at(long i) {
    long c = Math.max(minIndex(), Math.min(maxIndex(), i));
    return entries[(int) (c - minIndex())];
  }

  /**
   * The table output for a value {@code x} at {@code xFracBits} fractional bits: {@code
   * at(shiftRound(x, xFracBits - inputFracBits))}. Requires {@code xFracBits >= inputFracBits}.
   */
  public long apply(long x, int xFracBits) {
    return at(Rounding.shiftRound(x, xFracBits - inputFracBits));
  }
}
