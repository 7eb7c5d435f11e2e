package io.fhe4j.nn.fixed;

import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.TabularDataset;
import io.fhe4j.nn.Samples;

/**
 * A labelled data set with its features already in fixed point at {@code fracBits} fractional
 * bits, stored flat as ints, and the builder of mini-batch matrices from it. For MNIST the
 * encoding is mnist-loader's {@link Dataset#fixedPoint(int)}, {@code round-half-up(p 2^f / 255)}
 * computed exactly; for synthetic real data it is {@link Rounding#encode}.
 *
 * <p>Arrays are shared, not copied; immutable by convention and then thread-safe.
 *
 * @param features {@code n * dimension} fixed-point values
 * @param dimension features per sample
 * @param labels class labels
 * @param classes number of classes (width of the one-hot rows)
 * @param fracBits fractional bits of the features and of the one-hot 1.0
 */
public record FixedPointData(int[] features, int dimension, int[] labels, int classes, int fracBits) {
  /** Validates shapes. */
  public FixedPointData {
    if ((long) labels.length * dimension != features.length) {
      throw new IllegalArgumentException(
          "features has " + features.length + " values, expected " + labels.length + " x " + dimension);
    }
  }

  /** mnist-loader's fixed-point pixels at {@code fracBits}. */
  public static FixedPointData of(Dataset data, int fracBits) {
    return new FixedPointData(
        data.fixedPoint(fracBits), data.pixelsPerImage(), data.labels(), data.classes(), fracBits);
  }

  /**
   * A user's table at {@code fracBits}: its {@link TabularDataset#fixedPoint(int)}, {@code round-half-up(x 2^f)};
   * pass rows already scaled by the owner's {@code Scaler} (min-max puts them in [0, 1], as MNIST's pixels).
   */
  public static FixedPointData of(TabularDataset data, int fracBits) {
    return new FixedPointData(
        data.fixedPoint(fracBits), data.dimension(), data.labels(), data.classes(), fracBits);
  }

  /** Real features rounded half up to {@code fracBits}. */
  public static FixedPointData quantize(Samples s, int fracBits) {
    float[] x = s.features();
    int[] q = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      q[i] = Math.toIntExact(Rounding.encode(x[i], fracBits));
    }
    return new FixedPointData(q, s.dimension(), s.labels(), s.classes(), fracBits);
  }

  public int size() {
    return labels.length;
  }

  /** Features of samples {@code order[from .. from+count)} as a {@code count x dimension} matrix. */
  public LongMatrix features(int[] order, int from, int count) {
    long[] d = new long[count * dimension];
    for (int s = 0; s < count; s++) {
      int o = order[from + s] * dimension;
      for (int j = 0; j < dimension; j++) {
        d[s * dimension + j] = features[o + j];
      }
    }
    return new LongMatrix(count, dimension, d, 0);
  }

  /** One-hot labels ({@code 2^fracBits} for the class) of the same samples, {@code count x classes}. */
  public LongMatrix oneHot(int[] order, int from, int count, int width) {
    long[] d = new long[count * width];
    for (int s = 0; s < count; s++) {
      d[s * width + labels[order[from + s]]] = 1L << fracBits;
    }
    return new LongMatrix(count, width, d, 0);
  }
}
