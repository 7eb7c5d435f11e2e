package io.fhe4j.nn.experiments;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.EncryptedMatrix;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Entry point of issue 22's encrypted check (not part of {@code mvn test}): trains the default configuration of
 * {@link StabilityTable} (its data sets, network, split and scaling) for a number of steps on ciphertexts
 * ({@link EncryptedArithmetic}, train's parameters: m = 32768, the smallest 46-bit t = 1 mod m, 240 bits, c = 2,
 * a fresh random key) beside {@link FixedPointTrainer} on {@link PlainArithmetic}, and prints whether every
 * weight and bias is bit-identical after the last step, the largest plaintext bits and the clamped values.
 *
 * <pre>
 * java -cp CLASSPATH io.fhe4j.nn.experiments.EncryptedReplay MNIST_DIR DATA_DIR STEPS name...
 * </pre>
 * Not thread-safe (a program).
 */
public final class EncryptedReplay {
  private EncryptedReplay() {}

  /** Arguments: MNIST directory, the CSV folder, steps, data set names. */
  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: EncryptedReplay MNIST_DIR DATA_DIR STEPS mnist|digits|wine|breast_cancer|iris ...");
      System.exit(2);
    }
    int steps = Integer.parseInt(args[2]);
    int m = 32768;
    Context context = new ContextBuilder().m(m).p(Primes.smallest(46, m)).bits(240).c(2).build();
    DataOwner owner = new DataOwner(context);
    System.out.println("data\tnet\tsteps\tbit-identical\tmax bits\tclamped\ts/step");
    for (int i = 3; i < args.length; i++) {
      String n = args[i];
      StabilityTable.Data d = n.startsWith("mnist") ? StabilityTable.mnist(Path.of(args[0]), n.equals("mnist128") ? 128 : 32)
          : StabilityTable.csv(Path.of(args[1]), n);
      NetworkSpec net = NetworkSpec.of(d.train().dimension(), d.hidden(), d.train().classes());
      TrainingConfig cfg = new TrainingConfig(TrainingConfig.PAPER_BATCH, d.epochs(), LearningRate.powerOfTwo(5), 1,
          Loss.CROSS_ENTROPY);
      FixedPointFormat format = new FixedPointFormat(8, 12, 16);
      PolynomialFixedActivation act = new PolynomialFixedActivation(io.fhe4j.nn.fixed.Activations.polynomial("poly3-mm8"), format);
      PolynomialFixedActivation out = new PolynomialFixedActivation(io.fhe4j.nn.fixed.Activations.polynomial("poly3-mm32"), format);
      PlainArithmetic plain = new PlainArithmetic();
      FixedPointTrainer<LongMatrix> ref = new FixedPointTrainer<>(plain, net, format, act, out, cfg);
      EncryptedArithmetic enc = new EncryptedArithmetic(context, owner.evaluationKeys(), owner);
      FixedPointTrainer<EncryptedMatrix> trainer = new FixedPointTrainer<>(enc, net, format, act, out, cfg);
      FixedPointData data = d.fixedTrain();
      int bs = cfg.batchSize();
      int perEpoch = data.size() / bs;
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        int[] perm = BatchOrder.permutation(data.size(), cfg.seed(), s / perEpoch);
        int start = (s % perEpoch) * bs;
        LongMatrix x = data.features(perm, start, bs);
        LongMatrix y = data.oneHot(perm, start, bs, net.outputSize());
        ref.step(plain.encode(x), plain.encode(y));
        trainer.step(enc.encode(x), enc.encode(y));
      }
      boolean same = true;
      for (int l = 0; l < net.layers(); l++) {
        same &= ref.weights(l).equals(enc.decode(trainer.weights(l)));
        same &= ref.biases(l).equals(enc.decode(trainer.biases(l)));
      }
      System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%s\t%d\t%d\t%.2f%n", d.name(), net, steps, same ? "yes" : "NO",
          plain.stats().maxBits(), plain.stats().clampedValues(), (System.nanoTime() - t0) / 1e9 / steps);
      System.out.flush();
    }
  }
}
