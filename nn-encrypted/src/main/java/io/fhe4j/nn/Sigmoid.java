package io.fhe4j.nn;

/**
 * The exact logistic sigmoid {@code 1 / (1 + e^-x)}. Stateless and thread-safe.
 */
public final class Sigmoid implements Activation {
  /** The single instance. */
  public static final Sigmoid INSTANCE = new Sigmoid();

  private Sigmoid() {}

  /** The logistic function, computed stably for large |x|. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  @Override
  public double value(double x) {
    return sigmoid(x);
  }

  @Override
  public double derivative(double x) {
    double s = sigmoid(x);
    return s * (1 - s);
  }

  @Override
  public String name() {
    return "sigmoid";
  }
}
