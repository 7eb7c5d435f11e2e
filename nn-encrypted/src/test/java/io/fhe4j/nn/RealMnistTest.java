package io.fhe4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.Split;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupFixedActivation;
import io.fhe4j.nn.fixed.PlainArithmetic;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One epoch of a reduced network on real MNIST (14x14, 196-64-10); skipped unless MNIST_DIR is set. */
@Timeout(60)
class RealMnistTest {
  private static Dataset train;
  private static Dataset test;

  @BeforeAll
  static void load() {
    String dir = System.getenv("MNIST_DIR");
    assumeTrue(dir != null && !dir.isBlank(), "MNIST_DIR is not set");
    MnistOptions options = MnistOptions.builder().directory(Path.of(dir)).build();
    train = Mnist.load(Split.TRAIN, options).downsample(14);
    test = Mnist.load(Split.TEST, options).downsample(14);
  }

  private static final NetworkSpec NET = NetworkSpec.of(196, 64, 10);
  private static final TrainingConfig CFG =
      new TrainingConfig(TrainingConfig.PAPER_BATCH, 1, LearningRate.powerOfTwo(5), 1, Loss.CROSS_ENTROPY);

  @Test
  void floatOneEpochAbove90Percent() {
    FloatTrainer t = new FloatTrainer(NET, Sigmoid.INSTANCE, CFG);
    t.train(Samples.of(train));
    double acc = t.accuracy(Samples.of(test));
    assertTrue(acc > 0.90, "float test accuracy " + acc);
  }

  @Test
  void fixedPoint8BitLookupOneEpochAbove90Percent() {
    FixedPointFormat fmt = new FixedPointFormat(8, 12, 16);
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(new PlainArithmetic(), NET, fmt,
        new LookupFixedActivation(TableSigmoid.covering8(8), fmt), CFG);
    long start = System.nanoTime();
    t.trainEpoch(FixedPointData.of(train, 8));
    double acc = t.accuracy(FixedPointData.of(test, 8));
    assertTrue(acc > 0.90, "fixed-point test accuracy " + acc + " after " + Duration.ofNanos(System.nanoTime() - start));
  }
}
