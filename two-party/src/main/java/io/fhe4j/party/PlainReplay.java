package io.fhe4j.party;

import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner's plain fixed-point replay of a run: {@link FixedPointTrainer} on {@link
 * PlainArithmetic} with the same plan, seed and batches, whose weights the decrypted model must
 * equal bit for bit, at once or step by step ({@link Cursor}); and the test accuracy of a given
 * model. Stateless.
 */
public final class PlainReplay {
  private PlainReplay() {}

  /** The plain trainer after {@code steps} steps on {@code train}. */
  public static FixedPointTrainer<LongMatrix> train(TrainingPlan plan, long seed, FixedPointData train, long steps) {
    Cursor c = new Cursor(plan, seed, train);
    c.advanceTo(steps);
    return c.trainer();
  }

  /**
   * The replay as it goes: a plain trainer that steps forward to a given step count, for the
   * evaluations during a run. Mutable, not thread-safe.
   */
  public static final class Cursor {
    private final TrainingPlan plan;
    private final long seed;
    private final FixedPointData train;
    private final PlainArithmetic plain = new PlainArithmetic();
    private final FixedPointTrainer<LongMatrix> trainer;
    private final int perEpoch;
    private int[] perm;
    private long at;

    /** The replay before its first step. */
    public Cursor(TrainingPlan plan, long seed, FixedPointData train) {
      this.plan = plan;
      this.seed = seed;
      this.train = train;
      this.trainer = new FixedPointTrainer<>(plain, plan.spec(), plan.format(), plan.hiddenActivation(),
          plan.outputActivationFunction(), plan.config(seed));
      this.perEpoch = train.size() / plan.batch();
    }

    /** Trains on to {@code steps} steps (no-op if already there); returns the trainer. */
    public FixedPointTrainer<LongMatrix> advanceTo(long steps) {
      if (steps < at) {
        throw new IllegalArgumentException("the replay is at step " + at + ", past " + steps);
      }
      for (; at < steps; at++) {
        if (at % perEpoch == 0 || perm == null) {
          perm = BatchOrder.permutation(train.size(), seed, (int) (at / perEpoch));
        }
        int from = (int) (at % perEpoch) * plan.batch();
        trainer.step(plain.encode(train.features(perm, from, plan.batch())),
            plain.encode(train.oneHot(perm, from, plan.batch(), plan.spec().outputSize())));
      }
      return trainer;
    }

    /** The trainer at the current step. */
    public FixedPointTrainer<LongMatrix> trainer() {
      return trainer;
    }
  }

  /** The parameters of a plain trainer (weights and biases alternating, layer by layer). */
  public static List<LongMatrix> parameters(FixedPointTrainer<LongMatrix> t) {
    List<LongMatrix> out = new ArrayList<>();
    for (int l = 0; l < t.spec().layers(); l++) {
      out.add(t.weights(l));
      out.add(t.biases(l));
    }
    return out;
  }

  /** Test accuracy of {@code model} (weights and biases alternating) on {@code test}. */
  public static double accuracy(TrainingPlan plan, List<LongMatrix> model, FixedPointData test) {
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(plain, plan.spec(), plan.format(),
        plan.hiddenActivation(), plan.outputActivationFunction(), plan.config(0));
    List<LongMatrix> w = new ArrayList<>();
    List<LongMatrix> b = new ArrayList<>();
    for (int l = 0; l < plan.spec().layers(); l++) {
      w.add(model.get(2 * l));
      b.add(model.get(2 * l + 1));
    }
    t.restore(w, b, 0, 1);
    return t.accuracy(test);
  }
}
