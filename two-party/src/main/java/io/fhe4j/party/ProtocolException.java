package io.fhe4j.party;

import io.grpc.Status;

/**
 * A message that breaks the protocol: malformed, oversized, replayed, or of another run or context.
 * Carries the gRPC status code a peer can act on ({@code INVALID_ARGUMENT}, {@code
 * FAILED_PRECONDITION}, {@code RESOURCE_EXHAUSTED}); its message names the offending value. Never
 * carries secret material or decrypted values.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Status.Code code;

  public ProtocolException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  /** The status code this error maps to. */
  public Status.Code code() {
    return code;
  }

  /** The gRPC status of this error. */
  public Status status() {
    return Status.fromCode(code).withDescription(getMessage());
  }

  static ProtocolException invalid(String message) {
    return new ProtocolException(Status.Code.INVALID_ARGUMENT, message);
  }

  static ProtocolException precondition(String message) {
    return new ProtocolException(Status.Code.FAILED_PRECONDITION, message);
  }

  static ProtocolException exhausted(String message) {
    return new ProtocolException(Status.Code.RESOURCE_EXHAUSTED, message);
  }
}
