package io.fhe4j.nn;

/**
 * A learning rate {@code numerator / 2^shift} applied to the SUM of the per-sample gradients of
 * a mini-batch (not their mean): with batch B it equals a mean-gradient rate of {@code B *
 * value()}. The fixed-point trainer applies it as one multiplication by the public integer
 * {@code numerator} and a rescale that includes {@code shift} more bits, so it needs no division.
 *
 * @param numerator a positive integer, small (it multiplies the gradient before rescaling)
 * @param shift the power of two in the denominator, {@code >= 0}
 */
public record LearningRate(long numerator, int shift) {
  /** Validates the fields. */
  public LearningRate {
    if (numerator < 1 || numerator > (1 << 16)) {
      throw new IllegalArgumentException("numerator must be in [1, 65536], got " + numerator);
    }
    if (shift < 0 || shift > 40) {
      throw new IllegalArgumentException("shift must be in [0, 40], got " + shift);
    }
  }

  /** {@code 2^-shift}. */
  public static LearningRate powerOfTwo(int shift) {
    return new LearningRate(1, shift);
  }

  /** The rate as a double, {@code numerator * 2^-shift}. */
  public double value() {
    return Math.scalb((double) numerator, -shift);
  }

  @Override
  public String toString() {
    return numerator == 1 ? "2^-" + shift : numerator + "/2^" + shift;
  }
}
