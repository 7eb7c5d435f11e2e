package io.fhe4j.nn.fixed;

/**
 * The one rounding rule of the fixed-point arithmetic: divide by {@code 2^bits} and round to the
 * nearest integer, ties toward positive infinity ("round half up"):
 * {@code shiftRound(x, s) = floor((x + 2^(s-1)) / 2^s) = (x + (1 << (s-1))) >> s} for s >= 1, and
 * {@code x} for s = 0. Every rescale ({@link FixedPointArithmetic#rescale}), every table-input
 * reduction ({@link FixedPointArithmetic#lookup}) and every real-to-fixed encoding ({@link
 * FixedPointFormat#encode}) uses it, and a {@code Refresher} must apply exactly this rule to
 * reproduce the plain trainer bit for bit. Stateless and thread-safe.
 */
public final class Rounding {
  private Rounding() {}

  /**
   * {@code round-half-up(x / 2^bits)}. Requires {@code 0 <= bits <= 62} and {@code |x| < 2^62}
   * (then no overflow).
   */
  public static long shiftRound(long x, int bits) {
    if (bits == 0) {
      return x;
    }
    return (x + (1L << (bits - 1))) >> bits;
  }

  /**
   * {@code clamp(shiftRound(x, bits), -bound, bound)}: the saturating rescale of {@link
   * FixedPointArithmetic#rescale(Object, int, long)}. Requires {@code bound >= 1}.
   */
  public static long shiftRoundClamp(long x, int bits, long bound) {
    long r = shiftRound(x, bits);
    return r > bound ? bound : r < -bound ? -bound : r;
  }

  /** {@code round-half-up(x * 2^bits)} for a real x; the encoding of a real at {@code bits} fractional bits. */
  public static long encode(double x, int bits) {
    double v = Math.floor(Math.scalb(x, bits) + 0.5);
    if (!(Math.abs(v) < 0x1p62)) {
      throw new FixedPointOverflowException(
          "encoding " + x + " at " + bits + " fractional bits gives " + v + ", beyond the 2^62 bound");
    }
    return (long) v;
  }
}
