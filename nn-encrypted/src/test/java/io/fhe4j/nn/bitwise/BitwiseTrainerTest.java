package io.fhe4j.nn.bitwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.TableSigmoid;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupFixedActivation;
import io.fhe4j.nn.fixed.PlainArithmetic;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code FixedPointTrainer<BitMatrix<long[]>>} on the plain bit backend replays {@code
 * FixedPointTrainer<LongMatrix>} bit for bit: weights and biases equal after every configuration's
 * steps (lookup sigmoid, same bits), for batch-in-slots (G = 1), several samples per slot group
 * (G > 1, including a slot count that is not a power of two), one slot (the encrypted backend's
 * layout) and a weight matrix with as many rows as the batch (layout conversions).
 */
class BitwiseTrainerTest {
  static Samples blobs(int n, int dim, int classes, long seed) {
    return io.fhe4j.nn.TestData.blobs(n, dim, classes, seed);
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        // net, batch, slots, loss, table bits k, f, f_w, lr shift, steps
        Arguments.of("16-8-4", 8, 8, Loss.QUADRATIC, 8, 8, 8, 2, 2),
        Arguments.of("16-8-4", 6, 3, Loss.CROSS_ENTROPY, 6, 6, 10, 3, 2),
        Arguments.of("49-8-10", 4, 4, Loss.QUADRATIC, 8, 8, 12, 2, 2),
        Arguments.of("12-8-6-4", 5, 1, Loss.QUADRATIC, 4, 4, 6, 1, 2),
        Arguments.of("12-8-6-4", 4, 2, Loss.QUADRATIC_LINEAR_OUTPUT, 5, 5, 7, 4, 2),
        Arguments.of("16-8-8", 8, 4, Loss.CROSS_ENTROPY, 5, 6, 8, 2, 2));
  }

  @ParameterizedTest(name = "{0} batch {1} slots {2} {3} lut{4} f={5} fw={6}")
  @MethodSource("configs")
  void replaysTheIntegerTrainerBitForBit(String net, int batch, int slots, Loss loss, int k, int f, int fw,
      int lrShift, int steps) {
    NetworkSpec spec = NetworkSpec.parse(net);
    FixedPointFormat fmt = new FixedPointFormat(f, fw, 16);
    TrainingConfig cfg = new TrainingConfig(batch, 1, LearningRate.powerOfTwo(lrShift), 5, loss);
    LookupFixedActivation act = new LookupFixedActivation(TableSigmoid.covering8(k), fmt);
    FixedPointData data = FixedPointData.quantize(
        blobs(batch * steps, spec.inputSize(), spec.outputSize(), 11), fmt.fracBits());

    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, spec, fmt, act, cfg);
    BitwiseArithmetic<long[]> bits = new BitwiseArithmetic<>(new PlainSlotBits(slots), batch, 0, 2);
    FixedPointTrainer<BitMatrix<long[]>> bt = new FixedPointTrainer<>(bits, spec, fmt, act, cfg);
    FixedPointTrainer<LongMatrix> ref0 = new FixedPointTrainer<>(new PlainArithmetic(), spec, fmt, act, cfg);

    long t0 = System.nanoTime();
    bt.trainEpoch(data);
    long t1 = System.nanoTime();
    ref.trainEpoch(data);
    assertEquals(steps, bt.steps());
    for (int l = 0; l < spec.layers(); l++) {
      assertEquals(plain.decode(ref.weights(l)), bits.decode(bt.weights(l)), "weights of layer " + l);
      assertEquals(plain.decode(ref.biases(l)), bits.decode(bt.biases(l)), "biases of layer " + l);
    }
    boolean moved = false;
    for (int l = 0; l < spec.layers(); l++) {
      moved |= !plain.decode(ref0.weights(l)).equals(bits.decode(bt.weights(l)));
    }
    assertTrue(moved, "some weights should have moved");
    BitwiseStats s = bits.stats();
    System.out.printf("bitwise %-9s batch %d slots %d %-23s lut%d f=%d fw=%d: %d steps, %d products/step, max depth"
        + " %d, %d refreshes/step (%d bits in, %d out), %.0f ms/step (plain)%n", net, batch, slots, loss, k, f, fw, steps,
        s.totalProducts() / steps, s.maxDepth(), s.refreshes() / steps, s.refreshedBitsIn() / steps,
        s.refreshedBitsOut() / steps, (t1 - t0) / 1e6 / steps);
  }
}
