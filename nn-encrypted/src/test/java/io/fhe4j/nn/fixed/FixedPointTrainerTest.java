package io.fhe4j.nn.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.nn.FloatTrainer;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialActivation;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.TableSigmoid;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.ArithmeticStats.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FixedPointTrainerTest {
  static Samples blobs(int n, int dim, int classes, long seed) {
    return io.fhe4j.nn.TestData.blobs(n, dim, classes, seed);
  }

  private static final NetworkSpec NET = NetworkSpec.of(12, 8, 6, 4);

  @ParameterizedTest
  @EnumSource(Loss.class)
  void manyFractionalBitsTrackTheFloatTrainer(Loss loss) {
    Samples train = blobs(600, 12, 4, 3);
    // a linear output layer needs a smaller rate to stay stable
    TrainingConfig cfg = new TrainingConfig(20, 2,
        LearningRate.powerOfTwo(loss == Loss.QUADRATIC_LINEAR_OUTPUT ? 6 : 3), 5, loss);
    FixedPointFormat fmt = new FixedPointFormat(14, 20, 16);
    PolynomialFixedActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidLeastSquares(3, -8, 8), fmt);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> fixed = new FixedPointTrainer<>(ar, NET, fmt, act, cfg);
    // the float trainer uses exactly the polynomial the integer coefficients represent
    FloatTrainer flt = new FloatTrainer(NET, act.real(), cfg);
    FixedPointData data = FixedPointData.quantize(train, fmt.fracBits());
    for (int e = 0; e < cfg.epochs(); e++) {
      fixed.trainEpoch(data);
      flt.trainEpoch(train);
    }
    double maxDiff = 0;
    double maxW = 0;
    for (int l = 0; l < NET.layers(); l++) {
      LongMatrix w = ar.decode(fixed.weights(l));
      for (int h = 0; h < w.rows(); h++) {
        for (int j = 0; j < w.cols(); j++) {
          double fw = Math.scalb((double) w.get(h, j), -fmt.weightFracBits());
          maxDiff = Math.max(maxDiff, Math.abs(fw - flt.weights()[l][h][j]));
          maxW = Math.max(maxW, Math.abs(flt.weights()[l][h][j]));
        }
        double fb = Math.scalb((double) ar.decode(fixed.biases(l)).get(0, h), -fmt.weightFracBits());
        maxDiff = Math.max(maxDiff, Math.abs(fb - flt.biases()[l][h]));
      }
    }
    assertTrue(maxDiff < 2e-3, "max |w_fixed - w_float| = " + maxDiff + " (max |w| = " + maxW + ")");
    assertTrue(maxW > 0.3, "weights should have moved: max |w| = " + maxW);
    Samples test = blobs(300, 12, 4, 3);
    assertEquals(flt.accuracy(test), fixed.accuracy(FixedPointData.quantize(test, fmt.fracBits())), 0.01);
  }

  @Test
  void sameSeedSameWeightsBitForBit() {
    Samples train = blobs(400, 12, 4, 9);
    TrainingConfig cfg = TrainingConfig.paper(2, 77);
    FixedPointFormat fmt = FixedPointFormat.uniform(8);
    FixedPointData data = FixedPointData.quantize(train, 8);
    LookupFixedActivation act = new LookupFixedActivation(TableSigmoid.covering8(8), fmt);
    FixedPointTrainer<LongMatrix> a = new FixedPointTrainer<>(new PlainArithmetic(), NET, fmt, act, cfg);
    FixedPointTrainer<LongMatrix> b = new FixedPointTrainer<>(new PlainArithmetic(), NET, fmt, act, cfg);
    for (int e = 0; e < 2; e++) {
      a.trainEpoch(data);
      b.trainEpoch(data);
    }
    for (int l = 0; l < NET.layers(); l++) {
      assertEquals(a.weights(l), b.weights(l));
      assertEquals(a.biases(l), b.biases(l));
    }
    FixedPointTrainer<LongMatrix> c = new FixedPointTrainer<>(new PlainArithmetic(), NET, fmt, act, TrainingConfig.paper(2, 78));
    assertTrue(!c.weights(0).equals(a.weights(0)));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void moduloTReplayIsBitExact(Loss loss) {
    // the integer-slot encrypted trainer computes mod t; with t > 2 max|value| it must agree exactly
    Samples train = blobs(200, 12, 4, 4);
    TrainingConfig cfg = new TrainingConfig(20, 1,
        new LearningRate(3, loss == Loss.QUADRATIC_LINEAR_OUTPUT ? 8 : 5), 8, loss);
    FixedPointFormat fmt = new FixedPointFormat(8, 10, 12);
    PolynomialFixedActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, NET, fmt, act, cfg);
    FixedPointData data = FixedPointData.quantize(train, 8);
    ref.trainEpoch(data);
    int bits = plain.stats().maxBits();
    long t = java.math.BigInteger.ONE.shiftLeft(bits + 2).nextProbablePrime().longValueExact();
    ModularArithmetic mod = new ModularArithmetic(t);
    FixedPointTrainer<ModularArithmetic.Residues> enc = new FixedPointTrainer<>(mod, NET, fmt, act, cfg);
    enc.trainEpoch(data);
    for (int l = 0; l < NET.layers(); l++) {
      assertEquals(ref.weights(l), mod.decode(enc.weights(l)));
      assertEquals(ref.biases(l), mod.decode(enc.biases(l)));
    }
    // and a t that is too small wraps and breaks the equality
    ModularArithmetic small = new ModularArithmetic(java.math.BigInteger.ONE.shiftLeft(bits - 4).nextProbablePrime().longValueExact());
    FixedPointTrainer<ModularArithmetic.Residues> wrapped = new FixedPointTrainer<>(small, NET, fmt, act, cfg);
    wrapped.trainEpoch(data);
    assertTrue(!ref.weights(0).equals(small.decode(wrapped.weights(0))));
  }

  @Test
  void rescalePointsAndDepthAreAsDocumented() {
    Samples train = blobs(40, 12, 4, 4);
    TrainingConfig cfg = new TrainingConfig(20, 1, LearningRate.powerOfTwo(4), 8, Loss.QUADRATIC);
    FixedPointFormat fmt = FixedPointFormat.uniform(8);
    PolynomialFixedActivation act = new PolynomialFixedActivation(PolynomialFit.sigmoidLeastSquares(3, -8, 8), fmt);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(ar, NET, fmt, act, cfg);
    ar.stats().reset();
    t.trainEpoch(FixedPointData.quantize(train, 8));
    assertEquals(2, t.steps());
    int layers = NET.layers();
    // forward: z, value, derivative per layer; backward: output + hidden layers; update: W and b per layer
    assertEquals(2 * (3 * layers + layers + 2 * layers), ar.stats().calls(Op.RESCALE));
    assertEquals(2, ar.stats().maxDepth());
    assertTrue(ar.stats().maxBits() < 62);
  }

  @Test
  void lookupActivationNeedsNoForwardRescale() {
    Samples train = blobs(20, 12, 4, 4);
    FixedPointFormat fmt = FixedPointFormat.uniform(8);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(ar, NET, fmt,
        new LookupFixedActivation(TableSigmoid.covering8(8), fmt),
        new TrainingConfig(20, 1, LearningRate.powerOfTwo(4), 8, Loss.CROSS_ENTROPY));
    t.trainEpoch(FixedPointData.quantize(train, 8));
    // cross-entropy: no output rescale; hidden layers 2; update 6
    assertEquals(2 + 2 * NET.layers(), ar.stats().calls(Op.RESCALE));
    // one step: a value table per layer, a derivative table per hidden layer
    assertEquals(2 * NET.layers() - 1, ar.stats().calls(Op.LOOKUP));
  }

  @Test
  void outputActivationCanDiffer() {
    Samples train = blobs(600, 12, 4, 3);
    TrainingConfig cfg = new TrainingConfig(20, 2, LearningRate.powerOfTwo(3), 5, Loss.CROSS_ENTROPY);
    FixedPointFormat fmt = new FixedPointFormat(14, 20, 16);
    PolynomialFixedActivation hidden = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), fmt);
    PolynomialFixedActivation out = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -24, 24), fmt);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> fixed = new FixedPointTrainer<>(ar, NET, fmt, hidden, out, cfg);
    FloatTrainer flt = new FloatTrainer(NET, hidden.real(), out.real(), cfg);
    FixedPointData data = FixedPointData.quantize(train, fmt.fracBits());
    for (int e = 0; e < cfg.epochs(); e++) {
      fixed.trainEpoch(data);
      flt.trainEpoch(train);
    }
    LongMatrix w = ar.decode(fixed.weights(2));
    for (int h = 0; h < w.rows(); h++) {
      for (int j = 0; j < w.cols(); j++) {
        assertEquals(flt.weights()[2][h][j], Math.scalb((double) w.get(h, j), -fmt.weightFracBits()), 2e-3);
      }
    }
  }

  @Test
  void integerPolynomialMatchesItsRealPolynomial() {
    PolynomialActivation p = PolynomialFit.sigmoidMinimax(3, -8, 8);
    FixedPointFormat fmt = new FixedPointFormat(10, 10, 16);
    PolynomialFixedActivation act = new PolynomialFixedActivation(p, fmt);
    PlainArithmetic ar = new PlainArithmetic();
    long[][] z = new long[1][33];
    for (int i = 0; i <= 32; i++) {
      z[0][i] = (i - 16) << 10; // -16 .. 16 at 10 bits, inputs at f bits
    }
    FixedPointActivation.Result<LongMatrix> r = act.apply(ar, LongMatrix.of(z), 10, true);
    for (int i = 0; i <= 32; i++) {
      double x = i - 16;
      assertEquals(act.real().value(x), r.value().get(0, i) / 1024.0, 1.0 / 1024, "x=" + x);
      assertEquals(act.real().derivative(x), r.derivative().get(0, i) / 1024.0, 1.0 / 1024, "x=" + x);
    }
    // the quantized coefficients stay close to the fitted ones
    assertTrue(((PolynomialActivation) act.real()).maxError() < p.maxError() + 1e-3);
  }

  @Test
  void rejectsMismatchedData() {
    FixedPointFormat fmt = FixedPointFormat.uniform(8);
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(new PlainArithmetic(), NET, fmt,
        new LookupFixedActivation(TableSigmoid.covering8(8), fmt), TrainingConfig.paper(1, 1));
    assertThrows(IllegalArgumentException.class, () -> t.trainEpoch(FixedPointData.quantize(blobs(60, 12, 4, 1), 9)));
    assertThrows(IllegalArgumentException.class, () -> t.trainEpoch(FixedPointData.quantize(blobs(60, 11, 4, 1), 8)));
  }
}
