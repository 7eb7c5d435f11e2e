package io.fhe4j.spark;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.ring.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * {@link SliceProducts} on Spark executors: model-parallel by ciphertext group. Each call cuts the
 * {@code chunks * slices} partial sums into contiguous runs, one Spark partition each (at most the
 * cluster's default parallelism), ships every run's operand ciphertexts in {@link BgvSerializer}'s
 * format, and collects the 3-part partial sums in the same format; the driver then reduces them by
 * the fixed tree, relinearizes and folds ({@code EncryptedArithmetic}), so the result is the same bit
 * for bit as on one JVM. The context crosses once, as a broadcast; the evaluation keys never do (a
 * product without relinearization needs none).
 *
 * <p>What crosses the network per call: the operands (every ciphertext of both sides once) to the
 * executors and {@code chunks * slices} 3-part ciphertexts back. Nothing is cached on the executors
 * across calls: the operands of a step are new each step (inputs, refreshed activations and
 * weights), and a lost executor loses nothing Spark cannot recompute from the task's own bytes.
 *
 * <p>Thread-safe for one caller at a time (the server's trainer thread); the counters are read with
 * {@link #stats}.
 */
public final class SparkProducts implements SliceProducts {
  private final JavaSparkContext spark;
  private final boolean ownsContext;
  private final LongAccumulator executorNanos;
  private Broadcast<byte[]> context;
  private String contextFingerprint;
  private long calls;
  private long tasks;
  private long bytesOut;
  private long bytesIn;
  private long driverNanos;
  private long jobNanos;

  /**
   * Connects to {@code master} ({@code local[*]}, {@code spark://host:7077}, ...) with application
   * name {@code fhe4j server}; {@link #close} stops the connection.
   */
  public static SparkProducts connect(String master) {
    SparkConf conf = new SparkConf().setMaster(master).setAppName("fhe4j server")
        .setIfMissing("spark.ui.enabled", "false");
    return new SparkProducts(new JavaSparkContext(conf), true);
  }

  /** Uses a Spark context the caller owns ({@link #close} leaves it running). */
  public static SparkProducts using(JavaSparkContext spark) {
    return new SparkProducts(spark, false);
  }

  private SparkProducts(JavaSparkContext spark, boolean ownsContext) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.ownsContext = ownsContext;
    this.executorNanos = spark.sc().longAccumulator("fhe4j executor nanos");
  }

  @Override
  public Ciphertext[] partialSums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
      int slices) {
    if (a.size() != (long) chunks * groups || b.size() != a.size() || slices < 1 || slices > groups) {
      throw new IllegalArgumentException("partial sums need " + chunks + " x " + groups + " operands on each side and"
          + " 1..groups slices, got " + a.size() + ", " + b.size() + " and " + slices + " slices");
    }
    long t0 = System.nanoTime();
    Broadcast<byte[]> ctx = broadcast(a.get(0).context());
    int n = chunks * slices;
    SliceTask[] work = new SliceTask[n];
    Parallel.forEach(n, 1L << 20, task -> {
      int k = task / slices;
      int s = task % slices;
      int from = SliceProducts.from(s, groups, slices);
      int to = SliceProducts.from(s + 1, groups, slices);
      byte[][] x = new byte[to - from][];
      byte[][] y = new byte[to - from][];
      for (int g = from; g < to; g++) {
        x[g - from] = BgvSerializer.toBytes(a.get(g * chunks + k));
        y[g - from] = BgvSerializer.toBytes(b.get(g * chunks + k));
      }
      work[task] = new SliceTask(task, x, y);
    });
    for (SliceTask t : work) {
      bytesOut += t.bytes();
    }
    long t1 = System.nanoTime();
    LongAccumulator acc = executorNanos;
    List<Tuple2<Integer, byte[]>> got = spark.parallelize(List.of(work), Math.min(n, spark.defaultParallelism()))
        .map(t -> {
          long s0 = System.nanoTime();
          Tuple2<Integer, byte[]> r = new Tuple2<>(t.index, t.compute(ctx.value()));
          acc.add(System.nanoTime() - s0);
          return r;
        }).collect();
    long t2 = System.nanoTime();
    if (got.size() != n) {
      throw new IllegalStateException("Spark returned " + got.size() + " partial sums for " + n + " tasks");
    }
    Context context = a.get(0).context();
    Ciphertext[] partial = new Ciphertext[n];
    List<Tuple2<Integer, byte[]>> results = new ArrayList<>(got);
    Parallel.forEach(n, 1L << 20, i -> {
      Tuple2<Integer, byte[]> r = results.get(i);
      partial[r._1()] = BgvSerializer.readCiphertext(r._2(), context);
    });
    for (Tuple2<Integer, byte[]> r : results) {
      bytesIn += r._2().length;
    }
    for (int i = 0; i < n; i++) {
      if (partial[i] == null) {
        throw new IllegalStateException("Spark returned no partial sum for task " + i);
      }
    }
    calls++;
    tasks += n;
    jobNanos += t2 - t1;
    driverNanos += (t1 - t0) + (System.nanoTime() - t2);
    return partial;
  }

  private Broadcast<byte[]> broadcast(Context c) {
    String f = c.fingerprint();
    if (!f.equals(contextFingerprint)) {
      if (context != null) {
        context.destroy();
      }
      context = spark.broadcast(BgvSerializer.toBytes(c));
      contextFingerprint = f;
    }
    return context;
  }

  /**
   * Totals since the connection: product calls (Spark jobs), tasks, operand bytes sent and partial-sum bytes
   * received, driver time (serializing, reading back), job time (scheduling, shipping, computing, collecting) and
   * executor time (computing, summed over the tasks).
   */
  public record Stats(long calls, long tasks, long bytesOut, long bytesIn, long driverNanos, long jobNanos,
      long executorNanos) {}

  /** The totals so far. */
  public Stats stats() {
    return new Stats(calls, tasks, bytesOut, bytesIn, driverNanos, jobNanos, executorNanos.value());
  }

  /** The Spark context. */
  public JavaSparkContext spark() {
    return spark;
  }

  @Override
  public void close() {
    if (context != null) {
      context.destroy();
      context = null;
    }
    if (ownsContext) {
      spark.stop();
    }
  }

  /** The master, and once products ran, Spark's share of the work so far (see {@link #stats}). */
  @Override
  public String toString() {
    Stats st = stats();
    if (st.calls() == 0) {
      return "Spark " + spark.master();
    }
    return String.format(java.util.Locale.ROOT, "Spark %s: %d jobs, %d tasks, %.1f MB out, %.1f MB back; driver %.2f s"
        + " (serializing, reading back), jobs %.2f s (scheduling, shipping, computing, collecting), executors %.2f s"
        + " (computing, summed over tasks)", spark.master(), st.calls(), st.tasks(), st.bytesOut() / 1e6,
        st.bytesIn() / 1e6, st.driverNanos() / 1e9, st.jobNanos() / 1e9, st.executorNanos() / 1e9);
  }
}
