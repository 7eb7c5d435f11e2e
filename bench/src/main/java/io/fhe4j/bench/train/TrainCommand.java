package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.io.SecretFiles;
import io.fhe4j.mnist.ProgressBar;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic;
import io.fhe4j.nn.encrypted.ExchangeStats;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.party.OwnerCommand;
import io.fhe4j.party.TrainOptions;
import io.fhe4j.party.UsageException;
import io.fhe4j.ring.Parallel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code java -jar fhe4j.jar train}: SGD on encrypted MNIST with the data owner and the training
 * server as the two parties of the protocol on a loopback port ({@link PartyRun}), or, with {@code
 * --in-process}, as separate objects in one JVM (this class), next to the plain fixed-point trainer
 * on the same batches, on the MNIST files or, when none are configured, cached or downloadable, the subset in the
 * jar, or on the user's own {@code --data FILE_OR_DIR} ({@link io.fhe4j.party.UserData}; a {@code data:} line says
 * which, a {@code dry run:} line what {@link io.fhe4j.party.DryRun} found); prints a progress bar with ETA (plain lines every 10 s when
 * stderr is not a terminal), the decrypted model's test accuracy every {@code --eval-every} steps, and
 * a final table (parameters and security, time per step and per phase, refreshes and bytes,
 * projected epoch time, test accuracy of the decrypted model, of the plain one and of the float sigmoid
 * trainer, whether the weights are bit-identical). Flags are validated before any work ({@link TrainOptions}; exit code 2
 * and one line naming the flag). With {@code --checkpoint DIR} the run is resumable: the same command
 * continues from the last checkpoint in DIR ({@link Checkpoint}); interrupted, it prints that
 * command ({@link InterruptNotice}). Stateless.
 */
public final class TrainCommand {
  private TrainCommand() {}

  /** Runs the command; returns the exit code (0 done and bit-identical, 1 failed, 2 usage error). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      out.println(TrainOptions.usage(TrainOptions.Command.TRAIN));
      return 0;
    }
    TrainOptions o;
    try {
      o = TrainOptions.parse(args);
    } catch (UsageException e) {
      err.println("fhe4j train: " + e.getMessage());
      return 2;
    }
    if (o.threads() > 0) {
      System.setProperty("fhe4j.threads", Integer.toString(o.threads()));
    }
    try {
      return o.inProcess() ? train(o, args, out, err) : PartyRun.run(o, args, out, err);
    } catch (UsageException e) {
      err.println("fhe4j train: " + e.getMessage());
      return 2;
    } catch (CheckpointException e) {
      err.println("fhe4j train: " + e.getMessage());
      return 1;
    } catch (IOException | java.io.UncheckedIOException e) {
      Throwable c = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
      err.println("fhe4j train: " + (o.checkpoint() == null ? "" : "the checkpoint folder " + o.checkpoint() + ": ")
          + c.getClass().getSimpleName() + ": " + c.getMessage());
      return 1;
    }
  }

  private static int train(TrainOptions given, String[] args, PrintStream out, PrintStream err) throws IOException {
    OwnerCommand.Data data;
    try {
      data = OwnerCommand.data(given);
    } catch (io.fhe4j.mnist.MnistException | java.io.UncheckedIOException e) {
      err.println("fhe4j train: " + e.getMessage());
      err.println(NO_DATA);
      return 1;
    }
    TrainOptions o = data.fit(given);
    String configuration = o.configuration() + data.configurationTerms();
    Checkpoint.Opened opened = o.checkpoint() == null ? null : Checkpoint.open(o.checkpoint());
    Checkpoint ck = opened == null ? null : opened.checkpoint();
    RunState state = opened == null ? null : opened.state();
    if (state != null && !configuration.equals(state.configuration)) {
      err.println("fhe4j train: " + ck.dir() + " holds a run of\n  " + state.configuration + "\nbut this command asks for\n  "
          + configuration + "\nRerun with that run's flags, or name another --checkpoint folder.");
      return 2;
    }
    Context context = state != null ? ck.context(o.insecure()) : o.context();
    FixedPointData tr = data.train();
    FixedPointData te = data.test();
    int perEpoch = perEpoch(o, tr);
    String dry = io.fhe4j.party.DryRun.check(o, tr, o.steps(tr.size()));
    out.println("data: " + data.source());
    out.println(dry);
    out.printf(Locale.ROOT, "fhe4j train: %s on %s, %s/%s, f=%d fw=%d fc=%d, loss %s, lr %s, batch %d%n",
        o.net(), dataName(o), o.act(), o.outAct(), o.f(), o.fw(), o.fc(), o.loss(), o.lr(), o.batch());
    long steps = o.epochs() > 0 ? (long) o.epochs() * perEpoch : o.steps();
    EncryptedRun run;
    long done = 0;
    if (state != null) {
      long k0 = System.nanoTime();
      DataOwner owner = ck.owner(context, state);
      long keyNanos = System.nanoTime() - k0;
      run = new EncryptedRun(o, context, owner);
      done = state.steps;
      if (done > 0) {
        run.restoreModel(ck.model(context, state, owner.keyId(), o.net(), run.server.slots()), done, perEpoch);
      }
      out.printf(Locale.ROOT, "resumed %s after %d steps (%s of earlier wall time); owner keys read back,"
          + " evaluation keys regenerated in %.1f s%n", ck.dir(), done, duration(state.wallNanos), keyNanos / 1e9);
      if (done > 0) {
        ProgressBar replay = new ProgressBar("plain reference replay", done, ProgressBar.Unit.STEPS, err);
        int[] p = null;
        for (long s = 0; s < done; s++) {
          if (s % perEpoch == 0) {
            p = BatchOrder.permutation(tr.size(), o.seed(), (int) (s / perEpoch));
          }
          run.referenceStep(tr, p, (int) (s % perEpoch) * o.batch());
          replay.advance(1);
        }
        replay.finish();
      }
      if (data.scaler() != null) {
        io.fhe4j.party.ScalerFile.saveOrCheck(ck.dir(), data.scaler());
      }
      if (state.keyId == null) {
        state.keyId = owner.keyId(); // a format-1 checkpoint: the next save records the key id
      }
    } else {
      run = new EncryptedRun(o, context, null);
      if (ck != null) {
        state = RunState.start(configuration, run.owner.keyId());
        ck.start(run.context, run.owner, state);
        if (data.scaler() != null) {
          io.fhe4j.party.ScalerFile.saveOrCheck(ck.dir(), data.scaler());
        }
      }
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
    ProgressBar bar = new ProgressBar("encrypted SGD", segment, ProgressBar.Unit.STEPS, err);
    EncryptedArithmetic server = run.server;
    ExchangeStats.Snapshot ex0 = server.exchange().snapshot();
    long[] ph0 = server.phaseNanos();
    long wallBefore = state == null ? 0 : state.wallNanos;
    long t0 = System.nanoTime();
    long firstStep = 0;
    java.util.List<Long> laterSteps = new java.util.ArrayList<>();
    long progressNanos = 0;
    int progressPoints = 0;
    ExchangeStats.Snapshot exFirst = null;
    int[] perm = null;
    try (InterruptNotice notice = new InterruptNotice(args, o.checkpoint(), done, steps, err).install()) {
      for (long s = done; s < steps; s++) {
        int epoch = (int) (s / perEpoch);
        int inEpoch = (int) (s % perEpoch);
        if (inEpoch == 0 || perm == null) {
          perm = BatchOrder.permutation(tr.size(), o.seed(), epoch);
        }
        long a = System.nanoTime();
        run.step(tr, perm, inEpoch * o.batch(), true);
        if (s == done) {
          firstStep = System.nanoTime() - a;
          exFirst = server.exchange().snapshot();
        } else if (s + 1 < steps) {
          laterSteps.add(System.nanoTime() - a);
        }
        notice.stepDone(s + 1);
        bar.advance(1);
        if (o.evalEvery() > 0 && (s + 1) % o.evalEvery() == 0 && s + 1 < steps) {
          long e0 = System.nanoTime();
          printProgress(out, run, te, s + 1, steps, o, e0 - t0);
          progressNanos += System.nanoTime() - e0;
          progressPoints++;
        }
        boolean epochEnd = (s + 1) % perEpoch == 0;
        if (epochEnd) {
          double e = run.encrypted.accuracy(te);
          double r = run.reference.accuracy(te);
          boolean same = run.bitIdentical();
          if (state != null) {
            state.epochs.put(epoch + 1, new RunState.Epoch(100 * e, 100 * r, same));
          }
          out.printf(Locale.ROOT, "%nepoch %d: decrypted model %.2f %%, FixedPointTrainer %.2f %%, bit-identical %s%n",
              epoch + 1, 100 * e, 100 * r, same ? "yes" : "NO");
        }
        if (ck != null && (epochEnd || (s + 1 - done) % o.checkpointEvery() == 0 || s + 1 == steps)) {
          try {
            state.wallNanos = wallBefore + System.nanoTime() - t0;
            ck.save(s + 1, run.exportModel(), run.owner.keyId(), state);
            notice.saved(s + 1);
          } catch (IOException e) {
            err.println("fhe4j train: cannot write the checkpoint to " + ck.dir() + ": " + e.getMessage());
            return 1;
          }
        }
      }
    }
    bar.finish();
    long total = System.nanoTime() - t0;
    ExchangeStats.Snapshot exEnd = server.exchange().snapshot();
    ExchangeStats.Snapshot ex = exEnd.minus(ex0);
    long[] ph = server.phaseNanos();
    boolean identical = run.bitIdentical();
    long a0 = System.nanoTime();
    double accEnc = run.encrypted.accuracy(te);
    double accRef = run.reference.accuracy(te);
    long evalNanos = System.nanoTime() - a0;
    long f0 = System.nanoTime();
    double accFloat = o.setup().floatSigmoidAccuracy(tr, te, Math.max(steps, done));
    long floatNanos = System.nanoTime() - f0;
    long modelBytes = 0;
    if (o.out() != null) {
      try {
        modelBytes = writeModel(run, o.out());
        if (data.scaler() != null) {
          io.fhe4j.party.ScalerFile.saveBeside(o.out(), data.scaler());
        }
      } catch (IOException e) {
        err.println("fhe4j train: cannot write the model to " + o.out() + ": " + e.getClass().getSimpleName() + ": "
            + e.getMessage());
        return 1;
      }
    }
    long n = Math.max(1, segment);
    double perStep = (total - progressNanos) / 1e9 / n;
    Table t = new Table(out);
    t.row("parameters", String.format(Locale.ROOT, "N = %d slots, t = %d (%d bits), %s, c = %d, log2 QP = %.0f",
        run.context.n(), run.context.plaintextModulus(), o.tBits(), io.fhe4j.party.TrainOptions.primes(run.context),
        run.context.digits(), run.context.logQP()));
    t.row("security", String.format(Locale.ROOT, "%.1f bits (HE standard), %.1f bits (HElib estimate)",
        run.context.securityLevel(), run.context.helibSecurityEstimate()));
    t.row("threads", Integer.toString(Parallel.threads()));
    t.row("steps", segment + " mini-batches of " + o.batch() + " (" + segment * o.batch() + " " + samples(o) + ")"
        + (done > 0 ? String.format(Locale.ROOT, ", steps %d..%d of a resumed run", done + 1, steps) : ""));
    t.row("time per step", String.format(Locale.ROOT, "%.2f s (first step %.2f s)", perStep, firstStep / 1e9)
        + io.fhe4j.party.StepTimes.note(io.fhe4j.party.StepTimes.median(laterSteps)));
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
    if (segment > 1) {
      ExchangeStats.Snapshot st = exEnd.minus(exFirst);
      long k = segment - 1;
      t.row("link per step after the first", String.format(Locale.ROOT,
          "owner -> server %s (uploads %s, refresh outputs %s), server -> owner %s, total %s",
          mb(st.ownerToServerBytes() / k), mb(st.uploadBytes() / k), mb(st.fromRefresherBytes() / k),
          mb(st.serverToOwnerBytes() / k), mb((st.ownerToServerBytes() + st.serverToOwnerBytes()) / k)));
      double trips = (st.uploads() + st.refreshes() + st.viewRequests()) / (double) k;
      double wire = (st.ownerToServerBytes() + st.serverToOwnerBytes()) * 8.0 / 1e9 / k;
      t.row("  at 1 Gbit/s, 10 ms round trip", String.format(Locale.ROOT,
          "%.2f s on the wire + %.1f round trips x 10 ms = %.2f s per step (computed from the counts, not measured)",
          wire, trips, wire + trips * 0.010));
    }
    java.util.TreeMap<Integer, java.util.List<String>> perLevel = new java.util.TreeMap<>();
    server.sourceLevels().forEach((site, l) -> perLevel.computeIfAbsent(l, k -> new java.util.ArrayList<>()).add(site));
    t.row("levels of uploads, refresh outputs", perLevel.isEmpty() ? "all at the top level"
        : "sites below the top (level " + run.context.maxLevel() + "): " + perLevel);
    t.row("server products per step", String.format(Locale.ROOT,
        "%.0f tensor products, %.0f relinearizations, %.0f rotations (%s layouts)",
        server.tensorProducts() / (double) n, server.relinearizations() / (double) n,
        server.rotations() / (double) n, server.packing().name().toLowerCase(Locale.ROOT)));
    t.row("projected epoch", String.format(Locale.ROOT, "%d steps x %.2f s = %.2f h (projected from this run)",
        perEpoch, perStep, perEpoch * perStep / 3600));
    t.row("test accuracy (decrypted model)", String.format(Locale.ROOT, "%.2f %% on %d %s", 100 * accEnc, te.size(),
        samples(o)));
    t.row("test accuracy (FixedPointTrainer)", String.format(Locale.ROOT, "%.2f %% after the same %d steps",
        100 * accRef, Math.max(steps, done)));
    t.row("test accuracy (float sigmoid)", floatRow(accFloat, Math.max(steps, done), floatNanos));
    t.row("weights bit-identical", identical ? "yes" : "NO");
    if (ck != null) {
      t.row("checkpoint", String.format(Locale.ROOT, "%s, %d steps, %s wall over all sittings", ck.dir(),
          Math.max(steps, done), duration(wallBefore + total)));
      for (var e : state.epochs.entrySet()) {
        RunState.Epoch v = e.getValue();
        t.row("  after epoch " + e.getKey(), String.format(Locale.ROOT,
            "decrypted %.2f %%, FixedPointTrainer %.2f %%, bit-identical %s", v.decrypted(), v.reference(),
            v.identical() ? "yes" : "NO"));
      }
    }
    t.row("evaluation time", String.format(Locale.ROOT, "%.1f s", evalNanos / 1e9) + (progressPoints == 0 ? ""
        : String.format(Locale.ROOT, " (and %.1f s at %d points during training, not in the time per step)",
            progressNanos / 1e9, progressPoints)));
    if (o.out() != null) {
      t.row("encrypted model", o.out() + " (" + mb(modelBytes) + ")" + (data.scaler() == null ? ""
          : "; its feature scaling " + o.out() + io.fhe4j.party.ScalerFile.SUFFIX));
    }
    return identical ? 0 : 1;
  }

  /**
   * The row of the float trainer with the exact sigmoid on the same data, network, batches and
   * steps ({@link io.fhe4j.nn.fixed.TrainingSetup#floatSigmoidAccuracy}): what fixed point and
   * encryption cost.
   */
  static String floatRow(double acc, long steps, long nanos) {
    return String.format(Locale.ROOT, "%.2f %% after the same %d steps (FloatTrainer, exact sigmoid, %.1f s)",
        100 * acc, steps, nanos / 1e9);
  }

  /** {@code 14x14 MNIST}, or the user's data. */
  static String dataName(TrainOptions o) {
    return switch (o.dataKind()) {
      case MNIST -> o.res() + "x" + o.res() + " MNIST";
      case CSV -> o.data().getFileName().toString();
      case IMAGES, IDX -> o.data().getFileName() + " at " + o.res() + "x" + o.res();
    };
  }

  /** What the data's samples are called in the output: {@code rows} of a CSV file, else {@code images}. */
  static String samples(TrainOptions o) {
    return o.dataKind() == io.fhe4j.party.DataKind.CSV ? "rows" : "images";
  }

  /** What to do when the MNIST files named cannot be used. */
  static final String NO_DATA = "On the command line: --data DIR, or set MNIST_DIR, or add --download to fetch the files"
      + " (without any of them, or with --embedded, train uses the MNIST subset in the jar).";

  /**
   * One line at an evaluation point: the owner decrypts the current model and both it and the plain
   * replay are scored on the test data (in plaintext; the training itself is not touched).
   */
  private static void printProgress(PrintStream out, EncryptedRun run, FixedPointData te, long step, long steps,
      TrainOptions o, long nanos) {
    double e = run.encrypted.accuracy(te);
    double r = run.reference.accuracy(te);
    out.printf(Locale.ROOT, "%nstep %d/%d (%,d %s, %s): test accuracy %.2f %% (decrypted model; FixedPointTrainer"
        + " %.2f %%)%n", step, steps, step * o.batch(), samples(o), duration(nanos), 100 * e, 100 * r);
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

  private static String secs(long nanos, long steps) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9 / steps);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /**
   * Writes the context, the key id, then each weight and bias matrix (layout and ciphertexts) as
   * checkpoints do, to a new file (never replacing one).
   */
  private static long writeModel(EncryptedRun run, java.nio.file.Path path) throws IOException {
    long[] size = new long[1];
    SecretFiles.write(path, os -> {
      DataOutputStream d = new DataOutputStream(new BufferedOutputStream(os, 1 << 20));
      ModelFile.writeExport(d, run.context, run.owner.keyId(), run.exportModel());
      size[0] = d.size();
    });
    return size[0];
  }

  /** A two-column text table (also {@link PartyTable}'s). */
  static final class Table {
    private final PrintStream out;

    Table(PrintStream out) {
      this.out = out;
      out.println();
    }

    void row(String k, String v) {
      out.printf(Locale.ROOT, "%-36s %s%n", k, v);
    }
  }

  /**
   * Mini-batches of {@code o} in an epoch of {@code train}.
   *
   * @throws UsageException if a batch is larger than the training data
   */
  static int perEpoch(TrainOptions o, FixedPointData train) {
    int perEpoch = train.size() / o.batch();
    if (perEpoch < 1) {
      throw new UsageException("--batch " + o.batch() + ": larger than the " + train.size() + " training " + samples(o));
    }
    return perEpoch;
  }
}
