package io.fhe4j.nn.fixed;

import io.fhe4j.nn.Activation;
import io.fhe4j.nn.PolynomialActivation;

/**
 * A polynomial activation with integer coefficients, evaluated as the integer-slot encrypted
 * trainer will: (1) {@code X = rescale(z, zFracBits - f)} (refresh round 1; skipped when z is
 * already at f bits); (2) {@code Y = p(X)} and {@code Y' = p'(X)} by {@link
 * IntegerPolynomial#evaluate} (exact, depth {@code d - 1}); (3) {@code rescale(Y, f_c + (d-1) f)}
 * and {@code rescale(Y', f_c + (d-2) f)} back to f bits (refresh round 2, both values in the same
 * round). Largest intermediate: about {@code |p(x)| 2^(f_c + d f)} for the largest |x| met.
 * Immutable and thread-safe.
 */
public final class PolynomialFixedActivation implements FixedPointActivation {
  private final IntegerPolynomial p;
  private final IntegerPolynomial dp;
  private final int f;
  private final PolynomialActivation real;

  /**
   * Quantizes {@code poly}'s coefficients to {@code format.coeffBits()} and evaluates at {@code
   * format.fracBits()}.
   */
  public PolynomialFixedActivation(PolynomialActivation poly, FixedPointFormat format) {
    this.p = IntegerPolynomial.quantize(poly, format.coeffBits());
    this.dp = p.derivative();
    this.f = format.fracBits();
    this.real = p.asSigmoidActivation(poly.lo(), poly.hi(), poly.name() + "/c" + format.coeffBits());
  }

  /** The integer polynomial used. */
  public IntegerPolynomial polynomial() {
    return p;
  }

  @Override
  public <V> Result<V> apply(FixedPointArithmetic<V> ar, V z, int zFracBits, boolean withDerivative) {
    if (zFracBits < f) {
      throw new IllegalArgumentException("input has " + zFracBits + " fractional bits, fewer than f = " + f);
    }
    V x = zFracBits == f ? z : ar.rescale(z, zFracBits - f);
    V y = toF(ar, p.evaluate(ar, x, f), p.resultFracBits(f));
    V dy = withDerivative ? toF(ar, dp.evaluate(ar, x, f), dp.resultFracBits(f)) : null;
    return new Result<>(y, dy);
  }

  private <V> V toF(FixedPointArithmetic<V> ar, V v, int bits) {
    if (bits > f) {
      return ar.rescale(v, bits - f);
    }
    if (bits < f) {
      return ar.multiplyConstant(v, 1L << (f - bits));
    }
    return v;
  }

  @Override
  public int fracBits() {
    return f;
  }

  @Override
  public Activation real() {
    return real;
  }

  @Override
  public int depth() {
    return Math.max(0, p.degree() - 1);
  }

  @Override
  public int rescaleRounds() {
    return 2;
  }

  @Override
  public String name() {
    return real.name();
  }
}
