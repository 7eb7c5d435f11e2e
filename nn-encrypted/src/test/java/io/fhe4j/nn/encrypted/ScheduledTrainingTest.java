package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fhe4j.bgv.Context;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.TestData;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointArithmetic;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MNIST recommendation's rules on ciphertexts: a learning-rate schedule (another plaintext constant and rescale
 * shift per step) and an output activation clamped where it rises ({@link PolynomialFixedActivation.Saturation#MONOTONE})
 * keep an encrypted run bit-identical to {@link FixedPointTrainer}, also across a restore in mid-schedule.
 */
class ScheduledTrainingTest {
  static Context context;
  static DataOwner owner;
  static final NetworkSpec SPEC = NetworkSpec.parse("16-8-4");
  static final FixedPointFormat FMT = new FixedPointFormat(8, 12, 10);
  static final int BATCH = 8;
  /** A different numerator or shift at every step, as 3/6,6@3000 changes both. */
  static final LearningRateSchedule SCHEDULE = LearningRateSchedule.parse("3,3/4@1,5@2");

  @BeforeAll
  static void setUp() {
    context = SmallContext.build();
    owner = DataOwner.deterministicForTests(context, 17);
  }

  private static <V> FixedPointTrainer<V> trainer(FixedPointArithmetic<V> ar, LearningRateSchedule s) {
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), FMT);
    FixedPointActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -2, 2), FMT,
        PolynomialFixedActivation.Saturation.MONOTONE);
    return new FixedPointTrainer<>(ar, SPEC, FMT, act, out, new TrainingConfig(BATCH, 1, s, 11, Loss.CROSS_ENTROPY));
  }

  private static <V> void steps(FixedPointArithmetic<V> ar, FixedPointTrainer<V> t, int from, int to) {
    FixedPointData data = FixedPointData.quantize(TestData.blobs(BATCH * 4, 16, 4, 3), 8);
    int[] perm = BatchOrder.permutation(data.size(), 11, 0);
    for (int s = from; s < to; s++) {
      t.step(ar.encode(data.features(perm, s * BATCH, BATCH)), ar.encode(data.oneHot(perm, s * BATCH, BATCH, 4)));
    }
  }

  private static List<LongMatrix> model(FixedPointArithmetic<?> ar, FixedPointTrainer<?> t) {
    return modelOf(ar, t);
  }

  @SuppressWarnings("unchecked")
  private static <V> List<LongMatrix> modelOf(FixedPointArithmetic<V> ar, FixedPointTrainer<?> t) {
    List<LongMatrix> out = new ArrayList<>();
    for (int l = 0; l < SPEC.layers(); l++) {
      out.add(ar.decode((V) t.weights(l)));
      out.add(ar.decode((V) t.biases(l)));
    }
    return out;
  }

  @Test
  void encryptedRunWithAScheduleAndAMonotoneOutputIsBitIdentical() {
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = trainer(plain, SCHEDULE);
    steps(plain, ref, 0, 3);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner);
    FixedPointTrainer<EncryptedMatrix> et = trainer(enc, SCHEDULE);
    steps(enc, et, 0, 3);
    assertEquals(model(plain, ref), model(enc, et));

    // the schedule mattered: the first rate throughout gives other weights
    FixedPointTrainer<LongMatrix> constant = trainer(new PlainArithmetic(), LearningRateSchedule.constant(
        LearningRate.powerOfTwo(3)));
    steps(new PlainArithmetic(), constant, 0, 3);
    assertNotEquals(model(plain, ref), model(new PlainArithmetic(), constant));
  }

  @Test
  void aTrainerRestoredInMidScheduleTakesTheRateOfItsStep() {
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = trainer(plain, SCHEDULE);
    steps(plain, ref, 0, 2);
    List<LongMatrix> w = List.of(ref.weights(0), ref.weights(1));
    List<LongMatrix> b = List.of(ref.biases(0), ref.biases(1));
    steps(plain, ref, 2, 3);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner);
    FixedPointTrainer<EncryptedMatrix> resumed = trainer(enc, SCHEDULE);
    resumed.restore(List.of(enc.encode(w.get(0)), enc.encode(w.get(1))),
        List.of(enc.encode(b.get(0)), enc.encode(b.get(1))), 2, 4);
    steps(enc, resumed, 2, 3);
    assertEquals(model(plain, ref), model(enc, resumed));
  }
}
