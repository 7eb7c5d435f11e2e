package io.fhe4j.nn;

import java.util.SplittableRandom;

/** Synthetic training data shared by the trainer tests. */
public final class TestData {
  private TestData() {
  }

  /** Gaussian blobs around random class prototypes, features clipped to [0, 1]. */
  public static Samples blobs(int n, int dim, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] proto = new double[classes][dim];
    for (double[] p : proto) {
      for (int j = 0; j < dim; j++) {
        p[j] = r.nextDouble();
      }
    }
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = (float) Math.max(0, Math.min(1, proto[y[i]][j] + 0.15 * r.nextGaussian()));
      }
    }
    return new Samples(x, dim, y, classes);
  }

  /**
   * {@code n} samples of {@code dim} features around {@code classes} prototypes uniform in [0, 1]^dim drawn from
   * {@code protoSeed}, labels in turn (i mod classes), Gaussian noise of deviation {@code sd} from {@code noiseSeed},
   * features clipped to [0, 1]: a training and a test set of the same classes from two noise seeds.
   */
  public static Samples blobs(int n, int dim, int classes, long protoSeed, long noiseSeed, double sd) {
    SplittableRandom r = new SplittableRandom(protoSeed);
    double[][] proto = new double[classes][dim];
    for (double[] p : proto) {
      for (int j = 0; j < dim; j++) {
        p[j] = r.nextDouble();
      }
    }
    SplittableRandom noise = new SplittableRandom(noiseSeed);
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = (float) Math.max(0, Math.min(1, proto[y[i]][j] + sd * noise.nextGaussian()));
      }
    }
    return new Samples(x, dim, y, classes);
  }
}
