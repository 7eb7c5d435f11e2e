package io.fhe4j.nn;

/**
 * Mini-batch SGD of a fully connected network in double precision: the float reference.
 *
 * <p>Each layer computes {@code z = W a + b}, {@code a' = act(z)} (the same activation on every
 * layer, output included as in the paper, unless the loss is {@link
 * Loss#QUADRATIC_LINEAR_OUTPUT}). Backpropagation: output error {@code (a - y) *
 * act'(z)} for {@link Loss#QUADRATIC}, {@code a - y} for {@link Loss#CROSS_ENTROPY} and {@code
 * z - y} for {@link Loss#QUADRATIC_LINEAR_OUTPUT}; hidden
 * errors {@code (W^T delta) * act'(z)}. The update is {@code W -= lr * sum over the batch of the
 * per-sample gradients} (see {@link LearningRate}). Weights start from {@link InitialWeights}.
 *
 * <p>Mutable (the weights change as it trains) and not thread-safe.
 */
public final class FloatTrainer {
  private final NetworkSpec spec;
  private final Activation act;
  private final Activation outAct;
  private final TrainingConfig config;
  private final double[][][] w;
  private final double[][] b;
  private int epochsDone;
  /** SGD steps taken so far (the step number of the schedule). */
  private long steps;

  /** A trainer with fresh weights from {@code config.seed()}, the same activation on every layer. */
  public FloatTrainer(NetworkSpec spec, Activation act, TrainingConfig config) {
    this(spec, act, act, config);
  }

  /**
   * A trainer whose output layer uses {@code outputAct} (e.g. a polynomial fitted on a wider
   * interval) and every hidden layer {@code act}.
   */
  public FloatTrainer(NetworkSpec spec, Activation act, Activation outputAct, TrainingConfig config) {
    this.spec = spec;
    this.act = act;
    this.outAct = outputAct;
    this.config = config;
    this.w = InitialWeights.weights(spec, config.seed());
    this.b = InitialWeights.biases(spec);
  }

  public NetworkSpec spec() {
    return spec;
  }

  /** The live weights {@code w[l][h][j]}; modifications change the network. */
  public double[][][] weights() {
    return w;
  }

  /** The live biases {@code b[l][h]}; modifications change the network. */
  public double[][] biases() {
    return b;
  }

  /** Runs {@code config.epochs()} epochs over {@code train}. */
  public void train(Samples train) {
    for (int e = 0; e < config.epochs(); e++) {
      trainEpoch(train);
    }
  }

  /** One epoch: the batches of {@link BatchOrder} for the next epoch number. */
  public void trainEpoch(Samples train) {
    checkInput(train);
    int[] perm = BatchOrder.permutation(train.size(), config.seed(), epochsDone);
    int bs = config.batchSize();
    for (int start = 0; start + bs <= perm.length; start += bs) {
      double[][] x = new double[bs][];
      int[] y = new int[bs];
      for (int s = 0; s < bs; s++) {
        x[s] = train.row(perm[start + s]);
        y[s] = train.labels()[perm[start + s]];
      }
      step(x, y);
    }
    epochsDone++;
  }

  /** One SGD step on a mini-batch. {@code x} is not modified. */
  public void step(double[][] x, int[] labels) {
    double[][][] gw = new double[spec.layers()][][];
    double[][] gb = new double[spec.layers()][];
    for (int l = 0; l < spec.layers(); l++) {
      gw[l] = new double[spec.size(l + 1)][spec.size(l)];
      gb[l] = new double[spec.size(l + 1)];
    }
    accumulateGradients(x, labels, gw, gb);
    double lr = config.learningRate(steps++).value();
    for (int l = 0; l < spec.layers(); l++) {
      for (int h = 0; h < w[l].length; h++) {
        double[] wr = w[l][h];
        double[] gr = gw[l][h];
        for (int j = 0; j < wr.length; j++) {
          wr[j] -= lr * gr[j];
        }
        b[l][h] -= lr * gb[l][h];
      }
    }
  }

  /**
   * Adds the gradient of the batch loss (summed over samples) to {@code gw} and {@code gb},
   * which are modified; {@code x} is not.
   */
  public void accumulateGradients(double[][] x, int[] labels, double[][][] gw, double[][] gb) {
    int layers = spec.layers();
    for (int s = 0; s < x.length; s++) {
      double[][] a = new double[layers + 1][];
      double[][] z = new double[layers + 1][];
      a[0] = x[s];
      for (int l = 0; l < layers; l++) {
        z[l + 1] = affine(l, a[l]);
        a[l + 1] = new double[z[l + 1].length];
        boolean linear = l == layers - 1 && !config.loss().activatesOutput();
        for (int h = 0; h < z[l + 1].length; h++) {
          a[l + 1][h] = linear ? z[l + 1][h] : actOf(l).value(z[l + 1][h]);
        }
      }
      double[] delta = new double[spec.outputSize()];
      for (int h = 0; h < delta.length; h++) {
        double diff = a[layers][h] - (labels[s] == h ? 1 : 0);
        delta[h] = config.loss() == Loss.QUADRATIC ? diff * outAct.derivative(z[layers][h]) : diff;
      }
      for (int l = layers - 1; l >= 0; l--) {
        double[] in = a[l];
        for (int h = 0; h < delta.length; h++) {
          double d = delta[h];
          double[] g = gw[l][h];
          for (int j = 0; j < in.length; j++) {
            g[j] += d * in[j];
          }
          gb[l][h] += d;
        }
        if (l > 0) {
          double[] prev = new double[in.length];
          for (int h = 0; h < delta.length; h++) {
            double d = delta[h];
            double[] wr = w[l][h];
            for (int j = 0; j < prev.length; j++) {
              prev[j] += d * wr[j];
            }
          }
          for (int j = 0; j < prev.length; j++) {
            prev[j] *= act.derivative(z[l][j]);
          }
          delta = prev;
        }
      }
    }
  }

  /** The batch loss (summed over samples) that {@link #accumulateGradients} differentiates. */
  public double loss(double[][] x, int[] labels) {
    double total = 0;
    for (int s = 0; s < x.length; s++) {
      double[] out = forward(x[s]);
      for (int h = 0; h < out.length; h++) {
        double y = labels[s] == h ? 1 : 0;
        if (config.loss() != Loss.CROSS_ENTROPY) {
          total += 0.5 * (out[h] - y) * (out[h] - y);
        } else {
          total -= y * Math.log(out[h]) + (1 - y) * Math.log(1 - out[h]);
        }
      }
    }
    return total;
  }

  /** The output activations for one input. */
  public double[] forward(double[] x) {
    double[] a = x;
    for (int l = 0; l < spec.layers(); l++) {
      double[] z = affine(l, a);
      if (l < spec.layers() - 1 || config.loss().activatesOutput()) {
        for (int h = 0; h < z.length; h++) {
          z[h] = actOf(l).value(z[h]);
        }
      }
      a = z;
    }
    return a;
  }

  /** Index of the largest output. */
  public int predict(double[] x) {
    return argmax(forward(x));
  }

  /** Fraction of {@code test} classified correctly. */
  public double accuracy(Samples test) {
    checkInput(test);
    int ok = 0;
    double[] row = new double[test.dimension()];
    for (int i = 0; i < test.size(); i++) {
      test.row(i, row);
      if (predict(row) == test.labels()[i]) {
        ok++;
      }
    }
    return test.size() == 0 ? 0 : (double) ok / test.size();
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private Activation actOf(int l) {
    return l == spec.layers() - 1 ? outAct : act;
  }

  private double[] affine(int l, double[] in) {
    double[][] wl = w[l];
    double[] z = new double[wl.length];
    for (int h = 0; h < wl.length; h++) {
      double acc = b[l][h];
      double[] wr = wl[h];
      for (int j = 0; j < in.length; j++) {
        acc += wr[j] * in[j];
      }
      z[h] = acc;
    }
    return z;
  }

  private void checkInput(Samples data) {
    if (data.dimension() != spec.inputSize()) {
      throw new IllegalArgumentException(
          "samples have " + data.dimension() + " features but the network " + spec + " expects " + spec.inputSize());
    }
    if (data.classes() > spec.outputSize()) {
      throw new IllegalArgumentException(
          "samples have " + data.classes() + " classes but the network " + spec + " has " + spec.outputSize() + " outputs");
    }
  }
}
