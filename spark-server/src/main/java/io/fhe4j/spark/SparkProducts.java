package io.fhe4j.spark;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.fhe4j.ring.Parallel;
import java.lang.ref.WeakReference;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * {@link SliceProducts} on Spark executors, model-parallel by input feature: each job cuts the
 * operand groups into aligned blocks of slices, one Spark partition each (as many as the cluster's
 * default parallelism allows, a power-of-two number of slices per block), and each task returns its
 * block's sum per output chunk, added by the fixed tree's lower levels; the driver adds the blocks
 * by the tree's upper levels ({@link SliceProducts#reduce}), relinearizes and folds, so the result
 * is the same bit for bit as on one JVM. The context crosses once, as a broadcast; the evaluation
 * keys never do (a product without relinearization needs none).
 *
 * <p><b>What stays on the executors.</b> A model parameter's ciphertexts change every step by the
 * update ({@link #updated}: {@code W' = W - U}), so the weights of step t+1 are new ciphertexts; but
 * the update {@code U} comes fresh from the owner (half the bytes of {@code W}: part 1 is a seed),
 * while {@code W'} is a full ciphertext. So a parameter's operand is kept on the executor that used
 * it ({@link ExecutorCache}), and the next job that needs its new version sends only {@code U}, to
 * the same executor (a process-local preference), which computes {@code W - U} as the driver did.
 * A task that lacks the previous version (lost executor, a task placed elsewhere) reports a miss and
 * the driver sends that block whole in a second job; so a lost executor costs a job, never a result.
 * The other operands (inputs, refreshed activations and errors) are new in every job and are sent
 * whole ({@link Stats#resent} counts any operand sent twice).
 *
 * <p>Thread-safe for one caller at a time (the server's trainer thread; {@link #updated} from any
 * thread); the counters are read with {@link #stats}.
 */
public final class SparkProducts implements SliceProducts {
  private static final ClassTag<BlockTask> TASK = ClassTag$.MODULE$.apply(BlockTask.class);

  private final JavaSparkContext spark;
  private final boolean ownsContext;
  private final long session = new SecureRandom().nextLong();
  private final TaskOverhead overhead = new TaskOverhead();
  private Broadcast<byte[]> context;
  private String contextFingerprint;
  /** Operand ids, by identity (a ciphertext has no equals). */
  private final Map<Ciphertext, Long> ids = new WeakHashMap<>();
  /** The parameter updates announced: new version -> previous version's id and the update. */
  private final Map<Ciphertext, Update> updates = new WeakHashMap<>();
  /** Operands sent, for {@link Stats#resent}. */
  private final Map<Ciphertext, Boolean> sent = new WeakHashMap<>();
  /** Where each kept parameter operand is, by id. */
  private final Map<Long, Kept> kept = new HashMap<>();
  private long nextId;
  private long calls;
  private long jobs;
  private long tasks;
  private long bytesOut;
  private long updateBytes;
  private long bytesIn;
  private long updatesSent;
  private long misses;
  private long resent;
  private long driverNanos;
  private long jobNanos;
  private long computeNanos;
  private long criticalNanos;

  private record Update(long previous, Ciphertext update) {}

  private record Kept(String location, long job, WeakReference<Ciphertext> version) {}

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
    spark.sc().addSparkListener(overhead);
  }

  @Override
  public synchronized void updated(Ciphertext before, Ciphertext update, Ciphertext result) {
    updates.put(result, new Update(id(before), update));
  }

  @Override
  public Ciphertext[] partialSums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
      int slices) {
    return run(a, b, chunks, groups, slices, 1);
  }

  @Override
  public Ciphertext[] sums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
      int slices) {
    // a quarter of Spark's message limit, in bytes; none in local mode (tasks do not cross an RPC there)
    long maxTask = spark.isLocal() ? Long.MAX_VALUE : (long) spark.getConf().getInt("spark.rpc.message.maxSize", 128) << 18;
    int width = blockWidth(slices, spark.defaultParallelism(), operandBytes(a, b) / slices, maxTask);
    return SliceProducts.reduce(eval, run(a, b, chunks, groups, slices, width), chunks, slices, width);
  }

  /** The fewest slices per block, a power of two, with at most {@code parallelism} blocks. */
  static int blockWidth(int slices, int parallelism) {
    int w = 1;
    while ((slices + w - 1) / w > Math.max(1, parallelism)) {
      w *= 2;
    }
    return w;
  }

  /**
   * {@link #blockWidth(int, int)}, halved while a block's operands ({@code bytesPerSlice} each slice)
   * would exceed {@code maxTaskBytes}: Spark refuses a task larger than {@code spark.rpc.message.maxSize}
   * (128 MiB by default) and aborts the job; one slice per block is the least.
   */
  static int blockWidth(int slices, int parallelism, long bytesPerSlice, long maxTaskBytes) {
    int w = blockWidth(slices, parallelism);
    while (w > 1 && w * bytesPerSlice > maxTaskBytes) {
      w /= 2;
    }
    return w;
  }

  /** An upper bound of the operands' serialized bytes: 8 bytes a residue. */
  private static long operandBytes(List<Ciphertext> a, List<Ciphertext> b) {
    long total = 0;
    for (List<Ciphertext> list : List.of(a, b)) {
      for (Ciphertext c : list) {
        total += 8L * c.size() * c.level() * c.context().n();
      }
    }
    return total;
  }

  /**
   * The partial sums with the slices of each aligned block of {@code width} added on the executors:
   * {@code chunks * slices} ciphertexts of which those at multiples of {@code width} are set.
   */
  private Ciphertext[] run(List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups, int slices, int width) {
    if (a.size() != (long) chunks * groups || b.size() != a.size() || slices < 1 || slices > groups) {
      throw new IllegalArgumentException("partial sums need " + chunks + " x " + groups + " operands on each side and"
          + " 1..groups slices, got " + a.size() + ", " + b.size() + " and " + slices + " slices");
    }
    long t0 = System.nanoTime();
    Broadcast<byte[]> ctx = broadcast(a.get(0).context());
    int blocks = (slices + width - 1) / width;
    long job = calls + 1;
    long oldest = oldestNeeded(job);
    BlockTask[] work = new BlockTask[blocks];
    String[] where = new String[blocks];
    Parallel.forEach(blocks, 1L << 20, q -> work[q] = task(q, job, oldest, a, b, chunks, groups, slices, width,
        false, where));
    long t1 = System.nanoTime();
    List<BlockResult> got = execute(work, where, ctx);
    List<Integer> missed = new ArrayList<>();
    for (BlockResult r : got) {
      if (r.missed()) {
        missed.add(r.block());
      }
    }
    if (!missed.isEmpty()) {
      misses += missed.size();
      long t2 = System.nanoTime();
      BlockTask[] whole = new BlockTask[missed.size()];
      Parallel.forEach(whole.length, 1L << 20, i -> whole[i] = task(missed.get(i), job, oldest, a, b, chunks, groups,
          slices, width, true, null));
      t1 += System.nanoTime() - t2;
      List<BlockResult> again = execute(whole, new String[whole.length], ctx);
      for (BlockTask t : whole) {
        work[t.block] = t;
      }
      got = new ArrayList<>(got);
      got.removeIf(BlockResult::missed);
      got.addAll(again);
    }
    long t3 = System.nanoTime();
    Context context = a.get(0).context();
    Ciphertext[] partial = new Ciphertext[chunks * slices];
    List<BlockResult> results = got;
    if (results.size() != blocks) {
      throw new IllegalStateException("Spark returned " + results.size() + " block sums for " + blocks + " blocks");
    }
    Parallel.forEach(blocks * chunks, 1L << 20, i -> {
      BlockResult r = results.get(i / chunks);
      int k = i % chunks;
      if (r.missed()) {
        throw new IllegalStateException("block " + r.block() + " missed its kept operands although sent whole");
      }
      partial[k * slices + r.block() * width] = BgvSerializer.readCiphertext(r.sums()[k], context);
    });
    Set<Integer> seen = new HashSet<>();
    for (BlockResult r : results) {
      if (!seen.add(r.block())) {
        throw new IllegalStateException("Spark returned block " + r.block() + " twice");
      }
      bytesIn += r.bytes();
      record(work[r.block()], r, a, b, chunks, groups, slices, width, job);
    }
    calls++;
    driverNanos += (t1 - t0) + (System.nanoTime() - t3);
    return partial;
  }

  /** Block {@code q}'s task; {@code whole}: every operand sent whole (after a miss). */
  private BlockTask task(int q, long job, long oldest, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
      int slices, int width, boolean whole, String[] where) {
    int lo = q * width;
    int hi = Math.min(slices, lo + width);
    int g0 = SliceProducts.from(lo, groups, slices);
    int[] bounds = new int[hi - lo + 1];
    for (int s = lo; s <= hi; s++) {
      bounds[s - lo] = SliceProducts.from(s, groups, slices) - g0;
    }
    int n = bounds[hi - lo] * chunks;
    Operand[] x = new Operand[n];
    Operand[] y = new Operand[n];
    String[] location = new String[1];
    for (int i = 0; i < n; i++) {
      x[i] = operand(a.get(g0 * chunks + i), whole, location);
      y[i] = operand(b.get(g0 * chunks + i), whole, location);
    }
    if (where != null) {
      where[q] = location[0];
    }
    return new BlockTask(q, session, job, oldest, chunks, bounds, x, y);
  }

  /** How {@code c} travels: as its update if it is a parameter whose previous version is kept, else whole. */
  private Operand operand(Ciphertext c, boolean whole, String[] location) {
    Update u;
    Kept previous;
    long id;
    synchronized (this) {
      id = id(c);
      u = updates.get(c);
      previous = u == null ? null : kept.get(u.previous());
      if (sent.put(c, Boolean.TRUE) != null && !whole) {
        resent++;
      }
    }
    if (u == null) {
      return Operand.whole(id, BgvSerializer.toBytes(c), false);
    }
    if (whole || previous == null) {
      return Operand.whole(id, BgvSerializer.toBytes(c), true);
    }
    if (location[0] == null) {
      location[0] = previous.location();
    }
    return Operand.updateOf(id, u.previous(), BgvSerializer.toBytes(u.update()));
  }

  private List<BlockResult> execute(BlockTask[] work, String[] where, Broadcast<byte[]> ctx) {
    List<Tuple2<BlockTask, scala.collection.immutable.Seq<String>>> items = new ArrayList<>();
    for (int i = 0; i < work.length; i++) {
      bytesOut += work[i].bytes();
      List<String> pref = where[i] == null ? List.of() : List.of(where[i]);
      items.add(new Tuple2<>(work[i], scala.jdk.javaapi.CollectionConverters.asScala(pref).toSeq()));
    }
    long t0 = System.nanoTime();
    List<BlockResult> got = JavaRDD.fromRDD(spark.sc().makeRDD(
        scala.jdk.javaapi.CollectionConverters.asScala(items).toSeq(), TASK), TASK)
        .map(t -> t.compute(ctx.value())).collect();
    long wall = System.nanoTime() - t0;
    long max = 0;
    for (BlockResult r : got) {
      computeNanos += r.nanos();
      max = Math.max(max, r.nanos());
    }
    jobs++;
    tasks += work.length;
    jobNanos += wall;
    criticalNanos += max;
    return got;
  }

  /** The driver's view after a block ran: its kept operands are on the executor that ran it. */
  private synchronized void record(BlockTask t, BlockResult r, List<Ciphertext> a, List<Ciphertext> b, int chunks,
      int groups, int slices, int width, long job) {
    int g0 = SliceProducts.from(t.block * width, groups, slices);
    for (int side = 0; side < 2; side++) {
      Operand[] ops = side == 0 ? t.a : t.b;
      List<Ciphertext> cts = side == 0 ? a : b;
      for (int i = 0; i < ops.length; i++) {
        Operand op = ops[i];
        if (!op.keep) {
          continue;
        }
        Ciphertext c = cts.get(g0 * chunks + i);
        Update u = updates.get(c);
        if (u != null) {
          kept.remove(u.previous()); // consumed on the executor, or superseded by the whole new version
        }
        if (op.bytes == null) {
          updatesSent++;
          updateBytes += op.update.length;
        }
        if (r.location() != null) {
          kept.put(op.id, new Kept(r.location(), job, new WeakReference<>(c)));
        }
      }
    }
  }

  /**
   * The first job whose kept operands may still be needed: those of parameter versions still alive
   * on the driver, or the previous version of an update not yet sent. Older ones are dropped.
   */
  private synchronized long oldestNeeded(long job) {
    Set<Long> pending = new HashSet<>();
    for (Update u : updates.values()) {
      pending.add(u.previous());
    }
    kept.entrySet().removeIf(e -> e.getValue().version().get() == null && !pending.contains(e.getKey()));
    long oldest = job;
    for (Kept k : kept.values()) {
      oldest = Math.min(oldest, k.job());
    }
    return oldest;
  }

  private synchronized long id(Ciphertext c) {
    return ids.computeIfAbsent(c, k -> ++nextId);
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
   * Totals since the connection. {@code calls}: product calls; {@code jobs} and {@code tasks}: Spark
   * jobs (a call's second job sends missed blocks whole) and their tasks; {@code bytesOut}: operand
   * bytes sent, of which {@code updateBytes} as {@code updates} parameter updates to kept versions;
   * {@code bytesIn}: block sums received; {@code misses}: blocks sent again whole; {@code resent}:
   * operands sent in an earlier call already; {@code driverNanos}: serializing and reading back;
   * {@code jobNanos}: the jobs' wall time (scheduling, shipping, computing, collecting); {@code
   * computeNanos}: the tasks' own time summed, {@code criticalNanos} its per-job maximum summed, so
   * that {@code jobNanos - criticalNanos} is Spark's own time on the critical path; {@code
   * deserializeMs}, {@code resultSerializeMs}, {@code schedulerDelayMs}: Spark's task metrics summed.
   */
  public record Stats(long calls, long jobs, long tasks, long bytesOut, long updateBytes, long updates, long bytesIn,
      long misses, long resent, long driverNanos, long jobNanos, long computeNanos, long criticalNanos,
      long deserializeMs, long resultSerializeMs, long schedulerDelayMs) {}

  /** The totals so far. */
  public synchronized Stats stats() {
    return new Stats(calls, jobs, tasks, bytesOut, updateBytes, updatesSent, bytesIn, misses,
        resent, driverNanos, jobNanos, computeNanos, criticalNanos, overhead.deserializeMs.get(),
        overhead.resultSerializeMs.get(), overhead.schedulerDelayMs.get());
  }

  /** The Spark context. */
  public JavaSparkContext spark() {
    return spark;
  }

  /** This session's kept operands in this JVM (the executor of {@code local[N]}), for tests. */
  int keptHere() {
    return ExecutorCache.kept(session);
  }

  /** Drops this session's kept operands in this JVM, as a lost executor would (tests). */
  void forgetKeptHere() {
    ExecutorCache.clear(session);
  }

  @Override
  public void close() {
    if (context != null) {
      context.destroy();
      context = null;
    }
    ExecutorCache.clear(session);
    spark.sc().removeSparkListener(overhead);
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
    return String.format(java.util.Locale.ROOT, "Spark %s: %d calls, %d jobs, %d tasks (%d sent again whole),"
        + " %.1f MB out (%.1f MB as %d parameter updates to kept versions), %.1f MB back; driver %.2f s (serializing,"
        + " reading back), jobs %.2f s, of which tasks %.2f s on the critical path (%.2f s summed over tasks) and"
        + " Spark %.2f s (task deserialization %.2f s, result serialization %.2f s, scheduler delay %.2f s summed"
        + " over tasks)", spark.master(), st.calls(), st.jobs(), st.tasks(), st.misses(), st.bytesOut() / 1e6,
        st.updateBytes() / 1e6, st.updates(), st.bytesIn() / 1e6, st.driverNanos() / 1e9, st.jobNanos() / 1e9,
        st.criticalNanos() / 1e9, st.computeNanos() / 1e9, (st.jobNanos() - st.criticalNanos()) / 1e9,
        st.deserializeMs() / 1e3, st.resultSerializeMs() / 1e3, st.schedulerDelayMs() / 1e3);
  }
}
