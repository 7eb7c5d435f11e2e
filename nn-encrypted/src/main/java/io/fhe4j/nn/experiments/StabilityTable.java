package io.fhe4j.nn.experiments;

import io.fhe4j.mnist.CsvReader;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.Scaler;
import io.fhe4j.mnist.Split;
import io.fhe4j.mnist.TabularDataset;
import io.fhe4j.nn.FloatTrainer;
import io.fhe4j.nn.Loss;
import io.fhe4j.nn.LearningRate;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.Sigmoid;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.ArithmeticStats;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointOverflowException;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.PolynomialFixedActivation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of the stability measurements of issue 22 (not part of {@code mvn test}): the default
 * configuration (poly3-mm8 hidden, poly3-mm32 output, f = 8, f_w = 12, f_c = 16, cross-entropy, lr 2^-5 on
 * the batch sum, batch 60, seed 1; network features-32-classes, or 196-128-10 for {@code mnist128}) on data it was never tuned on, with the input
 * of each polynomial rescaled plainly ({@code none}) or saturated ({@code
 * interval} or {@code monotone}, {@link PolynomialFixedActivation.Saturation}), against the float trainer with the exact sigmoid (same network, epochs, order, initial weights).
 *
 * <pre>
 * java -cp CLASSPATH io.fhe4j.nn.experiments.StabilityTable MNIST_DIR DATA_DIR
 * </pre>
 * {@code DATA_DIR} holds the CSVs of {@code nn-encrypted/experiments/datasets.sh}; MNIST is downsampled to
 * 14x14 and uses its test set; the others are split 75/25 by {@link TabularDataset#split} (seed 1); features
 * are min-max scaled by a {@link Scaler} fitted on the training part. Prints one tab-separated line per run.
 * Single-threaded. Not thread-safe (a program).
 */
public final class StabilityTable {
  private StabilityTable() {}

  /** One data set with its training and test parts and the epochs to run (at least about 200 steps). */
  record Data(String name, Samples train, Samples test, FixedPointData fixedTrain, FixedPointData fixedTest,
      int epochs, int hidden) {}

  /** Runs every data set. Arguments: MNIST directory, the CSV folder, then optionally data set names. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: StabilityTable MNIST_DIR DATA_DIR [mnist|mnist128|digits|wine|breast_cancer|iris ...]");
      System.exit(2);
    }
    List<String> names = args.length > 2 ? List.of(args).subList(2, args.length)
        : List.of("mnist", "digits", "wine", "breast_cancer", "iris");
    System.out.println("data\tnet\tepochs\tsteps\trule\ttest acc\tper epoch\toverflow\tmax bits\tclamped/step\ttrain s");
    for (String n : names) {
      Data d = n.startsWith("mnist") ? mnist(Path.of(args[0]), n.equals("mnist128") ? 128 : 32)
          : csv(Path.of(args[1]), n);
      NetworkSpec net = NetworkSpec.of(d.train().dimension(), d.hidden(), d.train().classes());
      TrainingConfig cfg = new TrainingConfig(TrainingConfig.PAPER_BATCH, d.epochs(), LearningRate.powerOfTwo(5), 1,
          Loss.CROSS_ENTROPY);
      floatRun(d, net, cfg);
      for (PolynomialFixedActivation.Saturation rule : PolynomialFixedActivation.Saturation.values()) {
        fixedRun(d, net, cfg, rule);
      }
    }
  }

  static Data mnist(Path dir, int hidden) {
    MnistOptions options = MnistOptions.builder().directory(dir).build();
    Dataset train = Mnist.load(Split.TRAIN, options).downsample(14);
    Dataset test = Mnist.load(Split.TEST, options).downsample(14);
    return new Data("mnist14", Samples.of(train), Samples.of(test), FixedPointData.of(train, 8),
        FixedPointData.of(test, 8), 4, hidden);
  }

  static Data csv(Path dir, String name) {
    TabularDataset all = CsvReader.builder().labelColumn("label").build().read(dir.resolve(name + ".csv"));
    TabularDataset.Split s = all.split(0.25, 1);
    Scaler scaler = Scaler.fit(s.train(), Scaler.Kind.MIN_MAX);
    TabularDataset train = s.train().scaled(scaler);
    TabularDataset test = s.test().scaled(scaler);
    int stepsPerEpoch = Math.max(1, train.size() / TrainingConfig.PAPER_BATCH);
    int epochs = Math.max(4, (200 + stepsPerEpoch - 1) / stepsPerEpoch);
    return new Data(name, Samples.of(train), Samples.of(test), FixedPointData.of(train, 8), FixedPointData.of(test, 8),
        epochs, 32);
  }

  static void floatRun(Data d, NetworkSpec net, TrainingConfig cfg) {
    FloatTrainer t = new FloatTrainer(net, Sigmoid.INSTANCE, cfg);
    StringBuilder per = new StringBuilder();
    long s = System.nanoTime();
    double acc = 0;
    for (int e = 0; e < d.epochs(); e++) {
      t.trainEpoch(d.train());
      acc = t.accuracy(d.test());
      per.append(e == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", 100 * acc));
    }
    print(d, net, cfg, "float sigmoid", acc, lastEpochs(per), "-", "-", "-", (System.nanoTime() - s) / 1e9);
  }

  static void fixedRun(Data d, NetworkSpec net, TrainingConfig cfg, PolynomialFixedActivation.Saturation rule) {
    FixedPointFormat format = new FixedPointFormat(8, 12, 16);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(ar, net, format,
        new PolynomialFixedActivation(io.fhe4j.nn.fixed.Activations.polynomial("poly3-mm8"), format, rule),
        new PolynomialFixedActivation(io.fhe4j.nn.fixed.Activations.polynomial("poly3-mm32"), format, rule), cfg);
    StringBuilder per = new StringBuilder();
    long s = System.nanoTime();
    double acc = 0;
    String overflow = "no";
    try {
      for (int e = 0; e < d.epochs(); e++) {
        t.trainEpoch(d.fixedTrain());
        acc = t.accuracy(d.fixedTest());
        per.append(e == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", 100 * acc));
      }
    } catch (FixedPointOverflowException e) {
      overflow = "yes, step " + t.steps();
      acc = Double.NaN;
    }
    ArithmeticStats st = ar.stats();
    String clamped = t.steps() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) st.clampedValues() / t.steps());
    print(d, net, cfg, "fixed poly3-mm8/mm32, " + rule.name().toLowerCase(Locale.ROOT), acc, lastEpochs(per), overflow, Integer.toString(st.maxBits()),
        clamped, (System.nanoTime() - s) / 1e9);
  }

  private static String lastEpochs(StringBuilder per) {
    String[] p = per.toString().split(",");
    if (p.length <= 6) {
      return per.toString();
    }
    List<String> tail = new ArrayList<>(List.of(p).subList(p.length - 4, p.length));
    return p[0] + "," + p[1] + ",...," + String.join(",", tail);
  }

  private static void print(Data d, NetworkSpec net, TrainingConfig cfg, String rule, double acc, String per,
      String overflow, String bits, String clamped, double secs) {
    long steps = (long) (d.train().labels().length / cfg.batchSize()) * cfg.epochs();
    System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f%n", d.name(), net, cfg.epochs(), steps,
        rule, Double.isNaN(acc) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * acc), per, overflow, bits, clamped,
        secs);
    System.out.flush();
  }
}
