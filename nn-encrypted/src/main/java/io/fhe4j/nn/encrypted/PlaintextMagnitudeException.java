package io.fhe4j.nn.encrypted;

/**
 * Thrown by the data owner's {@link Refresher} when a value it decrypts exceeds t/4 in magnitude:
 * the run is close to leaving (-t/2, t/2), where the integer-slot arithmetic wraps around mod t
 * without any sign. The message names the refresh (round, shape and layout), the value's bits, t's
 * bits and the fix (a larger t).
 */
public class PlaintextMagnitudeException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public PlaintextMagnitudeException(String message) {
    super(message);
  }
}
