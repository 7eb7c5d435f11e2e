package io.fhe4j.nn.fixed;

import io.fhe4j.nn.Activation;
import io.fhe4j.nn.PolynomialActivation;

/**
 * A polynomial activation with integer coefficients, evaluated as the integer-slot encrypted
 * trainer will: (1) {@code X = rescale(z, zFracBits - f, R 2^f)} (refresh round 1; skipped when z is
 * already at f bits), the saturating rescale that clamps X to [-R, R] at f bits, R the
 * half-width of the fitted interval by default ({@link #bound()}, {@link Saturation}); (2) {@code Y = p(X)} and {@code Y' = p'(X)} by {@link
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
  private final long bound;

  /** How the input rescale saturates. */
  public enum Saturation {
    /** No clamp: {@code rescale(z, bits)} (the rule before issue 22). */
    NONE,
    /**
     * Clamp to the fitted interval: bound {@code floor(min(-lo, hi) 2^f)} (the default). A clamped input gets the
     * polynomial's slope at the interval's end, negative for the cubic sigmoids, which pulls it back in.
     */
    INTERVAL,
    /**
     * Clamp to the part of the interval where the polynomial rises, so that a clamped input gets a derivative of
     * about 0 (a sigmoid's, far out) rather than the negative slope a cubic has near the interval's ends (measured
     * worse than {@link #INTERVAL} on MNIST 196-128-10, 93.80 against 95.59 % after 4 epochs): bound
     * {@code floor(r 2^f)} for the largest r in [0, min(-lo, hi)] with p' >= 0 on [-r, r] (checked in double on a
     * grid of {@link #GRID} points).
     */
    MONOTONE
  }

  /** Grid points of the {@link Saturation#MONOTONE} search. */
  public static final int GRID = 100_001;

  /**
   * Quantizes {@code poly}'s coefficients to {@code format.coeffBits()} and evaluates at {@code
   * format.fracBits()}, its input saturated by {@link Saturation#INTERVAL} (the default: measured best of the
   * three on the recommended 196-128-10, see nn-encrypted/README.md).
   */
  public PolynomialFixedActivation(PolynomialActivation poly, FixedPointFormat format) {
    this(poly, format, Saturation.INTERVAL);
  }

  /** As above, with the given input saturation. */
  public PolynomialFixedActivation(PolynomialActivation poly, FixedPointFormat format, Saturation saturation) {
    this.p = IntegerPolynomial.quantize(poly, format.coeffBits());
    this.dp = p.derivative();
    this.f = format.fracBits();
    this.real = p.asSigmoidActivation(poly.lo(), poly.hi(), poly.name() + "/c" + format.coeffBits());
    this.bound = switch (saturation) {
      case NONE -> 0;
      case INTERVAL -> toBound(Math.min(-poly.lo(), poly.hi()), poly, f);
      case MONOTONE -> toBound(risingHalfWidth(poly), poly, f);
    };
  }

  /** The largest r in [0, min(-lo, hi)] (on the grid) with p' >= 0 on [-r, r]. */
  static double risingHalfWidth(PolynomialActivation poly) {
    double r = Math.min(-poly.lo(), poly.hi());
    double last = 0;
    for (int i = 1; i < GRID; i++) {
      double x = r * i / (GRID - 1);
      if (poly.derivative(x) < 0 || poly.derivative(-x) < 0) {
        return last;
      }
      last = x;
    }
    return r;
  }

  private static long toBound(double r, PolynomialActivation poly, int f) {
    if (!(r > 0) || Math.scalb(r, f) >= 0x1p62) {
      throw new IllegalArgumentException("a saturating polynomial activation needs an interval around 0 where it"
          + " rises, with |x| 2^f < 2^62; " + poly.name() + " on [" + poly.lo() + ", " + poly.hi() + "] at f = " + f
          + " gives half-width " + r);
    }
    return Math.max(1, (long) Math.floor(Math.scalb(r, f)));
  }

  /** The clamp bound of the input rescale at f bits, or 0 when the input is not saturated. */
  public long bound() {
    return bound;
  }

  @Override
  public <V> Result<V> apply(FixedPointArithmetic<V> ar, V z, int zFracBits, boolean withDerivative) {
    if (zFracBits < f) {
      throw new IllegalArgumentException("input has " + zFracBits + " fractional bits, fewer than f = " + f);
    }
    V x = zFracBits == f ? z : bound > 0 ? ar.rescale(z, zFracBits - f, bound) : ar.rescale(z, zFracBits - f);
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
