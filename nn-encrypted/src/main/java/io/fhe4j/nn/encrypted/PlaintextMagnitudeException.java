package io.fhe4j.nn.encrypted;

/**
 * Thrown by the data owner's {@link Refresher} when a value it decrypts exceeds t/4 in magnitude:
 * the run is close to leaving (-t/2, t/2), where the integer-slot arithmetic wraps around mod t
 * without any sign. The message names the step (when the owner knows it: {@link
 * DataOwner#atStep}), the refresh (round, shape and layout), the value's bits, t's bits and the fix
 * (a larger t).
 */
public class PlaintextMagnitudeException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The SGD step, counting from 1, or 0 if unknown. */
  private final long step;

  /** An exception of an unknown step. */
  public PlaintextMagnitudeException(String message) {
    this(message, 0);
  }

  /** An exception of SGD step {@code step} (counting from 1; 0: unknown). */
  public PlaintextMagnitudeException(String message, long step) {
    super(message);
    this.step = step;
  }

  /** The SGD step during which the value was decrypted, counting from 1, or 0 if unknown. */
  public long step() {
    return step;
  }
}
