package io.fhe4j.nn.fixed;

import io.fhe4j.nn.PolynomialActivation;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.Sigmoid;

/**
 * A polynomial with integer coefficients {@code C[k]} at {@code coeffBits} fractional bits,
 * representing {@code p(x) = sum_k C[k] 2^-coeffBits x^k}, and its homomorphism-friendly
 * evaluation on fixed-point inputs.
 *
 * <p>{@link #evaluate} takes {@code X = x * 2^f} and returns, without any rescale, the integer
 * {@code Y = sum_k C[k] X^k 2^((d-k) f)} = {@code p(x) * 2^(coeffBits + d f)} exactly (d the
 * degree), by Horner's rule: one multiplication by the public constant {@code C[d]}, then {@code
 * d-1} ciphertext products and {@code d} additions of public constants. Its multiplicative depth
 * is therefore {@code d - 1}. The caller rescales by {@code coeffBits + (d-1) f} to return to f
 * fractional bits. Immutable and thread-safe.
 */
public final class IntegerPolynomial {
  private final long[] coefficients;
  private final int coeffBits;

  /** @param coefficients ascending integer coefficients (copied); at least one */
  public IntegerPolynomial(long[] coefficients, int coeffBits) {
    if (coefficients.length == 0) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient");
    }
    this.coefficients = coefficients.clone();
    this.coeffBits = coeffBits;
  }

  /** Rounds the real coefficients of {@code p} to {@code coeffBits} fractional bits. */
  public static IntegerPolynomial quantize(PolynomialActivation p, int coeffBits) {
    double[] c = p.coefficients();
    long[] q = new long[c.length];
    for (int k = 0; k < c.length; k++) {
      q[k] = Rounding.encode(c[k], coeffBits);
    }
    return new IntegerPolynomial(q, coeffBits);
  }

  /** The formal derivative {@code sum_k k C[k] x^(k-1)} at the same coefficient scale. */
  public IntegerPolynomial derivative() {
    if (coefficients.length == 1) {
      return new IntegerPolynomial(new long[] {0}, coeffBits);
    }
    long[] d = new long[coefficients.length - 1];
    for (int k = 1; k < coefficients.length; k++) {
      d[k - 1] = k * coefficients[k];
    }
    return new IntegerPolynomial(d, coeffBits);
  }

  public int degree() {
    return coefficients.length - 1;
  }

  public int coeffBits() {
    return coeffBits;
  }

  /** The integer coefficients, ascending (a copy). */
  public long[] coefficients() {
    return coefficients.clone();
  }

  /** The real coefficients {@code C[k] / 2^coeffBits}. */
  public double[] realCoefficients() {
    double[] c = new double[coefficients.length];
    for (int k = 0; k < c.length; k++) {
      c[k] = Math.scalb((double) coefficients[k], -coeffBits);
    }
    return c;
  }

  /**
   * The real polynomial this integer one represents, as a float activation, with its error
   * against the sigmoid measured on [lo, hi].
   */
  public PolynomialActivation asSigmoidActivation(double lo, double hi, String name) {
    return PolynomialFit.finish(realCoefficients(), Sigmoid::sigmoid, lo, hi, name);
  }

  /** {@code p(x) * 2^(coeffBits + d f)} as a real, for checks against {@link #evaluate}. */
  public double evaluateReal(double x) {
    return PolynomialActivation.evaluate(realCoefficients(), x);
  }

  /**
   * {@code Y = sum_k C[k] X^k 2^((d-k) f)}, exactly, for {@code X} at {@code f} fractional bits;
   * the result has {@code coeffBits + d f} fractional bits. Depth {@code max(0, d - 1)}.
   */
  public <V> V evaluate(FixedPointArithmetic<V> ar, V x, int f) {
    int d = degree();
    if (d == 0) {
      return ar.addConstant(ar.multiplyConstant(x, 0), coefficients[0]);
    }
    V acc = ar.multiplyConstant(x, coefficients[d]);
    acc = ar.addConstant(acc, shifted(coefficients[d - 1], f));
    for (int k = d - 2; k >= 0; k--) {
      acc = ar.hadamard(acc, x);
      acc = ar.addConstant(acc, shifted(coefficients[k], (d - k) * f));
    }
    return acc;
  }

  /** Fractional bits of {@link #evaluate}'s result for inputs at f fractional bits. */
  public int resultFracBits(int f) {
    return coeffBits + degree() * f;
  }

  private static long shifted(long c, int bits) {
    if (bits >= 62 || Math.abs((double) c) * Math.scalb(1.0, bits) >= 0x1p62) {
      throw new FixedPointOverflowException(
          "coefficient " + c + " * 2^" + bits + " leaves (-2^62, 2^62); use fewer fractional or coefficient bits");
    }
    return c << bits;
  }
}
