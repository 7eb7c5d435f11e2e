package io.fhe4j.nn;

import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.TabularDataset;

/**
 * A labelled data set as the float trainer consumes it: {@code n} rows of {@code dimension}
 * features in [0, 1] stored flat (row-major floats, to keep 60,000 MNIST images at 188 MB), and
 * an integer label in {@code [0, classes)} per row. Reading and preprocessing (normalizing,
 * downsampling) belong to {@code mnist-loader}: {@link #of(Dataset)} only adapts its output.
 *
 * <p>The arrays are shared, not copied: callers must not modify them afterwards. Immutable by
 * that convention and then thread-safe.
 *
 * @param features {@code n * dimension} values, row-major
 * @param dimension features per sample
 * @param labels {@code n} labels
 * @param classes number of classes
 */
public record Samples(float[] features, int dimension, int[] labels, int classes) {
  /** Validates shapes and label range. */
  public Samples {
    if (dimension < 1 || (long) labels.length * dimension != features.length) {
      throw new IllegalArgumentException("features has " + features.length + " values, expected "
          + labels.length + " labels x " + dimension + " features");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " at " + i + " outside [0, " + classes + ")");
      }
    }
  }

  /** The images of {@code data} normalized to {@code p / 255} by mnist-loader, with their labels. */
  public static Samples of(Dataset data) {
    return new Samples(data.normalized(), data.pixelsPerImage(), data.labels(), data.classes());
  }

  /** A user's table as floats; pass rows already scaled by the owner's {@code Scaler}. */
  public static Samples of(TabularDataset data) {
    return new Samples(data.normalized(), data.dimension(), data.labels(), data.classes());
  }

  public int size() {
    return labels.length;
  }

  /** Copies feature row {@code i} into {@code out} (length {@code dimension}), which is modified. */
  public void row(int i, double[] out) {
    int o = i * dimension;
    for (int j = 0; j < dimension; j++) {
      out[j] = features[o + j];
    }
  }

  /** Feature row {@code i} as a new double array. */
  public double[] row(int i) {
    double[] r = new double[dimension];
    row(i, r);
    return r;
  }
}
