package io.fhe4j.nn;

/**
 * The sigmoid evaluated by table lookup on a k-bit signed fixed-point input, as in the paper's
 * bitwise representation: the input is rounded to {@code inputFracBits} fractional bits (round
 * half up), saturated to the k-bit range {@code [-2^(k-1), 2^(k-1) - 1]} (in units of
 * {@code 2^-inputFracBits}), and the table holds the sigmoid and its derivative at those grid
 * points. The float version returns the table entries unrounded; {@link
 * io.fhe4j.nn.fixed.LookupTable} rounds them to the fixed-point output scale.
 *
 * <p>Immutable and thread-safe.
 */
public final class TableSigmoid implements Activation {
  private final int inputBits;
  private final int inputFracBits;

  /**
   * @param inputBits k, the table has {@code 2^k} entries; in [2, 20]
   * @param inputFracBits fractional bits of the table input; the domain is {@code
   *     [-2^(k-1-inputFracBits), 2^(k-1-inputFracBits))}
   */
  public TableSigmoid(int inputBits, int inputFracBits) {
    if (inputBits < 2 || inputBits > 20) {
      throw new IllegalArgumentException("inputBits must be in [2, 20], got " + inputBits);
    }
    if (inputFracBits < 0 || inputFracBits >= inputBits + 8) {
      throw new IllegalArgumentException("inputFracBits must be in [0, inputBits + 8), got " + inputFracBits);
    }
    this.inputBits = inputBits;
    this.inputFracBits = inputFracBits;
  }

  /** A k-bit table covering [-8, 8): {@code inputFracBits = k - 4}. */
  public static TableSigmoid covering8(int inputBits) {
    return new TableSigmoid(inputBits, Math.max(0, inputBits - 4));
  }

  public int inputBits() {
    return inputBits;
  }

  public int inputFracBits() {
    return inputFracBits;
  }

  /** The table index (a signed k-bit integer) that {@code x} maps to. */
  public long index(double x) {
    long i = (long) Math.floor(x * Math.scalb(1.0, inputFracBits) + 0.5);
    long max = (1L << (inputBits - 1)) - 1;
    return Math.max(-max - 1, Math.min(max, i));
  }

  /** The real input the table entry {@code index} stands for. */
  public double point(long index) {
    return Math.scalb((double) index, -inputFracBits);
  }

  @Override
  public double value(double x) {
    return Sigmoid.sigmoid(point(index(x)));
  }

  @Override
  public double derivative(double x) {
    return Sigmoid.INSTANCE.derivative(point(index(x)));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public String name() {
    double r = Math.scalb(1.0, inputBits - 1 - inputFracBits);
    return "lut" + inputBits + "[" + fmt(-r) + "," + fmt(r) + ")";
  }
}
