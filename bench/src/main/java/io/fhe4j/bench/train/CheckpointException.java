package io.fhe4j.bench.train;

/**
 * A checkpoint folder that cannot be resumed or used as is: files missing, corrupt, of another run
 * or of another key, or a folder that holds a key or a model but no valid {@code run.properties}.
 * The message names the file (and the key or field when one is at fault), what is wrong and how to
 * recover; fhe4j never deletes or overwrites a key or a model to get past one.
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
