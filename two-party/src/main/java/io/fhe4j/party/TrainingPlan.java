package io.fhe4j.party;

import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Packing;
import io.fhe4j.nn.fixed.Activations;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.party.proto.RunSpec;

/**
 * What both parties train, as objects: the network, the fixed-point format, the activations, the
 * loss, learning rate and batch size, the layouts, and the number of steps. The server learns it
 * from the owner's {@link RunSpec}; it holds no seed (the seed fixes the initial weights and the
 * batch order, which stay with the owner). Immutable and thread-safe.
 *
 * @param spec the network
 * @param format the fixed-point format
 * @param activation hidden activation name (as {@code train --act})
 * @param outputActivation output activation name
 * @param loss the loss
 * @param lr the learning rate of each step
 * @param batch samples per step
 * @param packing the layout family
 * @param steps SGD steps of the run
 */
public record TrainingPlan(NetworkSpec spec, FixedPointFormat format, String activation, String outputActivation,
    Loss loss, LearningRateSchedule lr, int batch, Packing packing, long steps) {
  /** Largest network width, batch and step count the server accepts from a peer. */
  static final int MAX_WIDTH = 1 << 16;
  static final int MAX_BATCH = 1 << 16;
  static final long MAX_STEPS = 1L << 32;
  /** Longest schedule text the server reads from a peer. */
  static final int MAX_SCHEDULE_CHARS = 2048;

  /** Checks the sizes. */
  public TrainingPlan {
    if (batch < 1 || batch > MAX_BATCH || steps < 1 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("batch must be in [1, " + MAX_BATCH + "] and steps in [1, " + MAX_STEPS
          + "], got " + batch + " and " + steps);
    }
  }

  /** The hidden layers' activation. */
  public FixedPointActivation hiddenActivation() {
    return Activations.fixed(activation, format);
  }

  /** The output layer's activation. */
  public FixedPointActivation outputActivationFunction() {
    return Activations.fixed(outputActivation, format);
  }

  /** This plan as the library's configuration, with the owner's {@code seed}. */
  public io.fhe4j.nn.fixed.TrainingSetup setup(long seed) {
    return new io.fhe4j.nn.fixed.TrainingSetup(spec, activation, outputActivation, format, loss, lr, batch, seed);
  }

  /** The training configuration with {@code seed} (the owner's; the server passes 0, unused). */
  public TrainingConfig config(long seed) {
    return new TrainingConfig(batch, 1, lr, seed, loss);
  }

  /** The message. */
  public RunSpec toMsg() {
    RunSpec.Builder b = RunSpec.newBuilder();
    for (int s : spec.sizes()) {
      b.addLayerSizes(s);
    }
    return b.setFracBits(format.fracBits()).setWeightFracBits(format.weightFracBits())
        .setCoefficientFracBits(format.coeffBits()).setActivation(activation)
        .setOutputActivation(outputActivation).setLoss(loss.name()).setLrNumerator(lr.initial().numerator())
        .setLrShift(lr.initial().shift()).setLrSchedule(lr.isConstant() ? "" : lr.toString()).setBatchSize(batch)
        .setPacking(packing.name()).setSteps(steps).build();
  }

  /**
   * The plan of a message.
   *
   * @throws ProtocolException INVALID_ARGUMENT if a field is missing, unknown or out of range
   */
  public static TrainingPlan of(RunSpec m) {
    try {
      if (m.getLayerSizesCount() < 2 || m.getLayerSizesCount() > 16) {
        throw new IllegalArgumentException("a network of " + m.getLayerSizesCount() + " widths (2 to 16)");
      }
      int[] sizes = new int[m.getLayerSizesCount()];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = m.getLayerSizes(i);
        if (sizes[i] < 1 || sizes[i] > MAX_WIDTH) {
          throw new IllegalArgumentException("layer width " + sizes[i] + " outside [1, " + MAX_WIDTH + "]");
        }
      }
      for (String a : new String[] {m.getActivation(), m.getOutputActivation()}) {
        if (!a.matches("poly[1-7]-(mm|ls)[0-9]{1,3}(-mono)?")) {
          throw new IllegalArgumentException("activation '" + Wire.abbreviate(a) + "' is not poly<1-7>-<mm|ls><R>[-mono]");
        }
      }
      FixedPointFormat format = new FixedPointFormat(m.getFracBits(), m.getWeightFracBits(),
          m.getCoefficientFracBits());
      LearningRate lr0 = new LearningRate(m.getLrNumerator(), m.getLrShift());
      if (m.getLrSchedule().length() > MAX_SCHEDULE_CHARS) {
        throw new IllegalArgumentException("a learning-rate schedule of " + m.getLrSchedule().length() + " characters"
            + " (at most " + MAX_SCHEDULE_CHARS + ")");
      }
      LearningRateSchedule lr = m.getLrSchedule().isEmpty() ? LearningRateSchedule.constant(lr0)
          : LearningRateSchedule.parse(m.getLrSchedule());
      if (!lr.initial().equals(lr0)) {
        throw new IllegalArgumentException("the schedule starts at " + lr.initial() + ", the rate says " + lr0);
      }
      TrainingPlan p = new TrainingPlan(NetworkSpec.of(sizes), format, m.getActivation(), m.getOutputActivation(),
          Loss.valueOf(m.getLoss()), lr, m.getBatchSize(),
          Packing.valueOf(m.getPacking()), m.getSteps());
      p.hiddenActivation();
      p.outputActivationFunction();
      return p;
    } catch (RuntimeException e) {
      throw ProtocolException.invalid("unusable run spec: " + Wire.abbreviate(String.valueOf(e.getMessage())));
    }
  }
}
