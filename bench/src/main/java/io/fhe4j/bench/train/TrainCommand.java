package io.fhe4j.bench.train;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.ProgressBar;
import io.fhe4j.mnist.Split;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.EncryptedMatrix;
import io.fhe4j.nn.encrypted.ExchangeStats;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.ring.Parallel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar fhe4j.jar train}: SGD on encrypted MNIST with the data owner, the training
 * server and the refresher as separate objects, next to the plain fixed-point trainer on the same
 * batches; prints a progress bar with ETA and a final table (parameters and security, time per
 * step and per phase, refreshes and bytes, projected epoch time, test accuracy of the decrypted
 * model and of the plain one, whether the weights are bit-identical). Stateless.
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
    MnistOptions.Builder mb = MnistOptions.builder().download(o.download);
    MnistOptions mo = (o.data == null ? mb : mb.directory(o.data)).build();
    Dataset train;
    Dataset test;
    try {
      train = Mnist.load(Split.TRAIN, mo);
      test = Mnist.load(Split.TEST, mo);
    } catch (io.fhe4j.mnist.MnistException e) {
      err.println("fhe4j train: " + e.getMessage());
      err.println("On the command line: --data DIR, or set MNIST_DIR, or add --download to fetch the files.");
      return 1;
    }
    if (o.res != 28) {
      train = train.downsample(o.res);
      test = test.downsample(o.res);
    }
    FixedPointData tr = FixedPointData.of(train, o.f);
    FixedPointData te = FixedPointData.of(test.subset(0, Math.min(o.testImages, test.size())), o.f);
    out.printf(Locale.ROOT, "fhe4j train: %s on %dx%d MNIST, %s/%s, f=%d fw=%d fc=%d, loss %s, lr %s, batch %d%n",
        o.net, o.res, o.res, o.act, o.outAct, o.f, o.fw, o.fc, o.loss, o.lr, o.batch);
    EncryptedRun run = new EncryptedRun(o);
    out.printf(Locale.ROOT, "keys and context in %.1f s: %s%n", run.setupNanos / 1e9, run.context);
    int perEpoch = tr.size() / o.batch;
    long steps = o.epochs > 0 ? (long) o.epochs * perEpoch : o.steps;
    ProgressBar bar = new ProgressBar("encrypted SGD", steps, ProgressBar.Unit.ITEMS, err);
    EncryptedArithmetic server = run.server;
    ExchangeStats.Snapshot ex0 = server.exchange().snapshot();
    long[] ph0 = server.phaseNanos();
    long t0 = System.nanoTime();
    long firstStep = 0;
    int[] perm = null;
    for (long s = 0; s < steps; s++) {
      int epoch = (int) (s / perEpoch);
      int inEpoch = (int) (s % perEpoch);
      if (inEpoch == 0) {
        perm = BatchOrder.permutation(tr.size(), o.seed, epoch);
      }
      long a = System.nanoTime();
      run.step(tr, perm, inEpoch * o.batch, true);
      if (s == 0) {
        firstStep = System.nanoTime() - a;
      }
      bar.advance(1);
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
    double perStep = total / 1e9 / steps;
    Table t = new Table(out);
    t.row("parameters", String.format(Locale.ROOT, "N = %d slots, t = %d (%d bits), %d x %d-bit primes, c = %d, log2 QP = %.0f",
        run.context.n(), run.context.plaintextModulus(), o.tBits, run.context.maxLevel(), run.context.primeBits(),
        run.context.digits(), run.context.logQP()));
    t.row("security", String.format(Locale.ROOT, "%.1f bits (HE standard), %.1f bits (HElib estimate)",
        run.context.securityLevel(), run.context.helibSecurityEstimate()));
    t.row("threads", Integer.toString(Parallel.threads()));
    t.row("steps", steps + " mini-batches of " + o.batch + " (" + steps * o.batch + " images)");
    t.row("time per step", String.format(Locale.ROOT, "%.2f s (first step %.2f s)", perStep, firstStep / 1e9));
    t.row("  encrypt (owner uploads)", secs(ex.uploadNanos(), steps));
    t.row("  forward (server)", secs(ph[0] - ph0[0], steps));
    t.row("  backward (server)", secs(ph[1] - ph0[1], steps));
    t.row("  update (server)", secs(ph[2] - ph0[2], steps));
    t.row("  refresh (refresher)", secs(ex.refreshNanos(), steps));
    t.row("refreshes per step", String.format(Locale.ROOT, "%.1f rounds + %.1f extra layout requests",
        ex.refreshes() / (double) steps, ex.viewRequests() / (double) steps));
    t.row("to refresher per step", String.format(Locale.ROOT, "%.1f ciphertexts, %s",
        ex.toRefresherCiphertexts() / (double) steps, mb(ex.toRefresherBytes() / steps)));
    t.row("from refresher per step", String.format(Locale.ROOT, "%.1f ciphertexts, %s",
        ex.fromRefresherCiphertexts() / (double) steps, mb(ex.fromRefresherBytes() / steps)));
    t.row("owner uploads per step", String.format(Locale.ROOT, "%.1f ciphertexts, %s",
        ex.uploadCiphertexts() / (double) steps, mb(ex.uploadBytes() / steps)));
    t.row("server products per step", String.format(Locale.ROOT,
        "%.0f tensor products, %.0f relinearizations, %.0f rotations (%s layouts)",
        server.tensorProducts() / (double) steps, server.relinearizations() / (double) steps,
        server.rotations() / (double) steps, server.packing().name().toLowerCase(Locale.ROOT)));
    t.row("projected epoch", String.format(Locale.ROOT, "%d steps x %.2f s = %.2f h (projected from this run)",
        perEpoch, perStep, perEpoch * perStep / 3600));
    t.row("test accuracy (decrypted model)", String.format(Locale.ROOT, "%.2f %% on %d images", 100 * accEnc, te.size()));
    t.row("test accuracy (FixedPointTrainer)", String.format(Locale.ROOT, "%.2f %% after the same %d steps",
        100 * accRef, steps));
    t.row("weights bit-identical", identical ? "yes" : "NO");
    t.row("evaluation time", String.format(Locale.ROOT, "%.1f s", evalNanos / 1e9));
    if (o.out != null) {
      t.row("encrypted model", o.out + " (" + mb(modelBytes) + ")");
    }
    return identical ? 0 : 1;
  }

  private static String secs(long nanos, long steps) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9 / steps);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** Writes each weight and bias matrix: shape, layout, ciphertexts (BgvSerializer frames). */
  private static long writeModel(EncryptedRun run, java.nio.file.Path path) throws IOException {
    try (OutputStream os = Files.newOutputStream(path); DataOutputStream d = new DataOutputStream(os)) {
      d.writeBytes("FHE4JNN1");
      BgvSerializer.write(run.context, d);
      d.writeInt(run.options.net.layers());
      for (int l = 0; l < run.options.net.layers(); l++) {
        for (EncryptedMatrix m : new EncryptedMatrix[] {run.encrypted.weights(l), run.encrypted.biases(l)}) {
          if (m.layouts().isEmpty()) {
            throw new IOException("no encrypted weights yet: train at least one step before --out");
          }
          Layout lay = m.layouts().iterator().next();
          List<Ciphertext> cts = m.viewIfPresent(lay);
          d.writeInt(m.rows());
          d.writeInt(m.cols());
          d.writeUTF(lay.kind().name());
          d.writeInt(lay.param());
          d.writeInt(lay.blocks());
          d.writeInt(cts.size());
          for (Ciphertext c : cts) {
            BgvSerializer.write(c, d);
          }
        }
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
