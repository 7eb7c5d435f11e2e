package io.fhe4j.nn.fixed;

/**
 * Thrown when a fixed-point value would leave the signed range {@code (-2^62, 2^62)} that every
 * value of the arithmetic must stay in (so that it fits a 62-bit plaintext modulus with room to
 * spare and never wraps a {@code long}). The message names the operation and the magnitudes; the
 * fix is fewer fractional bits, a smaller polynomial interval, or a smaller learning rate.
 */
public class FixedPointOverflowException extends ArithmeticException {
  /** With a message naming the operation and values involved. */
  public FixedPointOverflowException(String message) {
    super(message);
  }
}
