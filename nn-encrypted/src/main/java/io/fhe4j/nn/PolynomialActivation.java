package io.fhe4j.nn;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A polynomial activation {@code p(x) = sum_k c[k] x^k} (coefficients in ascending order) that
 * approximates some function on a stated interval, with its stated maximum error there.
 *
 * <p>Outside the interval the polynomial is used as is (no clamping: the encrypted trainer cannot
 * clamp either), so it may grow like {@code x^degree}. Build one with {@link PolynomialFit}.
 * Immutable and thread-safe.
 */
public final class PolynomialActivation implements Activation {
  private final double[] coefficients;
  private final double lo;
  private final double hi;
  private final double maxError;
  private final String name;

  /**
   * @param coefficients ascending coefficients, copied; at least one
   * @param lo lower end of the interval the error is stated on
   * @param hi upper end, {@code > lo}
   * @param maxError the stated bound on |p(x) - target(x)| for x in [lo, hi]
   * @param name short name for tables
   */
  public PolynomialActivation(double[] coefficients, double lo, double hi, double maxError, String name) {
    if (coefficients.length == 0) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient");
    }
    if (!(hi > lo)) {
      throw new IllegalArgumentException("interval must have lo < hi, got [" + lo + ", " + hi + "]");
    }
    this.coefficients = coefficients.clone();
    this.lo = lo;
    this.hi = hi;
    this.maxError = maxError;
    this.name = name;
  }

  /** Horner evaluation of {@code sum c[k] x^k}. */
  public static double evaluate(double[] c, double x) {
    double acc = 0;
    for (int k = c.length - 1; k >= 0; k--) {
      acc = acc * x + c[k];
    }
    return acc;
  }

  /** Coefficients of the derivative polynomial, ascending. */
  public static double[] derivativeCoefficients(double[] c) {
    if (c.length == 1) {
      return new double[] {0};
    }
    double[] d = new double[c.length - 1];
    for (int k = 1; k < c.length; k++) {
      d[k - 1] = k * c[k];
    }
    return d;
  }

  /** Largest |p(x) - target(x)| over {@code points} equally spaced points of [lo, hi]. */
  public static double maxErrorOnGrid(double[] c, DoubleUnaryOperator target, double lo, double hi, int points) {
    double max = 0;
    for (int i = 0; i < points; i++) {
      double x = lo + (hi - lo) * i / (points - 1);
      max = Math.max(max, Math.abs(evaluate(c, x) - target.applyAsDouble(x)));
    }
    return max;
  }

  @Override
  public double value(double x) {
    return evaluate(coefficients, x);
  }

  @Override
  public double derivative(double x) {
    double acc = 0;
    for (int k = coefficients.length - 1; k >= 1; k--) {
      acc = acc * x + k * coefficients[k];
    }
    return acc;
  }

  /** Ascending coefficients (a copy). */
  public double[] coefficients() {
    return coefficients.clone();
  }

  public int degree() {
    return coefficients.length - 1;
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  /** The stated maximum error on [lo, hi]. */
  public double maxError() {
    return maxError;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + " " + Arrays.toString(coefficients) + " maxErr=" + maxError;
  }
}
