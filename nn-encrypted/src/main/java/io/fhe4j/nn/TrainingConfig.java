package io.fhe4j.nn;

/**
 * Mini-batch SGD settings shared by {@link FloatTrainer} and {@link
 * io.fhe4j.nn.fixed.FixedPointTrainer}, so both see the same batches in the same order.
 *
 * @param batchSize samples per mini-batch (the paper: 60); a last incomplete batch of an epoch is
 *     dropped
 * @param epochs passes over the training set
 * @param schedule the learning rate of each step, applied to the sum of the gradients over a mini-batch
 * @param seed seeds the weight initialization and the per-epoch shuffles
 * @param loss the training loss
 */
public record TrainingConfig(int batchSize, int epochs, LearningRateSchedule schedule, long seed, Loss loss) {
  /** The paper's mini-batch size. */
  public static final int PAPER_BATCH = 60;

  /** Validates the fields. */
  public TrainingConfig {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    }
    if (schedule == null || loss == null) {
      throw new IllegalArgumentException("schedule and loss are required");
    }
  }

  /** One learning rate for every step. */
  public TrainingConfig(int batchSize, int epochs, LearningRate learningRate, long seed, Loss loss) {
    this(batchSize, epochs, LearningRateSchedule.constant(requireRate(learningRate)), seed, loss);
  }

  private static LearningRate requireRate(LearningRate lr) {
    if (lr == null) {
      throw new IllegalArgumentException("learningRate is required");
    }
    return lr;
  }

  /** The learning rate of step 0 (of every step when the schedule is constant). */
  public LearningRate learningRate() {
    return schedule.initial();
  }

  /** The learning rate of SGD step {@code step} (0-based, over the whole run). */
  public LearningRate learningRate(long step) {
    return schedule.at(step);
  }

  /** The paper's setup: batch 60, quadratic loss, rate 2^-5 on the batch sum (about 1.9 per mean). */
  public static TrainingConfig paper(int epochs, long seed) {
    return new TrainingConfig(PAPER_BATCH, epochs, LearningRate.powerOfTwo(5), seed, Loss.QUADRATIC);
  }

  /** A copy with one learning rate for every step. */
  public TrainingConfig withLearningRate(LearningRate lr) {
    return new TrainingConfig(batchSize, epochs, LearningRateSchedule.constant(lr), seed, loss);
  }

  /** A copy with another schedule. */
  public TrainingConfig withSchedule(LearningRateSchedule s) {
    return new TrainingConfig(batchSize, epochs, s, seed, loss);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int e) {
    return new TrainingConfig(batchSize, e, schedule, seed, loss);
  }

  /** A copy with another loss. */
  public TrainingConfig withLoss(Loss l) {
    return new TrainingConfig(batchSize, epochs, schedule, seed, l);
  }
}
