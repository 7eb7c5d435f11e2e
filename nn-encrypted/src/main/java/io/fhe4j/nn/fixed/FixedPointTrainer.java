package io.fhe4j.nn.fixed;

import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.InitialWeights;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Mini-batch SGD in fixed point, written only against {@link FixedPointArithmetic} so that an
 * encrypted implementation replays it operation for operation. Same network, batches, order and
 * initial weights as {@link io.fhe4j.nn.FloatTrainer} (weights rounded to {@code f_w} bits).
 *
 * <h2>One step, with the scale (fractional bits) of every value</h2>
 * f = {@code format.fracBits()}, f_w = {@code format.weightFracBits()}, lr = m / 2^s.
 * <pre>
 * forward, per layer l:   z   = linear(a, W) + addRow(m2f(b))           scale f + f_w, depth 1
 *                         a', act' = activation(z)                      scale f (see activation)
 *   polynomial p on [-R0, R0]: X = rescale(z, f_w, B) = clamp(shiftRound(z, f_w), -B, B)  [round 1]
 *                         B = floor(R0 2^f), R0 the half-width of p's fitted interval, or
 *                         for a -mono name (the default output, Activations.OUTPUT) the
 *                         half-width where p rises, 2635 for poly3-mm12 at f = 8
 *                         (saturating rescale, issue 22; PolynomialFixedActivation.bound());
 *                         a = p(X), act' = p'(X)  [round 2]
 * output error:           quadratic:     delta = rescale((a - y) .* act', f)     [1 round]
 *                         cross-entropy: delta = a - y                            [no rescale]
 *                         linear output: a = rescale(z, f_w) replaces the output activation
 *                                        [1 round], delta = a - y
 * per layer, top down:    gW = batchGradient(delta, a_prev)             scale 2f, depth 1
 *                         gb = sumOverBatch(delta)                      scale f
 *                         delta_prev = rescale(backLinear(delta, W) .* act'_prev, f + f_w)
 *                                                                       [1 round, depth 2]
 * update (one round):     W -= rescale(m gW, 2f + s - f_w);  b -= rescale(m gb, f + s - f_w)
 *                         (a negative shift is a multiplication by 2^-shift instead); lr = m / 2^s is
 *                         the rate of this step in {@link TrainingConfig#schedule()} (step count
 *                         {@link #steps()}, restored with a checkpoint)
 * </pre>
 * With the polynomial activation (two rounds per layer) a step of an L-layer network has
 * 2L + L + 1 sequential rescale rounds (forward, backward, update), i.e. 10 for 784-128-32-10,
 * and never more than 2 ciphertext products between rounds for {@code degree <= 3}. With the lookup
 * activation, the forward pass needs no rescale. Back-propagation uses the weights from before
 * the update. The clamp of the polynomial's input is exact integer arithmetic done by the refresher
 * after its rounding (an encrypted run passes B with the refresh), so it adds no trust and keeps
 * the run bit-identical; it bounds every activation and derivative (so the polynomial's products)
 * whatever the pre-activation; weights are not bounded by it ({@link
 * PolynomialFixedActivation.Saturation}, measured in nn-encrypted/README.md). Everything between
 * rescales is exact integer arithmetic, so any implementation of the arithmetic that keeps values below t/2 reproduces these integers bit for bit.
 *
 * <p>Mutable (the weights) and not thread-safe.
 *
 * @param <V> the value type of the arithmetic
 */
public final class FixedPointTrainer<V> {
  private final FixedPointArithmetic<V> ar;
  private final NetworkSpec spec;
  private final FixedPointFormat format;
  private final FixedPointActivation act;
  private final FixedPointActivation outAct;
  private final TrainingConfig config;
  private final List<V> w = new ArrayList<>();
  private final List<V> b = new ArrayList<>();
  private int epochsDone;
  private long steps;

  /**
   * Initial weights from {@link InitialWeights} with {@code config.seed()}, encoded by {@code ar};
   * the same activation on every layer.
   */
  public FixedPointTrainer(
      FixedPointArithmetic<V> ar, NetworkSpec spec, FixedPointFormat format, FixedPointActivation act,
      TrainingConfig config) {
    this(ar, spec, format, act, act, config);
  }

  /** As above, with {@code outputAct} on the output layer and {@code act} on the hidden layers. */
  public FixedPointTrainer(
      FixedPointArithmetic<V> ar, NetworkSpec spec, FixedPointFormat format, FixedPointActivation act,
      FixedPointActivation outputAct, TrainingConfig config) {
    this(ar, spec, format, act, outputAct, config, encodedInitial(ar, spec, format, act, outputAct, config.seed()));
  }

  private FixedPointTrainer(
      FixedPointArithmetic<V> ar, NetworkSpec spec, FixedPointFormat format, FixedPointActivation act,
      FixedPointActivation outputAct, TrainingConfig config, List<List<V>> weightsAndBiases) {
    this(ar, spec, format, act, outputAct, config, weightsAndBiases.get(0), weightsAndBiases.get(1));
  }

  /** The activations checked against the format, then {@link #initialParameters} encoded layer by layer. */
  private static <V> List<List<V>> encodedInitial(FixedPointArithmetic<V> ar, NetworkSpec spec,
      FixedPointFormat format, FixedPointActivation act, FixedPointActivation outputAct, long seed) {
    checkActivations(format, act, outputAct);
    List<LongMatrix> p0 = initialParameters(spec, format, seed);
    List<V> ws = new ArrayList<>();
    List<V> bs = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      ws.add(ar.encode(p0.get(2 * l)));
      bs.add(ar.encode(p0.get(2 * l + 1)));
    }
    return List.of(ws, bs);
  }

  private static void checkActivations(FixedPointFormat format, FixedPointActivation act,
      FixedPointActivation outputAct) {
    for (FixedPointActivation x : new FixedPointActivation[] {act, outputAct}) {
      if (x.fracBits() != format.fracBits()) {
        throw new IllegalArgumentException(
            "activation outputs " + x.fracBits() + " fractional bits but the format has f = " + format.fracBits());
      }
    }
  }

  /**
   * A trainer whose initial weights and biases are given as values of {@code ar} (the owner's
   * encryptions of {@link #initialParameters}, which a server cannot compute itself), in the
   * order the other constructors encode them: weights then biases of layer 0, then of layer 1, ...
   *
   * @throws IllegalArgumentException if a layer is missing or has the wrong shape
   */
  public FixedPointTrainer(
      FixedPointArithmetic<V> ar, NetworkSpec spec, FixedPointFormat format, FixedPointActivation act,
      FixedPointActivation outputAct, TrainingConfig config, List<V> initialWeights, List<V> initialBiases) {
    checkActivations(format, act, outputAct);
    this.ar = ar;
    this.spec = spec;
    this.format = format;
    this.act = act;
    this.outAct = outputAct;
    this.config = config;
    if (initialWeights.size() != spec.layers() || initialBiases.size() != spec.layers()) {
      throw new IllegalArgumentException(initialWeights.size() + " weight and " + initialBiases.size()
          + " bias matrices given for the " + spec.layers() + " layers of " + spec);
    }
    for (int l = 0; l < spec.layers(); l++) {
      checkShape("weights", l, initialWeights.get(l), spec.size(l + 1), spec.size(l));
      checkShape("biases", l, initialBiases.get(l), 1, spec.size(l + 1));
      w.add(initialWeights.get(l));
      b.add(initialBiases.get(l));
    }
  }

  /**
   * The initial parameters the other constructors encode: from {@link InitialWeights} with {@code
   * seed}, rounded to f_w bits; weights ({@code out x in}) then biases ({@code 1 x out}) of each
   * layer in turn.
   */
  public static List<LongMatrix> initialParameters(NetworkSpec spec, FixedPointFormat format, long seed) {
    List<LongMatrix> out = new ArrayList<>(2 * spec.layers());
    double[][][] w0 = InitialWeights.weights(spec, seed);
    double[][] b0 = InitialWeights.biases(spec);
    for (int l = 0; l < spec.layers(); l++) {
      long[][] q = new long[w0[l].length][];
      for (int h = 0; h < q.length; h++) {
        q[h] = new long[w0[l][h].length];
        for (int j = 0; j < q[h].length; j++) {
          q[h][j] = format.encodeWeight(w0[l][h][j]);
        }
      }
      long[][] qb = new long[1][b0[l].length];
      for (int h = 0; h < qb[0].length; h++) {
        qb[0][h] = format.encodeWeight(b0[l][h]);
      }
      out.add(LongMatrix.of(q));
      out.add(LongMatrix.of(qb));
    }
    return out;
  }

  public NetworkSpec spec() {
    return spec;
  }

  public FixedPointFormat format() {
    return format;
  }

  /** SGD steps taken so far. */
  public long steps() {
    return steps;
  }

  /** The current weights of layer {@code l} ({@code out x in}, f_w fractional bits). */
  public V weights(int l) {
    return w.get(l);
  }

  /** The current biases of layer {@code l} ({@code 1 x out}, f_w fractional bits). */
  public V biases(int l) {
    return b.get(l);
  }

  /**
   * Resumes from a checkpoint: replaces the weights and biases of every layer, sets the step count
   * and the epochs done ({@code steps / stepsPerEpoch}, the shuffle {@link #trainEpoch} uses next).
   * The values must be in this arithmetic and have the shapes of {@link #spec()}.
   *
   * @throws IllegalArgumentException if a layer is missing or has the wrong shape
   */
  public void restore(List<V> weights, List<V> biases, long steps, int stepsPerEpoch) {
    int layers = spec.layers();
    if (weights.size() != layers || biases.size() != layers) {
      throw new IllegalArgumentException("a checkpoint of " + weights.size() + " weight and " + biases.size()
          + " bias matrices does not fit the " + layers + " layers of " + spec);
    }
    if (steps < 0 || stepsPerEpoch < 1) {
      throw new IllegalArgumentException("steps must be >= 0 and steps per epoch >= 1, got " + steps + ", " + stepsPerEpoch);
    }
    for (int l = 0; l < layers; l++) {
      checkShape("weights", l, weights.get(l), spec.size(l + 1), spec.size(l));
      checkShape("biases", l, biases.get(l), 1, spec.size(l + 1));
    }
    for (int l = 0; l < layers; l++) {
      w.set(l, weights.get(l));
      b.set(l, biases.get(l));
    }
    this.steps = steps;
    this.epochsDone = (int) (steps / stepsPerEpoch);
  }

  private void checkShape(String what, int l, V v, int rows, int cols) {
    if (ar.rows(v) != rows || ar.cols(v) != cols) {
      throw new IllegalArgumentException("given " + what + " of layer " + l + " are " + ar.rows(v) + "x"
          + ar.cols(v) + ", the network " + spec + " needs " + rows + "x" + cols);
    }
  }

  /**
   * One epoch over {@code train} in {@link BatchOrder}, the owner encoding each mini-batch. The last
   * incomplete batch is dropped, as in the float trainer.
   */
  public void trainEpoch(FixedPointData train) {
    checkData(train);
    int[] perm = BatchOrder.permutation(train.size(), config.seed(), epochsDone);
    int bs = config.batchSize();
    for (int start = 0; start + bs <= perm.length; start += bs) {
      V x = ar.encode(train.features(perm, start, bs));
      V y = ar.encode(train.oneHot(perm, start, bs, spec.outputSize()));
      step(x, y);
    }
    epochsDone++;
  }

  /**
   * One SGD step.
   *
   * @param x {@code B x in} inputs at f fractional bits
   * @param y {@code B x out} one-hot labels, 1.0 encoded as {@code 2^f}
   */
  public void step(V x, V y) {
    int layers = spec.layers();
    int f = format.fracBits();
    int fw = format.weightFracBits();
    List<V> a = new ArrayList<>(layers + 1);
    List<V> da = new ArrayList<>(layers + 1);
    a.add(x);
    da.add(null);
    for (int l = 0; l < layers; l++) {
      if (l == layers - 1 && !config.loss().activatesOutput()) {
        a.add(ar.rescale(preActivation(l, a.get(l)), fw));
        da.add(null);
        break;
      }
      boolean needDerivative = l < layers - 1 || config.loss() == Loss.QUADRATIC;
      FixedPointActivation.Result<V> r = actOf(l).apply(ar, preActivation(l, a.get(l)), f + fw, needDerivative);
      a.add(r.value());
      da.add(r.derivative());
    }
    V delta = ar.subtract(a.get(layers), y);
    if (config.loss() == Loss.QUADRATIC) {
      delta = ar.rescale(ar.hadamard(delta, da.get(layers)), f);
    }
    List<V> gw = new ArrayList<>(layers);
    List<V> gb = new ArrayList<>(layers);
    for (int l = 0; l < layers; l++) {
      gw.add(null);
      gb.add(null);
    }
    for (int l = layers - 1; l >= 0; l--) {
      gw.set(l, ar.batchGradient(delta, a.get(l)));
      gb.set(l, ar.sumOverBatch(delta));
      if (l > 0) {
        delta = ar.rescale(ar.hadamard(ar.backLinear(delta, w.get(l)), da.get(l)), f + fw);
      }
    }
    for (int l = 0; l < layers; l++) {
      w.set(l, ar.subtract(w.get(l), scaledStep(gw.get(l), 2 * f)));
      b.set(l, ar.subtract(b.get(l), scaledStep(gb.get(l), f)));
    }
    steps++;
  }

  private FixedPointActivation actOf(int l) {
    return l == spec.layers() - 1 ? outAct : act;
  }

  /** {@code linear(a, W) + b * 2^f}, at f + f_w fractional bits. */
  private V preActivation(int l, V in) {
    V z = ar.linear(in, w.get(l));
    return ar.addRow(z, ar.multiplyConstant(b.get(l), 1L << format.fracBits()));
  }

  /** {@code lr * g} brought from {@code gradFracBits} to f_w fractional bits, lr the rate of this step. */
  private V scaledStep(V g, int gradFracBits) {
    LearningRate lr = config.learningRate(steps);
    long m = lr.numerator();
    V v = m == 1 ? g : ar.multiplyConstant(g, m);
    int shift = gradFracBits + lr.shift() - format.weightFracBits();
    if (shift > 0) {
      return ar.rescale(v, shift);
    }
    if (shift < 0) {
      return ar.multiplyConstant(v, 1L << -shift);
    }
    return v;
  }

  /** Output activations ({@code B x out}, f fractional bits) for inputs {@code x} at f bits. */
  public V forward(V x) {
    V a = x;
    int zBits = format.fracBits() + format.weightFracBits();
    for (int l = 0; l < spec.layers(); l++) {
      V z = preActivation(l, a);
      a = l == spec.layers() - 1 && !config.loss().activatesOutput()
          ? ar.rescale(z, format.weightFracBits())
          : actOf(l).apply(ar, z, zBits, false).value();
    }
    return a;
  }

  /**
   * Test accuracy of the current weights: the owner decodes them and runs {@link #forward} in a
   * fresh {@link PlainArithmetic} (same integers as an encrypted forward pass would give), in
   * batches of 500.
   */
  public double accuracy(FixedPointData test) {
    checkData(test);
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> copy = new FixedPointTrainer<>(plain, spec, format, act, outAct, config);
    for (int l = 0; l < spec.layers(); l++) {
      copy.w.set(l, ar.decode(w.get(l)));
      copy.b.set(l, ar.decode(b.get(l)));
    }
    int[] order = new int[test.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    int ok = 0;
    for (int start = 0; start < order.length; start += 500) {
      int n = Math.min(500, order.length - start);
      LongMatrix out = copy.forward(test.features(order, start, n));
      for (int s = 0; s < n; s++) {
        int best = 0;
        for (int h = 1; h < out.cols(); h++) {
          if (out.get(s, h) > out.get(s, best)) {
            best = h;
          }
        }
        if (best == test.labels()[start + s]) {
          ok++;
        }
      }
    }
    return order.length == 0 ? 0 : (double) ok / order.length;
  }

  private void checkData(FixedPointData data) {
    if (data.dimension() != spec.inputSize()) {
      throw new IllegalArgumentException(
          "data has " + data.dimension() + " features but the network " + spec + " expects " + spec.inputSize());
    }
    if (data.fracBits() != format.fracBits()) {
      throw new IllegalArgumentException(
          "data is encoded at " + data.fracBits() + " fractional bits but the format has f = " + format.fracBits());
    }
    if (data.classes() > spec.outputSize()) {
      throw new IllegalArgumentException(
          "data has " + data.classes() + " classes but the network has " + spec.outputSize() + " outputs");
    }
  }
}
