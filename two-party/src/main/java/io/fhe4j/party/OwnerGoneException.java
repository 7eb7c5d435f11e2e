package io.fhe4j.party;

/**
 * The data owner is not connected, its stream ended, or it did not answer within the deadline:
 * the server's step is abandoned and redone from the last checkpoint once the owner is back.
 */
public final class OwnerGoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OwnerGoneException(String message) {
    super(message);
  }

  public OwnerGoneException(String message, Throwable cause) {
    super(message, cause);
  }
}
