package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.NoiseBudgetExhaustedException;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sources sent at the lowest level their refreshes allow; too low a level fails loudly. */
class LevelPlanTest {
  static Context context;

  @BeforeAll
  static void setUp() {
    EncryptedArithmeticTest.setUp();
    context = EncryptedArithmeticTest.context;
  }

  @Test
  void anEndpointWithSlackLowersItsSourcesAtTheNextStep() {
    LevelPlan plan = new LevelPlan(context, true);
    int top = context.maxLevel();
    plan.endpoint("z", Set.of("x", "w"), 120); // one product from the top: one 60-bit prime to spare
    plan.endpoint("y", Set.of("w", "v"), 64); // two products: 4 bits beyond one prime, below the headroom
    assertEquals(top, plan.level("x"), "findings take effect at the next step");
    plan.commit();
    assertEquals(top - 1, plan.level("x"));
    assertEquals(top, plan.level("w"), "a source takes the smallest lowering of all its endpoints");
    assertEquals(top, plan.level("v"));
    assertEquals(top, plan.level("never seen"));
    // at the lower level the same endpoint keeps about 60 bits: stays; near the margin: back up
    plan.endpoint("z", Set.of("x"), 60);
    plan.commit();
    assertEquals(top - 1, plan.level("x"));
    plan.endpoint("z", Set.of("x"), LevelPlan.MARGIN + 1);
    plan.commit();
    assertEquals(top, plan.level("x"));
    // a deep endpoint with the whole chain to spare goes down several levels, never below 1
    plan.endpoint("b", Set.of("b"), 1000);
    plan.commit();
    assertEquals(1, plan.level("b"));
  }

  @Test
  void anEndpointBelowTheMarginFailsOnTheServerNamingItsSources() {
    LevelPlan plan = new LevelPlan(context, true);
    NoiseBudgetExhaustedException e = assertThrows(NoiseBudgetExhaustedException.class,
        () -> plan.endpoint("refresh rescale:6x8:12#1", Set.of("encode:6x16:0#1"), 1.5));
    assertTrue(e.getMessage().contains("rescale:6x8:12#1") && e.getMessage().contains("encode:6x16:0#1 at level "
        + context.maxLevel()), e.getMessage());
  }

  @Test
  void aSourceReceivedBelowTheAskedLevelIsRefused() {
    DataOwner owner = DataOwner.deterministicForTests(context, 5);
    KeyHolder lowest = new Forwarding(owner) {
      @Override
      public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
        return owner.encrypt(handle, layouts, new Encoding(1, 1));
      }
    };
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), lowest);
    EncryptedMatrix a = enc.encode(LongMatrix.of(new long[][] {{1, 2}, {3, 4}}));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> enc.decode(a));
    assertTrue(e.getMessage().contains("at level 1 where level " + context.maxLevel()), e.getMessage());
  }

  @Test
  void fromTheSecondStepUploadsAndRefreshOutputsComeBelowTheTopAndTheWeightsStayBitIdentical() {
    NetworkSpec spec = NetworkSpec.parse("16-8-4");
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    FixedPointActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -32, 32), fmt);
    TrainingConfig cfg = new TrainingConfig(6, 1, LearningRate.powerOfTwo(5), 11, Loss.CROSS_ENTROPY);
    FixedPointData data = FixedPointData.quantize(EncryptedArithmeticTest.blobs(32, 16, 4, 3), 8);
    DataOwner owner = EncryptedArithmeticTest.sharedOwner;
    List<Integer> levels = new ArrayList<>();
    KeyHolder recording = new Forwarding(owner) {
      @Override
      public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
        return record(owner.encrypt(handle, layouts, encoding));
      }

      @Override
      public List<Refreshed> refresh(List<RefreshRequest> requests) {
        List<Refreshed> r = owner.refresh(requests);
        for (Refreshed x : r) {
          record(x.views());
        }
        return r;
      }

      private List<List<Ciphertext>> record(List<List<Ciphertext>> views) {
        for (List<Ciphertext> v : views) {
          for (Ciphertext c : v) {
            levels.add(c.level());
          }
        }
        return views;
      }
    };
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, out, cfg);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), recording);
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(enc, spec, fmt, act, out, cfg);
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    int top = context.maxLevel();
    for (int s = 0; s < 3; s++) {
      levels.clear();
      // batch 6: the inputs' site (6x16) differs from the first weights' (8x16), which stay at the top
      ref.step(plain.encode(data.features(perm, s * 6, 6)), plain.encode(data.oneHot(perm, s * 6, 6, 4)));
      trainer.step(enc.encode(data.features(perm, s * 6, 6)), enc.encode(data.oneHot(perm, s * 6, 6, 4)));
      long below = levels.stream().filter(l -> l < top).count();
      if (s == 0) {
        assertEquals(0, below, "the first step learns at the top level: " + levels);
      } else {
        assertTrue(below > levels.size() / 3, "step " + (s + 1) + ": " + below + " of " + levels.size()
            + " ciphertexts below level " + top + ": " + levels + ", plan " + enc.sourceLevels());
      }
    }
    // the first layer's weight update (8x16, rounded by 2f + s - f_w = 9 bits) comes below the top,
    // with the canonical plaintext factor of its level, and adds to the weights bit-exactly
    assertTrue(enc.sourceLevels().getOrDefault("rescale:8x16:9#1", top) < top, "plan " + enc.sourceLevels());
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(ref.weights(l), enc.decode(trainer.weights(l)), "weights of layer " + l);
      assertEquals(ref.biases(l), enc.decode(trainer.biases(l)), "biases of layer " + l);
    }
  }

  @Test
  void anOwnerThatIgnoresEncodingsAnswersAtTheTopAndTrainingStaysBitIdentical() {
    // KeyHolder's default encrypt(handle, layouts, encoding) and a refresher that ignores the
    // request's encoding: every value at the top level with factor 1, which the server accepts
    NetworkSpec spec = NetworkSpec.parse("16-8-4");
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    TrainingConfig cfg = new TrainingConfig(6, 1, LearningRate.powerOfTwo(5), 11, Loss.CROSS_ENTROPY);
    FixedPointData data = FixedPointData.quantize(EncryptedArithmeticTest.blobs(24, 16, 4, 3), 8);
    DataOwner owner = EncryptedArithmeticTest.sharedOwner;
    KeyHolder ignoring = new Forwarding(owner) {
      @Override
      public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
        return owner.encrypt(handle, layouts);
      }

      @Override
      public List<Refreshed> refresh(List<RefreshRequest> requests) {
        List<RefreshRequest> top = new ArrayList<>();
        for (RefreshRequest q : requests) {
          top.add(new RefreshRequest(q.input(), q.inputLayout(), q.bits(), q.layouts(), KeyHolder.Encoding.TOP, q.bound()));
        }
        return owner.refresh(top);
      }
    };
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, act, cfg);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), ignoring);
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(enc, spec, fmt, act, act, cfg);
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    for (int s = 0; s < 3; s++) {
      ref.step(plain.encode(data.features(perm, s * 6, 6)), plain.encode(data.oneHot(perm, s * 6, 6, 4)));
      trainer.step(enc.encode(data.features(perm, s * 6, 6)), enc.encode(data.oneHot(perm, s * 6, 6, 4)));
    }
    assertTrue(enc.sourceLevels().size() > 0, "the plan asked for lower levels");
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(ref.weights(l), enc.decode(trainer.weights(l)), "weights of layer " + l);
    }
  }

  /** A key holder that forwards everything to another. */
  private static class Forwarding implements KeyHolder {
    final KeyHolder to;

    Forwarding(KeyHolder to) {
      this.to = to;
    }

    @Override
    public long submit(LongMatrix values) {
      return to.submit(values);
    }

    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
      return encrypt(handle, layouts, Encoding.TOP);
    }

    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
      return to.encrypt(handle, layouts, encoding);
    }

    @Override
    public List<Refreshed> refresh(List<RefreshRequest> requests) {
      return to.refresh(requests);
    }

    @Override
    public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
      return to.decrypt(value, layout);
    }

    @Override
    public void release(long handle) {
      to.release(handle);
    }

    @Override
    public ExchangeStats stats() {
      return to.stats();
    }
  }
}
