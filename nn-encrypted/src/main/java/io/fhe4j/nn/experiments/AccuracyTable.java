package io.fhe4j.nn.experiments;

import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.Split;
import io.fhe4j.nn.Activation;
import io.fhe4j.nn.FloatTrainer;
import io.fhe4j.nn.Samples;
import io.fhe4j.nn.TrainingConfig;
import io.fhe4j.nn.fixed.Activations;
import io.fhe4j.nn.fixed.ArithmeticStats;
import io.fhe4j.nn.fixed.FixedPointActivation;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointFormat;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of the accuracy experiments (not part of {@code mvn test}): trains every {@link
 * RunSpec} line of a plan file on the real MNIST training set and appends one tab-separated result
 * line per run (accuracy on the 10,000 test images, accuracy after each epoch, train time,
 * largest intermediate bits, depth, rescaled values per step) to a results file, so partial
 * results survive an interruption.
 *
 * <pre>
 * java -cp CLASSPATH io.fhe4j.nn.experiments.AccuracyTable MNIST_DIR plan.txt results.tsv
 * </pre>
 * Single-threaded. Not thread-safe (a program).
 */
public final class AccuracyTable {
  private AccuracyTable() {}

  /** Runs the plan. Arguments: MNIST directory, plan file, results file. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: AccuracyTable MNIST_DIR plan.txt results.tsv");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    MnistOptions options = MnistOptions.builder().directory(dir).build();
    Dataset train = Mnist.load(Split.TRAIN, options);
    Dataset test = Mnist.load(Split.TEST, options);
    Map<Integer, Dataset[]> byRes = new HashMap<>();
    List<String> plan = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    Path out = Path.of(args[2]);
    if (!Files.exists(out)) {
      Files.writeString(out, Result.HEADER + "\n", StandardCharsets.UTF_8);
    }
    for (String line : plan) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      RunSpec spec = RunSpec.parse(line);
      Dataset[] data = byRes.computeIfAbsent(spec.res(), r -> new Dataset[] {train.downsample(r), test.downsample(r)});
      Result r;
      try {
        r = run(spec, data[0], data[1]);
      } catch (ArithmeticException e) {
        r = Result.failed(spec, e.getMessage());
      }
      System.out.println(r.toTsv());
      System.out.flush();
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND))) {
        w.println(r.toTsv());
      }
    }
  }

  /** The float activation named by {@code act} ({@link Activations#floating}). */
  public static Activation floatActivation(String act) {
    return Activations.floating(act);
  }

  /** The fixed-point activation named by {@code act} in {@code format} ({@link Activations#fixed}). */
  public static FixedPointActivation fixedActivation(String act, FixedPointFormat format) {
    return Activations.fixed(act, format);
  }

  /** The suffix of a polynomial activation's name that selects the monotone clamp ({@link Activations#MONOTONE_SUFFIX}). */
  public static final String MONOTONE_SUFFIX = Activations.MONOTONE_SUFFIX;

  /** Trains and evaluates one configuration. */
  public static Result run(RunSpec spec, Dataset train, Dataset test) {
    TrainingConfig cfg = new TrainingConfig(spec.batch(), spec.epochs(), spec.schedule(), spec.seed(), spec.loss());
    StringBuilder perEpoch = new StringBuilder();
    long t0 = System.nanoTime();
    long trainNanos = 0;
    double acc;
    if (spec.mode().equals("float")) {
      Samples tr = Samples.of(train);
      Samples te = Samples.of(test);
      FloatTrainer t = new FloatTrainer(spec.net(), floatActivation(spec.act()), floatActivation(spec.outAct()), cfg);
      acc = 0;
      for (int e = 0; e < spec.epochs(); e++) {
        long s = System.nanoTime();
        t.trainEpoch(tr);
        trainNanos += System.nanoTime() - s;
        acc = t.accuracy(te);
        perEpoch.append(perEpoch.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", acc));
      }
      return new Result(spec, acc, perEpoch.toString(), trainNanos / 1e9, (System.nanoTime() - t0) / 1e9, -1, -1, -1, "");
    }
    FixedPointFormat format = new FixedPointFormat(spec.f(), spec.fw(), spec.fc());
    FixedPointData tr = FixedPointData.of(train, spec.f());
    FixedPointData te = FixedPointData.of(test, spec.f());
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = new FixedPointTrainer<>(ar, spec.net(), format, fixedActivation(spec.act(), format),
        fixedActivation(spec.outAct(), format), cfg);
    acc = 0;
    for (int e = 0; e < spec.epochs(); e++) {
      long s = System.nanoTime();
      t.trainEpoch(tr);
      trainNanos += System.nanoTime() - s;
      acc = t.accuracy(te);
      perEpoch.append(perEpoch.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", acc));
    }
    ArithmeticStats st = ar.stats();
    double rescaledPerStep = t.steps() == 0 ? 0 : (double) st.rescaledValues() / t.steps();
    return new Result(spec, acc, perEpoch.toString(), trainNanos / 1e9, (System.nanoTime() - t0) / 1e9,
        st.maxBits(), st.maxDepth(), rescaledPerStep, "");
  }

  /** One line of the results file. */
  public record Result(RunSpec spec, double accuracy, String perEpoch, double trainSeconds, double totalSeconds,
      int maxBits, int maxDepth, double rescaledPerStep, String error) {
    static final String HEADER =
        "accuracy\tper_epoch\ttrain_s\ttotal_s\tmax_bits\tmax_depth\trescaled_per_step\terror\tspec";

    static Result failed(RunSpec spec, String error) {
      return new Result(spec, Double.NaN, "", 0, 0, -1, -1, -1, error == null ? "overflow" : error.replace('\t', ' '));
    }

    String toTsv() {
      return String.format(Locale.ROOT, "%.4f\t%s\t%.1f\t%.1f\t%d\t%d\t%.0f\t%s\t%s", accuracy, perEpoch, trainSeconds,
          totalSeconds, maxBits, maxDepth, rescaledPerStep, error, spec.toLine());
    }
  }
}
