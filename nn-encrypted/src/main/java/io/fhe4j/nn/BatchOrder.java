package io.fhe4j.nn;

import java.util.SplittableRandom;

/**
 * The sample order of each epoch: a Fisher-Yates permutation seeded by {@code (seed, epoch)}, so
 * the float, fixed-point and encrypted trainers see identical mini-batches. Stateless and
 * thread-safe.
 */
public final class BatchOrder {
  private BatchOrder() {}

  /** The permutation of {@code 0..n-1} used in epoch {@code epoch} (0-based). */
  public static int[] permutation(int n, long seed, int epoch) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 31L * epoch + 7);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
