package io.fhe4j.spark;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.ring.Parallel;
import java.io.Serializable;
import org.apache.spark.SparkEnv;

/**
 * One Spark task of a {@link SparkProducts} job: an aligned block of slices of {@link
 * SliceProducts}' contract for every output chunk, i.e. the operand groups {@code [g0, g1)} of all
 * chunks (model-parallel by input feature). It computes each slice's products in the contract's
 * order, adds the block's slices by the fixed tree's lower levels ({@link SliceProducts#reduce}),
 * and returns one 3-part sum per chunk in {@link BgvSerializer}'s format; Spark sees only byte
 * arrays and ids, never a ciphertext's internal arrays. Immutable.
 */
final class BlockTask implements Serializable {
  private static final long serialVersionUID = 1L;

  final int block;
  private final long session;
  private final long job;
  private final long oldestNeeded;
  private final int chunks;
  /** The first group of each slice of the block, relative to g0, and g1 - g0 at the end. */
  private final int[] bounds;
  /** The block's operands, group-major: {@code a[(g - g0) * chunks + k]}. */
  final Operand[] a;
  final Operand[] b;

  BlockTask(int block, long session, long job, long oldestNeeded, int chunks, int[] bounds, Operand[] a,
      Operand[] b) {
    int groups = bounds[bounds.length - 1];
    if (bounds.length < 2 || a.length != (long) groups * chunks || b.length != a.length) {
      throw new IllegalArgumentException("a block of " + (bounds.length - 1) + " slices over " + groups
          + " groups of " + chunks + " chunks needs " + (long) groups * chunks + " operands a side, got " + a.length
          + " and " + b.length);
    }
    this.block = block;
    this.session = session;
    this.job = job;
    this.oldestNeeded = oldestNeeded;
    this.chunks = chunks;
    this.bounds = bounds.clone();
    this.a = a;
    this.b = b;
  }

  /** Operand bytes of this task (both sides). */
  long bytes() {
    long n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i].size() + b[i].size();
    }
    return n;
  }

  /**
   * The block's sums, one per chunk, or a miss when a parameter's previous version is not kept on
   * this JVM (lost executor, or the task ran elsewhere): the driver then sends the block whole.
   * Computed on the calling thread (a Spark task has one core).
   *
   * @param contextBytes the operands' context in {@link BgvSerializer}'s format
   */
  BlockResult compute(byte[] contextBytes) {
    long t0 = System.nanoTime();
    Context context = ExecutorCache.context(contextBytes);
    Evaluator eval = new Evaluator(context);
    ExecutorCache.evictBefore(session, oldestNeeded);
    Ciphertext[] x = new Ciphertext[a.length];
    Ciphertext[] y = new Ciphertext[b.length];
    for (int i = 0; i < a.length; i++) {
      x[i] = ExecutorCache.resolve(session, job, a[i], context, eval);
      y[i] = ExecutorCache.resolve(session, job, b[i], context, eval);
      if (x[i] == null || y[i] == null) {
        return new BlockResult(block, null, location(), System.nanoTime() - t0);
      }
    }
    int slices = bounds.length - 1;
    byte[][] sums = Parallel.onCallingThread(() -> {
      byte[][] out = new byte[chunks][];
      Ciphertext[] partial = new Ciphertext[slices];
      for (int k = 0; k < chunks; k++) {
        int chunk = k;
        for (int s = 0; s < slices; s++) {
          partial[s] = SliceProducts.productSum(eval, g -> x[g * chunks + chunk], g -> y[g * chunks + chunk],
              bounds[s], bounds[s + 1]);
        }
        out[k] = BgvSerializer.toBytes(SliceProducts.reduce(eval, partial, 1, slices, 1)[0]);
      }
      return out;
    });
    return new BlockResult(block, sums, location(), System.nanoTime() - t0);
  }

  /** This executor as a Spark task location ({@code executor_host_id}: the scheduler's process-local preference). */
  private static String location() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return null;
    }
    return "executor_" + env.blockManager().blockManagerId().host() + "_" + env.executorId();
  }

  @Override
  public String toString() {
    return "block task " + block + " of job " + job + ": " + (bounds.length - 1) + " slices, " + a.length
        + " operand pairs";
  }
}
