package io.fhe4j.nn.fixed;

/**
 * Where the binary point sits in each kind of fixed-point value. A value {@code v} with {@code
 * f} fractional bits is the integer {@code round-half-up(v * 2^f)} ({@link Rounding#encode}).
 *
 * @param fracBits f: inputs, activations, activation derivatives and back-propagated errors
 * @param weightFracBits f_w: weights and biases (may exceed f so that small updates survive)
 * @param coeffBits f_c: the integer coefficients of polynomial activations (public constants)
 */
public record FixedPointFormat(int fracBits, int weightFracBits, int coeffBits) {
  /** Validates ranges: f in [1, 24], f_w in [1, 30], f_c in [0, 30]. */
  public FixedPointFormat {
    if (fracBits < 1 || fracBits > 24) {
      throw new IllegalArgumentException("fracBits must be in [1, 24], got " + fracBits);
    }
    if (weightFracBits < 1 || weightFracBits > 30) {
      throw new IllegalArgumentException("weightFracBits must be in [1, 30], got " + weightFracBits);
    }
    if (coeffBits < 0 || coeffBits > 30) {
      throw new IllegalArgumentException("coeffBits must be in [0, 30], got " + coeffBits);
    }
  }

  /** Every value with {@code bits} fractional bits; polynomial coefficients with 16. */
  public static FixedPointFormat uniform(int bits) {
    return new FixedPointFormat(bits, bits, 16);
  }

  /** The encoding of an activation-scale real. */
  public long encode(double x) {
    return Rounding.encode(x, fracBits);
  }

  /** The encoding of a weight. */
  public long encodeWeight(double x) {
    return Rounding.encode(x, weightFracBits);
  }

  @Override
  public String toString() {
    return "f=" + fracBits + ",fw=" + weightFracBits + ",fc=" + coeffBits;
  }
}
