package io.fhe4j.nn.experiments;

import io.fhe4j.mnist.CsvReader;
import io.fhe4j.mnist.Scaler;
import io.fhe4j.mnist.TabularDataset;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.LearningRateSchedule;
import io.fhe4j.nn.fixed.Activations;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import io.fhe4j.nn.fixed.TrainingSetup;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of the seed sweep behind the default output activation (issue 22, not part of {@code mvn test}):
 * {@code train --data NAME.csv}'s configuration replayed in {@link FixedPointTrainer} on {@link PlainArithmetic}
 * (the integers an encrypted run reproduces) for seeds 1..S, next to the float sigmoid trainer on the same batches
 * ({@link TrainingSetup#floatSigmoidAccuracy}). As {@code train} does: the CSV's last column is the label, a
 * stratified split of 20 % of each class by the seed ({@link TabularDataset#split}), min-max features fitted on the
 * training rows, f = 8, {@link TrainingSetup#recommended} (features-32-classes, poly3-mm8 hidden, f_w = 12,
 * f_c = 16, cross-entropy, batch 60) with the seed, the output activation and the rate given, {@link BatchOrder}
 * batches.
 *
 * <pre>
 * java -cp CLASSPATH io.fhe4j.nn.experiments.OwnDataSeeds DATA_DIR STEPS SEEDS OUT_ACT[,OUT_ACT...] [LR] [NAME ...]
 * </pre>
 * {@code DATA_DIR} holds the CSVs of {@code nn-encrypted/experiments/datasets.sh}; {@code LR} as {@code train --lr}
 * takes it (default 5, i.e. 2^-5); names default to iris wine breast_cancer digits. Prints one tab-separated line per
 * run, then per data set and output activation the mean test accuracies, the mean difference and the seeds more than
 * 1.5 points below the float trainer. Single-threaded. Not thread-safe (a program).
 */
public final class OwnDataSeeds {
  private OwnDataSeeds() {}

  /** Runs the sweep (see the class comment for the arguments). */
  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: OwnDataSeeds DATA_DIR STEPS SEEDS OUT_ACT[,OUT_ACT...] [LR] [NAME ...]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long steps = Long.parseLong(args[1]);
    int seeds = Integer.parseInt(args[2]);
    String[] outActs = args[3].split(",");
    LearningRateSchedule lr = LearningRateSchedule.parse(args.length > 4 ? args[4] : "5");
    List<String> names = args.length > 5 ? List.of(args).subList(5, args.length)
        : List.of("iris", "wine", "breast_cancer", "digits");
    System.out.println("data\tseed\tout-act\tlr\tsteps\tfixed %\tfloat sigmoid %\tdifference");
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (String name : names) {
      TabularDataset all = CsvReader.builder().build().read(dir.resolve(name + ".csv"));
      for (String outAct : outActs) {
        for (int seed = 1; seed <= seeds; seed++) {
          double[] r = run(all, seed, outAct, lr, steps);
          System.out.printf(Locale.ROOT, "%s\t%d\t%s\t%s\t%d\t%.2f\t%.2f\t%+.2f%n", name, seed, outAct, lr, steps,
              100 * r[0], 100 * r[1], 100 * (r[0] - r[1]));
          double[] s = sums.computeIfAbsent(name + "\t" + outAct, k -> new double[4]);
          s[0] += r[0];
          s[1] += r[1];
          s[2]++;
          s[3] += r[0] - r[1] < -0.015 ? 1 : 0;
        }
      }
    }
    System.out.println("\ndata\tout-act\tseeds\tmean fixed %\tmean float sigmoid %\tmean difference\tseeds below -1.5");
    for (var e : sums.entrySet()) {
      double[] s = e.getValue();
      System.out.printf(Locale.ROOT, "%s\t%d\t%.2f\t%.2f\t%+.2f\t%d%n", e.getKey(), (int) s[2], 100 * s[0] / s[2],
          100 * s[1] / s[2], 100 * (s[0] - s[1]) / s[2], (int) s[3]);
    }
  }

  /** The fixed-point and the float sigmoid test accuracy of one run. */
  static double[] run(TabularDataset all, long seed, String outAct, LearningRateSchedule lr, long steps) {
    TabularDataset.Split split = all.split(0.2, seed);
    Scaler scaler = Scaler.fit(split.train(), Scaler.Kind.MIN_MAX);
    FixedPointData train = FixedPointData.of(split.train().scaled(scaler), 8);
    FixedPointData test = FixedPointData.of(split.test().scaled(scaler), 8);
    TrainingSetup setup = TrainingSetup.recommended(train.dimension(), train.classes()).withSeed(seed)
        .withActivations(Activations.HIDDEN, outAct).withLearningRate(lr);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = setup.trainer(ar);
    int batch = setup.batch();
    int perEpoch = train.size() / batch;
    int classes = setup.network().outputSize();
    int[] perm = null;
    for (long s = 0; s < steps; s++) {
      if (s % perEpoch == 0) {
        perm = BatchOrder.permutation(train.size(), seed, (int) (s / perEpoch));
      }
      int from = (int) (s % perEpoch) * batch;
      t.step(ar.encode(train.features(perm, from, batch)), ar.encode(train.oneHot(perm, from, batch, classes)));
    }
    return new double[] {t.accuracy(test), setup.floatSigmoidAccuracy(train, test, steps)};
  }
}
