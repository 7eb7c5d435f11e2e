package io.fhe4j.party;

/**
 * A command line the {@code train}, {@code owner} or {@code server} command cannot run: an unknown option, a missing or malformed
 * value, a value out of range, inconsistent options, or a path that cannot be used. The message is
 * one line naming the option, the value and what is allowed; the command prints it and exits with
 * code 2, before any work.
 */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
