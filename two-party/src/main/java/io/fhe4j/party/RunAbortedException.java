package io.fhe4j.party;

/**
 * The owner ended the run: the server asked for something that, answered or refused request by
 * request, could tell it about the data (a decryption that failed, a request over the per-step
 * budget). The message says what, never a value.
 */
public final class RunAbortedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunAbortedException(String message) {
    super(message);
  }
}
