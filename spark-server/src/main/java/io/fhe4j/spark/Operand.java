package io.fhe4j.spark;

import java.io.Serializable;

/**
 * One operand ciphertext of a {@link BlockTask} as it travels to an executor, in {@link
 * io.fhe4j.io.BgvSerializer}'s format: either whole ({@link #whole}), or as the update of a model
 * parameter whose previous version the executor keeps ({@link #updateOf}: the executor computes
 * {@code previous - update}, the subtraction the driver made). Every operand has an id unique within
 * its {@link SparkProducts} session; an operand marked {@link #keep} is kept in the executor's
 * {@link ExecutorCache} for its next update. Immutable.
 */
final class Operand implements Serializable {
  private static final long serialVersionUID = 1L;

  final long id;
  /** The whole ciphertext, or null for an update. */
  final byte[] bytes;
  /** The id of the previous version (an update only). */
  final long previous;
  /** The update to subtract from the previous version, or null. */
  final byte[] update;
  final boolean keep;

  private Operand(long id, byte[] bytes, long previous, byte[] update, boolean keep) {
    this.id = id;
    this.bytes = bytes;
    this.previous = previous;
    this.update = update;
    this.keep = keep;
  }

  /** The ciphertext itself; kept on the executor if {@code keep} (a model parameter's current version). */
  static Operand whole(long id, byte[] bytes, boolean keep) {
    return new Operand(id, bytes, 0, null, keep);
  }

  /** A parameter's new version as {@code previous - update}, with {@code previous} kept on the executor. */
  static Operand updateOf(long id, long previous, byte[] update) {
    return new Operand(id, null, previous, update, true);
  }

  /** Bytes this operand puts on the network. */
  long size() {
    return bytes != null ? bytes.length : update.length;
  }
}
