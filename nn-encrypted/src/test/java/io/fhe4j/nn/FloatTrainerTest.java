package io.fhe4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FloatTrainerTest {
  /** Gaussian blobs around class prototypes, features clipped to [0, 1]. */
  static Samples blobs(int n, int dim, int classes, long seed) {
    return io.fhe4j.nn.TestData.blobs(n, dim, classes, seed);
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void gradientMatchesFiniteDifferences(Loss loss) {
    NetworkSpec spec = NetworkSpec.of(6, 5, 4, 3);
    TrainingConfig cfg = new TrainingConfig(4, 1, LearningRate.powerOfTwo(3), 11, loss);
    // cross-entropy's output error a - y is its exact gradient only for the exact sigmoid
    Activation[] acts = loss != Loss.CROSS_ENTROPY
        ? new Activation[] {Sigmoid.INSTANCE, PolynomialFit.sigmoidLeastSquares(3, -8, 8)}
        : new Activation[] {Sigmoid.INSTANCE};
    for (Activation act : acts) {
      FloatTrainer t = new FloatTrainer(spec, act, cfg);
      Samples s = blobs(4, 6, 3, 5);
      double[][] x = new double[4][];
      for (int i = 0; i < 4; i++) {
        x[i] = s.row(i);
      }
      // make the biases non-zero so their gradient is exercised away from the initial point
      for (double[] b : t.biases()) {
        for (int h = 0; h < b.length; h++) {
          b[h] = 0.1 * (h - 1);
        }
      }
      double[][][] gw = new double[3][][];
      double[][] gb = new double[3][];
      for (int l = 0; l < 3; l++) {
        gw[l] = new double[spec.size(l + 1)][spec.size(l)];
        gb[l] = new double[spec.size(l + 1)];
      }
      t.accumulateGradients(x, s.labels(), gw, gb);
      double h = 1e-6;
      for (int l = 0; l < 3; l++) {
        for (int o = 0; o < gw[l].length; o++) {
          for (int j = 0; j < gw[l][o].length; j++) {
            double[] row = t.weights()[l][o];
            double keep = row[j];
            row[j] = keep + h;
            double up = t.loss(x, s.labels());
            row[j] = keep - h;
            double down = t.loss(x, s.labels());
            row[j] = keep;
            double fd = (up - down) / (2 * h);
            assertEquals(fd, gw[l][o][j], 1e-6 + 1e-5 * Math.abs(fd), act.name() + " w" + l + "[" + o + "][" + j + "]");
          }
          double[] b = t.biases()[l];
          double keep = b[o];
          b[o] = keep + h;
          double up = t.loss(x, s.labels());
          b[o] = keep - h;
          double down = t.loss(x, s.labels());
          b[o] = keep;
          assertEquals((up - down) / (2 * h), gb[l][o], 1e-6, act.name() + " b" + l + "[" + o + "]");
        }
      }
    }
  }

  @Test
  void sameSeedSameWeights() {
    Samples s = blobs(300, 10, 3, 1);
    TrainingConfig cfg = new TrainingConfig(20, 2, LearningRate.powerOfTwo(3), 42, Loss.QUADRATIC);
    FloatTrainer a = new FloatTrainer(NetworkSpec.of(10, 8, 3), Sigmoid.INSTANCE, cfg);
    FloatTrainer b = new FloatTrainer(NetworkSpec.of(10, 8, 3), Sigmoid.INSTANCE, cfg);
    a.train(s);
    b.train(s);
    for (int l = 0; l < 2; l++) {
      for (int h = 0; h < a.weights()[l].length; h++) {
        assertArrayEquals(a.weights()[l][h], b.weights()[l][h]);
      }
      assertArrayEquals(a.biases()[l], b.biases()[l]);
    }
    FloatTrainer c = new FloatTrainer(NetworkSpec.of(10, 8, 3), Sigmoid.INSTANCE, new TrainingConfig(20, 2,
        LearningRate.powerOfTwo(3), 43, Loss.QUADRATIC));
    assertTrue(c.weights()[0][0][0] != a.weights()[0][0][0] || c.weights()[0][0][1] != a.weights()[0][0][1]);
  }

  @Test
  void learnsSeparableBlobs() {
    Samples train = blobs(2000, 16, 4, 2);
    Samples test = blobs(500, 16, 4, 2);
    FloatTrainer t = new FloatTrainer(NetworkSpec.of(16, 12, 4), Sigmoid.INSTANCE, TrainingConfig.paper(3, 7));
    double before = t.accuracy(test);
    t.train(train);
    assertTrue(t.accuracy(test) > 0.95, "accuracy " + t.accuracy(test) + " (before " + before + ")");
  }

  @Test
  void rejectsWrongDimension() {
    FloatTrainer t = new FloatTrainer(NetworkSpec.of(5, 3), Sigmoid.INSTANCE, TrainingConfig.paper(1, 1));
    assertThrows(IllegalArgumentException.class, () -> t.trainEpoch(blobs(10, 6, 3, 1)));
  }

  @Test
  void tableSigmoidQuantizesItsInput() {
    TableSigmoid t = TableSigmoid.covering8(8);
    assertEquals(4, t.inputFracBits());
    assertEquals(Sigmoid.sigmoid(0.0625), t.value(0.07), 0);
    assertEquals(Sigmoid.sigmoid(127 / 16.0), t.value(100), 0);
    assertEquals(Sigmoid.sigmoid(-8), t.value(-100), 0);
    assertEquals("lut8[-8,8)", t.name());
  }

  @Test
  void networkSpecParsesAndCounts() {
    NetworkSpec s = NetworkSpec.parse("784-128-32-10");
    assertEquals(3, s.layers());
    assertEquals(784L * 128 + 128 + 128 * 32 + 32 + 32 * 10 + 10, s.parameterCount());
    assertEquals("784-128-32-10", s.toString());
    assertThrows(IllegalArgumentException.class, () -> NetworkSpec.of(5));
    assertThrows(IllegalArgumentException.class, () -> NetworkSpec.of(5, 0));
  }
}
