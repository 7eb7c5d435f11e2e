package io.fhe4j.nn.fixed;

import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.FloatTrainer;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.Sigmoid;
import io.fhe4j.nn.TrainingConfig;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a network is trained with, in one public value: the network's widths, the hidden and output
 * activations by name ({@link Activations}), the fixed-point format, the loss, the learning rate,
 * the mini-batch size and the seed (initial weights and batch order). The same setup builds the
 * plain {@link FixedPointTrainer} (whose integers an encrypted run reproduces bit for bit), the
 * encrypted one (on any {@link FixedPointArithmetic}) and the float sigmoid trainer to compare with.
 *
 * <p>{@link #recommended(int, int)} is nn-encrypted/README.md's recommended encrypted configuration
 * for {@code inputs} features and {@code classes} classes (the {@code train} command's defaults):
 * one hidden layer of {@value #DEFAULT_HIDDEN}, {@value Activations#HIDDEN} / {@value
 * Activations#OUTPUT}, f = 8, f_w = 12, f_c = 16, cross-entropy, lr 2^-5 on the batch sum, batch 60,
 * seed 1. The {@code with...} methods return changed copies.
 *
 * <pre>{@code
 * TrainingSetup setup = TrainingSetup.recommended(data.dimension(), data.classes()).withHidden(64);
 * FixedPointTrainer<LongMatrix> t = setup.plainTrainer();
 * }</pre>
 *
 * <p>Validated on construction (activations built in the format); immutable and thread-safe.
 *
 * @param network the widths, input first
 * @param activation the hidden layers' activation name
 * @param outputActivation the output layer's activation name
 * @param format the fixed-point format
 * @param loss the loss
 * @param learningRate the rate on the batch sum of the gradients, step by step (a constant rate or a schedule)
 * @param batch samples per step
 * @param seed initial weights and batch order
 */
public record TrainingSetup(NetworkSpec network, String activation, String outputActivation, FixedPointFormat format,
    Loss loss, LearningRateSchedule learningRate, int batch, long seed) {
  /** The recommended hidden width of {@link #recommended}. */
  public static final int DEFAULT_HIDDEN = 32;

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException naming the field if an activation is unknown or does not fit
   *     the format, or the batch is below 1
   */
  public TrainingSetup {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(learningRate, "learningRate");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    Activations.fixed(activation, format);
    Activations.fixed(outputActivation, format);
  }

  /** The recommended configuration (see the class comment) for {@code inputs} features and {@code classes} classes. */
  public static TrainingSetup recommended(int inputs, int classes) {
    return new TrainingSetup(NetworkSpec.of(inputs, DEFAULT_HIDDEN, classes), Activations.HIDDEN, Activations.OUTPUT,
        new FixedPointFormat(8, 12, 16), Loss.CROSS_ENTROPY, LearningRateSchedule.constant(LearningRate.powerOfTwo(5)),
        TrainingConfig.PAPER_BATCH, 1);
  }

  /** A copy with these hidden widths between the same input and output (none: no hidden layer). */
  public TrainingSetup withHidden(int... widths) {
    int[] s = new int[widths.length + 2];
    s[0] = network.inputSize();
    System.arraycopy(widths, 0, s, 1, widths.length);
    s[s.length - 1] = network.outputSize();
    return withNetwork(NetworkSpec.of(s));
  }

  /** The hidden widths (a fresh array). */
  public int[] hidden() {
    int[] s = network.sizes();
    return Arrays.copyOfRange(s, 1, s.length - 1);
  }

  /** A copy with another network. */
  public TrainingSetup withNetwork(NetworkSpec n) {
    return new TrainingSetup(n, activation, outputActivation, format, loss, learningRate, batch, seed);
  }

  /** A copy with other activations. */
  public TrainingSetup withActivations(String hidden, String output) {
    return new TrainingSetup(network, hidden, output, format, loss, learningRate, batch, seed);
  }

  /** A copy with another format. */
  public TrainingSetup withFormat(FixedPointFormat f) {
    return new TrainingSetup(network, activation, outputActivation, f, loss, learningRate, batch, seed);
  }

  /** A copy with another loss. */
  public TrainingSetup withLoss(Loss l) {
    return new TrainingSetup(network, activation, outputActivation, format, l, learningRate, batch, seed);
  }

  /** A copy with another learning rate. */
  public TrainingSetup withLearningRate(LearningRateSchedule lr) {
    return new TrainingSetup(network, activation, outputActivation, format, loss, lr, batch, seed);
  }

  /** A copy with the constant rate {@code lr}. */
  public TrainingSetup withLearningRate(LearningRate lr) {
    return withLearningRate(LearningRateSchedule.constant(lr));
  }

  /** A copy with another batch size. */
  public TrainingSetup withBatch(int b) {
    return new TrainingSetup(network, activation, outputActivation, format, loss, learningRate, b, seed);
  }

  /** A copy with another seed. */
  public TrainingSetup withSeed(long s) {
    return new TrainingSetup(network, activation, outputActivation, format, loss, learningRate, batch, s);
  }

  /** The hidden layers' fixed-point activation. */
  public FixedPointActivation hiddenActivation() {
    return Activations.fixed(activation, format);
  }

  /** The output layer's fixed-point activation. */
  public FixedPointActivation outputActivationFunction() {
    return Activations.fixed(outputActivation, format);
  }

  /** The SGD settings for {@code epochs} epochs (at least 1 for {@link FixedPointTrainer#trainEpoch}). */
  public TrainingConfig config(int epochs) {
    return new TrainingConfig(batch, epochs, learningRate, seed, loss);
  }

  /** The fixed-point trainer of this setup on {@code arithmetic} (e.g. an encrypted one), initial weights from the seed. */
  public <V> FixedPointTrainer<V> trainer(FixedPointArithmetic<V> arithmetic) {
    return new FixedPointTrainer<>(arithmetic, network, format, hiddenActivation(), outputActivationFunction(),
        config(1));
  }

  /** The plain fixed-point trainer: the exact integers an encrypted run of this setup reproduces. */
  public FixedPointTrainer<LongMatrix> plainTrainer() {
    return trainer(new PlainArithmetic());
  }

  /**
   * The float trainer with the exact sigmoid on every layer, the same network, loss, learning rate,
   * batch and seed: the reference of what fixed point and encryption cost.
   */
  public FloatTrainer floatSigmoidTrainer(int epochs) {
    return new FloatTrainer(network, Sigmoid.INSTANCE, Sigmoid.INSTANCE, config(Math.max(1, epochs)));
  }

  /**
   * The test accuracy of {@link #floatSigmoidTrainer} after {@code steps} SGD steps on the same
   * mini-batches a fixed-point run of this setup takes ({@link BatchOrder}, whole batches of each
   * epoch), on the fixed-point features read back as reals ({@code q / 2^f}): what the same network
   * reaches without fixed point and without encryption. Costs seconds for small networks.
   */
  public double floatSigmoidAccuracy(FixedPointData train, FixedPointData test, long steps) {
    FloatTrainer t = floatSigmoidTrainer(1);
    Samples tr = samples(train);
    int perEpoch = train.size() / batch;
    if (perEpoch < 1) {
      throw new IllegalArgumentException("batch " + batch + " is larger than the " + train.size() + " training samples");
    }
    int[] perm = null;
    double[][] x = new double[batch][];
    int[] y = new int[batch];
    for (long s = 0; s < steps; s++) {
      int inEpoch = (int) (s % perEpoch);
      if (inEpoch == 0 || perm == null) {
        perm = BatchOrder.permutation(train.size(), seed, (int) (s / perEpoch));
      }
      for (int k = 0; k < batch; k++) {
        int i = perm[inEpoch * batch + k];
        x[k] = tr.row(i);
        y[k] = tr.labels()[i];
      }
      t.step(x, y);
    }
    return t.accuracy(samples(test));
  }

  private static Samples samples(FixedPointData d) {
    int[] q = d.features();
    float[] x = new float[q.length];
    double one = Math.scalb(1.0, d.fracBits());
    for (int i = 0; i < q.length; i++) {
      x[i] = (float) (q[i] / one);
    }
    return new Samples(x, d.dimension(), d.labels(), d.classes());
  }
}
