package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.EmbeddedMnist;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.MnistSplits;
import io.fhe4j.mnist.ProgressBar;
import io.fhe4j.mnist.Split;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.ExchangeStats;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.ring.Parallel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code java -jar fhe4j.jar train}: SGD on encrypted MNIST with the data owner, the training
 * server and the refresher as separate objects, next to the plain fixed-point trainer on the same
 * batches, on the MNIST files or, when none are configured, cached or downloadable, the subset in the
 * jar (a {@code data:} line says which); prints a progress bar with ETA, the decrypted model's test
 * accuracy every {@code --eval-every} steps, and a final table (parameters and security, time per
 * step and per phase, refreshes and bytes, projected epoch time, test accuracy of the decrypted
 * model and of the plain one, whether the weights are bit-identical). With {@code --checkpoint DIR}
 * the run is resumable: the same command continues from the last checkpoint in DIR. Stateless.
 */
public final class TrainCommand {
  private TrainCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      out.println(TrainOptions.USAGE);
      return 0;
    }
    TrainOptions o;
    try {
      o = TrainOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    MnistSplits data;
    try {
      data = loadData(o);
    } catch (io.fhe4j.mnist.MnistException e) {
      err.println("fhe4j train: " + e.getMessage());
      err.println("On the command line: --data DIR, or set MNIST_DIR, or add --download to fetch the files"
          + " (without any of them, or with --embedded, train uses the MNIST subset in the jar).");
      return 1;
    }
    out.println("data: " + data.source() + (data.embedded() && !o.embedded
        ? "; for the full set, set MNIST_DIR or --data DIR to a folder with the MNIST files, or add --download" : ""));
    Dataset train = data.train();
    Dataset test = data.test();
    String configuration = o.configuration() + (data.embedded() ? " data=embedded" : "");
    if (o.res != 28) {
      train = train.downsample(o.res);
      test = test.downsample(o.res);
    }
    FixedPointData tr = FixedPointData.of(train, o.f);
    FixedPointData te = FixedPointData.of(test.subset(0, Math.min(o.testImages, test.size())), o.f);
    out.printf(Locale.ROOT, "fhe4j train: %s on %dx%d MNIST, %s/%s, f=%d fw=%d fc=%d, loss %s, lr %s, batch %d%n",
        o.net, o.res, o.res, o.act, o.outAct, o.f, o.fw, o.fc, o.loss, o.lr, o.batch);
    int perEpoch = tr.size() / o.batch;
    long steps = o.epochs > 0 ? (long) o.epochs * perEpoch : o.steps;
    Checkpoint ck = o.checkpoint == null ? null : new Checkpoint(o.checkpoint);
    EncryptedRun run;
    Properties state = new Properties();
    long done = 0;
    try {
      if (ck != null && ck.exists()) {
        state = ck.state();
        String saved = state.getProperty("configuration");
        if (!configuration.equals(saved)) {
          err.println("fhe4j train: " + ck.dir() + " holds a run of\n  " + saved + "\nbut this command asks for\n  "
              + configuration + "\nRerun with that run's flags, or name another --checkpoint folder.");
          return 2;
        }
        Context ctx = ck.context();
        long k0 = System.nanoTime();
        DataOwner owner = ck.owner(ctx);
        long keyNanos = System.nanoTime() - k0;
        run = new EncryptedRun(o, ctx, owner);
        done = Long.parseLong(state.getProperty("steps"));
        run.restoreModel(ck.model(ctx, state, o.net.layers(), run.server.slots()), done, perEpoch);
        out.printf(Locale.ROOT, "resumed %s after %d steps (%s of earlier wall time); owner keys read back,"
            + " evaluation keys regenerated in %.1f s%n", ck.dir(), done, duration(wallNanos(state)), keyNanos / 1e9);
        if (done > 0) {
          ProgressBar replay = new ProgressBar("plain reference replay", done, ProgressBar.Unit.ITEMS, err);
          int[] p = null;
          for (long s = 0; s < done; s++) {
            if (s % perEpoch == 0) {
              p = BatchOrder.permutation(tr.size(), o.seed, (int) (s / perEpoch));
            }
            run.referenceStep(tr, p, (int) (s % perEpoch) * o.batch);
            replay.advance(1);
          }
          replay.finish();
        }
      } else {
        run = new EncryptedRun(o);
        if (ck != null) {
          ck.start(run.context, run.owner);
          state.setProperty("configuration", configuration);
        }
      }
    } catch (IOException e) {
      err.println("fhe4j train: cannot use the checkpoint folder " + o.checkpoint + ": " + e.getMessage());
      return 1;
    }
    if (done == 0) {
      out.printf(Locale.ROOT, "keys and context in %.1f s: %s%n", run.setupNanos / 1e9, run.context);
    } else {
      out.printf(Locale.ROOT, "context: %s%n", run.context);
    }
    if (done >= steps) {
      out.printf(Locale.ROOT, "the checkpoint already holds %d steps (>= the %d asked for): nothing to train%n", done, steps);
    }
    long segment = Math.max(0, steps - done);
    ProgressBar bar = new ProgressBar("encrypted SGD", segment, ProgressBar.Unit.ITEMS, err);
    EncryptedArithmetic server = run.server;
    ExchangeStats.Snapshot ex0 = server.exchange().snapshot();
    long[] ph0 = server.phaseNanos();
    long wallBefore = wallNanos(state);
    long t0 = System.nanoTime();
    long firstStep = 0;
    long progressNanos = 0;
    int progressPoints = 0;
    int[] perm = null;
    for (long s = done; s < steps; s++) {
      int epoch = (int) (s / perEpoch);
      int inEpoch = (int) (s % perEpoch);
      if (inEpoch == 0 || perm == null) {
        perm = BatchOrder.permutation(tr.size(), o.seed, epoch);
      }
      long a = System.nanoTime();
      run.step(tr, perm, inEpoch * o.batch, true);
      if (s == done) {
        firstStep = System.nanoTime() - a;
      }
      bar.advance(1);
      if (o.evalEvery > 0 && (s + 1) % o.evalEvery == 0 && s + 1 < steps) {
        long e0 = System.nanoTime();
        printProgress(out, run, te, s + 1, steps, o.batch, e0 - t0);
        progressNanos += System.nanoTime() - e0;
        progressPoints++;
      }
      boolean epochEnd = (s + 1) % perEpoch == 0;
      if (epochEnd) {
        double e = run.encrypted.accuracy(te);
        double r = run.reference.accuracy(te);
        String same = run.bitIdentical() ? "yes" : "NO";
        state.setProperty("epoch." + (epoch + 1), String.format(Locale.ROOT, "%.2f %.2f %s", 100 * e, 100 * r, same));
        out.printf(Locale.ROOT, "%nepoch %d: decrypted model %.2f %%, FixedPointTrainer %.2f %%, bit-identical %s%n",
            epoch + 1, 100 * e, 100 * r, same);
      }
      if (ck != null && (epochEnd || (s + 1 - done) % o.checkpointEvery == 0 || s + 1 == steps)) {
        try {
          state.setProperty("wall.nanos", Long.toString(wallBefore + System.nanoTime() - t0));
          ck.save(s + 1, run.exportModel(), state);
        } catch (IOException e) {
          err.println("fhe4j train: cannot write the checkpoint to " + ck.dir() + ": " + e.getMessage());
          return 1;
        }
      }
    }
    bar.finish();
    long total = System.nanoTime() - t0;
    ExchangeStats.Snapshot ex = server.exchange().snapshot().minus(ex0);
    long[] ph = server.phaseNanos();
    boolean identical = run.bitIdentical();
    long a0 = System.nanoTime();
    double accEnc = run.encrypted.accuracy(te);
    double accRef = run.reference.accuracy(te);
    long evalNanos = System.nanoTime() - a0;
    long modelBytes = 0;
    if (o.out != null) {
      try {
        modelBytes = writeModel(run, o.out);
      } catch (IOException e) {
        err.println("cannot write the model to " + o.out + ": " + e.getMessage());
        return 1;
      }
    }
    long n = Math.max(1, segment);
    double perStep = (total - progressNanos) / 1e9 / n;
    Table t = new Table(out);
    t.row("parameters", String.format(Locale.ROOT, "N = %d slots, t = %d (%d bits), %d x %d-bit primes, c = %d, log2 QP = %.0f",
        run.context.n(), run.context.plaintextModulus(), o.tBits, run.context.maxLevel(), run.context.primeBits(),
        run.context.digits(), run.context.logQP()));
    t.row("security", String.format(Locale.ROOT, "%.1f bits (HE standard), %.1f bits (HElib estimate)",
        run.context.securityLevel(), run.context.helibSecurityEstimate()));
    t.row("threads", Integer.toString(Parallel.threads()));
    t.row("steps", segment + " mini-batches of " + o.batch + " (" + segment * o.batch + " images)"
        + (done > 0 ? String.format(Locale.ROOT, ", steps %d..%d of a resumed run", done + 1, steps) : ""));
    t.row("time per step", String.format(Locale.ROOT, "%.2f s (first step %.2f s)", perStep, firstStep / 1e9));
    t.row("  encrypt (owner uploads)", secs(ex.uploadNanos(), n));
    t.row("  forward (server)", secs(ph[0] - ph0[0], n));
    t.row("  backward (server)", secs(ph[1] - ph0[1], n));
    t.row("  update (server)", secs(ph[2] - ph0[2], n));
    t.row("  refresh (refresher)", secs(ex.refreshNanos(), n));
    t.row("refreshes per step", String.format(Locale.ROOT, "%.1f rounds + %.1f extra layout requests",
        ex.refreshes() / (double) n, ex.viewRequests() / (double) n));
    t.row("to refresher per step", String.format(Locale.ROOT, "%.1f ciphertexts, %s",
        ex.toRefresherCiphertexts() / (double) n, mb(ex.toRefresherBytes() / n)));
    t.row("from refresher per step", String.format(Locale.ROOT, "%.1f ciphertexts, %s",
        ex.fromRefresherCiphertexts() / (double) n, mb(ex.fromRefresherBytes() / n)));
    t.row("owner uploads per step", String.format(Locale.ROOT, "%.1f ciphertexts, %s",
        ex.uploadCiphertexts() / (double) n, mb(ex.uploadBytes() / n)));
    t.row("server products per step", String.format(Locale.ROOT,
        "%.0f tensor products, %.0f relinearizations, %.0f rotations (%s layouts)",
        server.tensorProducts() / (double) n, server.relinearizations() / (double) n,
        server.rotations() / (double) n, server.packing().name().toLowerCase(Locale.ROOT)));
    t.row("projected epoch", String.format(Locale.ROOT, "%d steps x %.2f s = %.2f h (projected from this run)",
        perEpoch, perStep, perEpoch * perStep / 3600));
    t.row("test accuracy (decrypted model)", String.format(Locale.ROOT, "%.2f %% on %d images", 100 * accEnc, te.size()));
    t.row("test accuracy (FixedPointTrainer)", String.format(Locale.ROOT, "%.2f %% after the same %d steps",
        100 * accRef, Math.max(steps, done)));
    t.row("weights bit-identical", identical ? "yes" : "NO");
    if (ck != null) {
      t.row("checkpoint", String.format(Locale.ROOT, "%s, %d steps, %s wall over all sittings", ck.dir(),
          Math.max(steps, done), duration(wallBefore + total)));
      for (int e = 1; state.containsKey("epoch." + e); e++) {
        String[] v = state.getProperty("epoch." + e).split(" ");
        t.row("  after epoch " + e, String.format(Locale.ROOT, "decrypted %s %%, FixedPointTrainer %s %%, bit-identical %s",
            v[0], v[1], v[2]));
      }
    }
    t.row("evaluation time", String.format(Locale.ROOT, "%.1f s", evalNanos / 1e9) + (progressPoints == 0 ? ""
        : String.format(Locale.ROOT, " (and %.1f s at %d points during training, not in the time per step)",
            progressNanos / 1e9, progressPoints)));
    if (o.out != null) {
      t.row("encrypted model", o.out + " (" + mb(modelBytes) + ")");
    }
    return identical ? 0 : 1;
  }

  /**
   * The MNIST files named by {@code --data} or {@code MNIST_DIR}, else the cached or downloaded ones, else the subset
   * shipped in the jar ({@code --embedded} asks for the subset directly).
   */
  private static MnistSplits loadData(TrainOptions o) {
    if (o.embedded) {
      return new MnistSplits(EmbeddedMnist.load(Split.TRAIN), EmbeddedMnist.load(Split.TEST),
          EmbeddedMnist.description() + " (--embedded)", true);
    }
    MnistOptions.Builder mb = MnistOptions.builder().download(o.download);
    return Mnist.loadOrEmbedded((o.data == null ? mb : mb.directory(o.data)).build());
  }

  /**
   * One line at an evaluation point: the owner decrypts the current model and both it and the plain
   * replay are scored on the test images (in plaintext; the training itself is not touched).
   */
  private static void printProgress(PrintStream out, EncryptedRun run, FixedPointData te, long step, long steps,
      int batch, long nanos) {
    double e = run.encrypted.accuracy(te);
    double r = run.reference.accuracy(te);
    out.printf(Locale.ROOT, "%nstep %d/%d (%,d images, %s): test accuracy %.2f %% (decrypted model; FixedPointTrainer"
        + " %.2f %%)%n", step, steps, step * batch, duration(nanos), 100 * e, 100 * r);
  }

  /** {@code 1 h 05 min}, {@code 3 min 20 s} or {@code 4.2 s}. */
  static String duration(long nanos) {
    long s = Math.round(nanos / 1e9);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  private static long wallNanos(Properties state) {
    return Long.parseLong(state.getProperty("wall.nanos", "0"));
  }

  private static String secs(long nanos, long steps) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9 / steps);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** Writes the context, then each weight and bias matrix (layout and ciphertexts) as checkpoints do. */
  private static long writeModel(EncryptedRun run, java.nio.file.Path path) throws IOException {
    try (OutputStream os = Files.newOutputStream(path); DataOutputStream d = new DataOutputStream(os)) {
      d.writeBytes("FHE4JNN2");
      BgvSerializer.write(run.context, d);
      d.writeInt(run.options.net.layers());
      for (Stored s : run.exportModel()) {
        Checkpoint.writeStored(d, s);
      }
      d.flush();
      return d.size();
    }
  }

  /** A two-column text table. */
  private static final class Table {
    private final PrintStream out;

    Table(PrintStream out) {
      this.out = out;
      out.println();
    }

    void row(String k, String v) {
      out.printf(Locale.ROOT, "%-36s %s%n", k, v);
    }
  }
}
