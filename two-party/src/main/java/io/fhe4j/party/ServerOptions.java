package io.fhe4j.party;

import io.fhe4j.io.ContextLimits;
import io.fhe4j.nn.encrypted.SliceProducts;
import java.nio.file.Path;

/**
 * The training server's settings.
 *
 * @param dir the server's folder (public material only: keys, encrypted model)
 * @param checkpointEvery save the encrypted model every this many steps (and after the last)
 * @param callDeadlineNanos how long the server waits for one answer of the owner
 * @param maxMessageBytes the largest message (a reassembled reply) it accepts
 * @param maxKeyBytes the largest evaluation-key upload it accepts
 * @param allowInsecure whether it accepts a run's context under 128-bit security (tests and
 *     benchmarks only; the owner's {@code --insecure})
 * @param products where the server's tensor products run ({@link SliceProducts#LOCAL}, or a Spark
 *     cluster with {@code --master}); the results are the same bit for bit
 */
public record ServerOptions(Path dir, int checkpointEvery, long callDeadlineNanos, long maxMessageBytes,
    long maxKeyBytes, boolean allowInsecure, SliceProducts products) {
  /** Checks the values. */
  public ServerOptions {
    java.util.Objects.requireNonNull(products, "products");
    if (checkpointEvery < 1 || callDeadlineNanos <= 0 || maxMessageBytes < Frames.FRAME_BYTES || maxKeyBytes < 1) {
      throw new IllegalArgumentException("checkpointEvery >= 1, a positive deadline, maxMessageBytes >= "
          + Frames.FRAME_BYTES + " and maxKeyBytes >= 1 are needed, got " + checkpointEvery + ", "
          + callDeadlineNanos + ", " + maxMessageBytes + ", " + maxKeyBytes);
    }
  }

  /** The settings with the products on this JVM ({@link SliceProducts#LOCAL}). */
  public ServerOptions(Path dir, int checkpointEvery, long callDeadlineNanos, long maxMessageBytes, long maxKeyBytes,
      boolean allowInsecure) {
    this(dir, checkpointEvery, callDeadlineNanos, maxMessageBytes, maxKeyBytes, allowInsecure, SliceProducts.LOCAL);
  }

  /** The same settings with the products computed by {@code p}. */
  public ServerOptions withProducts(SliceProducts p) {
    return new ServerOptions(dir, checkpointEvery, callDeadlineNanos, maxMessageBytes, maxKeyBytes, allowInsecure, p);
  }

  /** Defaults: every step, 10 minutes a call, 1 GiB a message, 1 GiB of keys, secure contexts only. */
  public static ServerOptions defaults(Path dir) {
    return new ServerOptions(dir, 1, 600_000_000_000L, 1L << 30, 1L << 30, false);
  }

  /** The limits a context read from the owner or the folder must meet. */
  ContextLimits contextLimits() {
    return allowInsecure ? ContextLimits.defaults().allowInsecure() : ContextLimits.defaults();
  }
}
