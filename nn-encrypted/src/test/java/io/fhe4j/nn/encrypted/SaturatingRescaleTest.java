package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.TestData;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import io.fhe4j.nn.fixed.Rounding;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The saturating rescale (issue 22) on ciphertexts: the refresher clamps exactly as {@code PlainArithmetic}, so a
 * run where the clamp bites stays bit-identical; and the owner's magnitude check stops a run near t/2.
 */
class SaturatingRescaleTest {
  /** N = 2048, a 40-bit t, four 60-bit primes (insecure, tests only), as EncryptedArithmeticTest. */
  static Context context;
  static DataOwner owner;

  @BeforeAll
  static void setUp() {
    context = SmallContext.build();
    owner = DataOwner.deterministicForTests(context, 13);
  }

  @Test
  void refresherClampsTheRoundedValue() {
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner);
    long[][] v = {{123_456, -98_765, 3}, {4_000_000, -1, -4_000_001}};
    LongMatrix got = enc.decode(enc.rescale(enc.encode(LongMatrix.of(v)), 9, 2000));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(Rounding.shiftRoundClamp(v[i][j], 9, 2000), got.get(i, j), "entry " + i + "," + j);
      }
    }
    assertEquals(2000, got.get(1, 0));
    assertEquals(-2000, got.get(1, 2));
  }

  @Test
  void trainingWhereTheClampBitesIsBitIdentical() {
    // a hidden polynomial fitted on [-1/4, 1/4]: most pre-activations of these inputs lie beyond it
    NetworkSpec spec = NetworkSpec.parse("16-8-4");
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 10);
    FixedPointActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -0.25, 0.25), fmt,
        PolynomialFixedActivation.Saturation.INTERVAL);
    FixedPointActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -32, 32), fmt);
    int batch = 8;
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(3), 11, Loss.CROSS_ENTROPY);
    FixedPointData data = FixedPointData.quantize(TestData.blobs(batch * 4, 16, 4, 3), 8);
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, out, cfg);
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner);
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(enc, spec, fmt, act, out, cfg);
    int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), 0);
    for (int s = 0; s < 3; s++) {
      ref.step(plain.encode(data.features(perm, s * batch, batch)),
          plain.encode(data.oneHot(perm, s * batch, batch, 4)));
      trainer.step(enc.encode(data.features(perm, s * batch, batch)),
          enc.encode(data.oneHot(perm, s * batch, batch, 4)));
    }
    assertTrue(plain.stats().clampedValues() > 20, "the clamp should bite: " + plain.stats());
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(ref.weights(l), enc.decode(trainer.weights(l)), "weights of layer " + l);
      assertEquals(ref.biases(l), enc.decode(trainer.biases(l)), "biases of layer " + l);
    }
  }

  @Test
  void aValueBeyondAQuarterOfTStopsTheRefreshWithTheFix() {
    long t = context.plaintextModulus();
    EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner);
    // just below t/4 passes
    long ok = t / 4;
    assertEquals(Rounding.shiftRound(ok, 3), enc.decode(enc.rescale(enc.encode(LongMatrix.of(new long[][] {{ok, 1}})), 3))
        .get(0, 0));
    long big = -(t / 4 + 1);
    EncryptedMatrix x = enc.encode(LongMatrix.of(new long[][] {{1, big}, {2, 3}}));
    PlaintextMagnitudeException e = assertThrows(PlaintextMagnitudeException.class,
        () -> enc.decode(enc.rescale(x, 3)));
    String m = e.getMessage();
    int vBits = 64 - Long.numberOfLeadingZeros(-big);
    assertTrue(m.contains("2x2") && m.contains("(" + vBits + " bits)") && m.contains("40 bits")
        && m.contains("--t-bits " + (vBits + 3)) && m.contains("rounding by 3 bits"), m);
    assertEquals(0, e.step(), "no step told: none named");
    assertFalse(m.startsWith("step"), m);

    owner.atStep(17);
    EncryptedMatrix y = enc.encode(LongMatrix.of(new long[][] {{1, big}, {2, 3}}));
    PlaintextMagnitudeException named = assertThrows(PlaintextMagnitudeException.class,
        () -> enc.decode(enc.rescale(y, 3)));
    assertEquals(17, named.step());
    assertTrue(named.getMessage().startsWith("step 17, refresh round "), named.getMessage());
    owner.atStep(0);
  }

  @Test
  void refresherRefusesABoundOfHalfTOrMore() {
    long t = context.plaintextModulus();
    long h = owner.submit(LongMatrix.of(new long[][] {{5}}));
    Layout l = Layout.dense(1, 1, context.n());
    List<io.fhe4j.bgv.Ciphertext> cts = owner.encrypt(h, List.of(l)).get(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> owner.refresh(
        List.of(new KeyHolder.RefreshRequest(cts, l, 1, List.of(l), KeyHolder.Encoding.TOP, t / 2))));
    assertTrue(e.getMessage().contains("t/2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new KeyHolder.RefreshRequest(cts, l, 1, List.of(l),
        KeyHolder.Encoding.TOP, -1));
  }
}
