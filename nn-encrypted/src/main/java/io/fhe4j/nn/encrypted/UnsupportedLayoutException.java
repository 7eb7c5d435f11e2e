package io.fhe4j.nn.encrypted;

/**
 * Thrown when the server needs a value in a slot layout it cannot produce: a unit larger than a
 * ciphertext, or a derived value (not a refresh output or an owner upload) asked for a layout that
 * none of its inputs has, which would need rotations this trainer does not perform.
 */
public class UnsupportedLayoutException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UnsupportedLayoutException(String message) {
    super(message);
  }
}
