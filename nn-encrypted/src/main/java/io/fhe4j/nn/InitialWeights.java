package io.fhe4j.nn;

import java.util.SplittableRandom;

/**
 * Seeded weight initialization shared by all trainers: weights of layer l uniform in
 * {@code [-r, r)} with {@code r = sqrt(6 / (in + out))} (Glorot), biases zero. The same seed gives
 * the same weights bit for bit. Stateless and thread-safe.
 */
public final class InitialWeights {
  private InitialWeights() {}

  /** {@code w[l][h][j]} for layer {@code l} (0-based over weight layers). */
  public static double[][][] weights(NetworkSpec spec, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][][] w = new double[spec.layers()][][];
    for (int l = 0; l < spec.layers(); l++) {
      int in = spec.size(l);
      int out = spec.size(l + 1);
      double r = Math.sqrt(6.0 / (in + out));
      w[l] = new double[out][in];
      for (int h = 0; h < out; h++) {
        for (int j = 0; j < in; j++) {
          w[l][h][j] = (2 * rnd.nextDouble() - 1) * r;
        }
      }
    }
    return w;
  }

  /** {@code b[l][h]}, all zero. */
  public static double[][] biases(NetworkSpec spec) {
    double[][] b = new double[spec.layers()][];
    for (int l = 0; l < spec.layers(); l++) {
      b[l] = new double[spec.size(l + 1)];
    }
    return b;
  }
}
