package io.fhe4j.spark;

import java.io.Serializable;

/**
 * What a {@link BlockTask} returns to the driver: one 3-part sum per chunk in {@link
 * io.fhe4j.io.BgvSerializer}'s format (null: a miss, the block must be sent whole), the executor
 * that computed it as a Spark task location (where the block's kept operands now are), and the
 * task's own time (reading, computing, writing), for the per-partition figures. Immutable.
 */
record BlockResult(int block, byte[][] sums, String location, long nanos) implements Serializable {
  boolean missed() {
    return sums == null;
  }

  long bytes() {
    long n = 0;
    if (sums != null) {
      for (byte[] s : sums) {
        n += s.length;
      }
    }
    return n;
  }
}
