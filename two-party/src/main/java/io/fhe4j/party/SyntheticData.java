package io.fhe4j.party;

import io.fhe4j.nn.fixed.FixedPointData;
import java.util.Random;

/**
 * Gaussian blobs for runs without MNIST (tests, the network benchmark): sample i has class {@code
 * i mod classes}, and feature j is about 0.8 where {@code j mod classes} is the class, 0.1 elsewhere,
 * plus noise of standard deviation 0.1, in fixed point at 8 fractional bits. Stateless.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** {@code n} samples of {@code dim} features in {@code classes} classes, from {@code seed}. */
  public static FixedPointData blobs(int n, int dim, int classes, long seed) {
    if (n < 1 || dim < 1 || classes < 2) {
      throw new IllegalArgumentException("synthetic data needs n >= 1, dim >= 1, classes >= 2, got " + n + ", "
          + dim + ", " + classes);
    }
    Random r = new Random(seed);
    int[] x = new int[Math.multiplyExact(n, dim)];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
      for (int j = 0; j < dim; j++) {
        double c = (j % classes == y[i]) ? 0.8 : 0.1;
        x[i * dim + j] = (int) Math.round((c + 0.1 * r.nextGaussian()) * 256);
      }
    }
    return new FixedPointData(x, dim, y, classes, 8);
  }
}
