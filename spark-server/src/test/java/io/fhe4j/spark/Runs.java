package io.fhe4j.spark;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.PolynomialFit;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.EncryptedMatrix;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The tests' training runs: the small insecure context of nn-encrypted's tests (N = 2048, 40-bit t),
 * a 49-8-10 network, batch 10, and the server trained on the products of a given {@link SliceProducts}.
 */
final class Runs {
  static final NetworkSpec SPEC = NetworkSpec.parse("49-8-10");
  static final int BATCH = 10;
  static final FixedPointFormat FMT = new FixedPointFormat(8, 12, 10);
  static final FixedPointActivation ACT = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -8, 8), FMT);
  static final FixedPointActivation OUT = new PolynomialFixedActivation(PolynomialFit.sigmoidMinimax(3, -32, 32),
      FMT);
  static final TrainingConfig CFG = new TrainingConfig(BATCH, 1, LearningRate.powerOfTwo(5), 11,
      Loss.CROSS_ENTROPY);
  static final FixedPointData DATA = FixedPointData.quantize(blobs(BATCH * 4, SPEC.inputSize(), SPEC.outputSize()), 8);
  static final int[] PERM = BatchOrder.permutation(DATA.size(), CFG.seed(), 0);

  private Runs() {}

  /** nn-encrypted's SmallContext: N = 2048, a 40-bit t, 4 x 60-bit primes (insecure; tests only). */
  static Context smallContext() {
    return new ContextBuilder().m(4096).p(Primes.generate(40, 4096)).bits(240).c(2).allowInsecure().build();
  }

  /** A trained server and its trainer. */
  record Trained(EncryptedArithmetic server, FixedPointTrainer<EncryptedMatrix> trainer, List<byte[]> model) {}

  /**
   * Trains {@code steps} steps with the products on {@code products}; {@code beforeStep} runs before each.
   *
   * @return the model as exported, every ciphertext serialized, in layer order
   */
  static Trained train(Context context, KeyHolder owner, io.fhe4j.bgv.EvaluationKeys keys, SliceProducts products, int steps,
      IntConsumer beforeStep) {
    EncryptedArithmetic server = new EncryptedArithmetic(context, keys, owner,
        EncryptedArithmetic.Packing.PACKED, products);
    FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(server, SPEC, FMT, ACT, OUT, CFG);
    for (int s = 0; s < steps; s++) {
      beforeStep.accept(s);
      trainer.step(server.encode(DATA.features(PERM, s * BATCH, BATCH)),
          server.encode(DATA.oneHot(PERM, s * BATCH, BATCH, SPEC.outputSize())));
    }
    List<byte[]> model = new ArrayList<>();
    for (int l = 0; l < SPEC.layers(); l++) {
      for (EncryptedMatrix m : List.of(trainer.weights(l), trainer.biases(l))) {
        for (Ciphertext c : server.export(m).ciphertexts()) {
          model.add(BgvSerializer.toBytes(c));
        }
      }
    }
    return new Trained(server, trainer, model);
  }

  /** The plain fixed-point replay of the same steps. */
  static FixedPointTrainer<LongMatrix> plain(int steps) {
    PlainArithmetic plain = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, SPEC, FMT, ACT, OUT, CFG);
    for (int s = 0; s < steps; s++) {
      ref.step(plain.encode(DATA.features(PERM, s * BATCH, BATCH)),
          plain.encode(DATA.oneHot(PERM, s * BATCH, BATCH, SPEC.outputSize())));
    }
    return ref;
  }

  /** nn-encrypted's TestData.blobs: Gaussian blobs around random prototypes, features clipped to [0, 1]. */
  static Samples blobs(int n, int dim, int classes) {
    SplittableRandom r = new SplittableRandom(3);
    double[][] proto = new double[classes][dim];
    for (double[] p : proto) {
      for (int j = 0; j < dim; j++) {
        p[j] = r.nextDouble();
      }
    }
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = (float) Math.max(0, Math.min(1, proto[y[i]][j] + 0.15 * r.nextGaussian()));
      }
    }
    return new Samples(x, dim, y, classes);
  }
}
