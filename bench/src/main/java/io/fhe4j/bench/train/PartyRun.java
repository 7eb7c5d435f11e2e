package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.io.SecretFiles;
import io.fhe4j.mnist.ProgressBar;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.LocalServer;
import io.fhe4j.party.OwnerClient;
import io.fhe4j.party.OwnerCommand;
import io.fhe4j.party.OwnerState;
import io.fhe4j.party.PlainReplay;
import io.fhe4j.party.TrainOptions;
import io.fhe4j.party.TrainingPlan;
import io.fhe4j.party.UsageException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code train} without {@code --in-process}: the data owner in this thread and the training
 * server in this JVM on a loopback port, speaking the two-party protocol over mutual TLS ({@link
 * LocalServer}, {@link OwnerClient}), so the bytes it reports are the frames a real link carries.
 * The owner asks the server for the model at each evaluation point and epoch end and decrypts it
 * there (the accuracy lines, beside the plain replay's); at the end it decrypts the final model,
 * compares it with the {@link PlainReplay} bit for bit, and prints the table. With {@code
 * --checkpoint DIR} the owner's folder is {@code DIR/owner} (secret key, 0600), the server's {@code
 * DIR/server} (encrypted model, saved every {@code --checkpoint-every} steps and at each
 * evaluation), the certificates {@code DIR/certs}; the same command resumes. Without it they sit
 * in a private temporary folder deleted at the end (and on Ctrl-C). Stateless.
 */
final class PartyRun {
  private static final String RUN_ID = "train";
  /** The parties' logger (held: a logger's level lives only as long as a reference to it). */
  private static final Logger PARTY_LOG = Logger.getLogger("io.fhe4j.party");

  private PartyRun() {}

  static int run(TrainOptions given, String[] args, PrintStream out, PrintStream err) throws IOException {
    OwnerCommand.Data data;
    try {
      data = OwnerCommand.data(given);
    } catch (io.fhe4j.mnist.MnistException | java.io.UncheckedIOException e) {
      err.println("fhe4j train: " + e.getMessage());
      err.println(TrainCommand.NO_DATA);
      return 1;
    }
    TrainOptions o = data.fit(given);
    FixedPointData tr = data.train();
    FixedPointData te = data.test();
    int perEpoch = TrainCommand.perEpoch(o, tr);
    String dry = io.fhe4j.party.DryRun.check(o, tr, o.steps(tr.size()));
    Path root = o.checkpoint();
    if (root != null && Files.isRegularFile(root.resolve("run.properties"))) {
      throw new UsageException("--checkpoint " + root + " holds a run of train --in-process: add --in-process to"
          + " resume it, or name another folder");
    }
    long k0 = System.nanoTime();
    Context fresh = root != null && OwnerState.holdsRun(root.resolve("owner")) ? null : o.context();
    Path temp = null;
    if (root == null) {
      temp = Files.createTempDirectory("fhe4j-train-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      root = temp;
    } else {
      OwnerState.createPrivate(root);
    }
    Path tempRoot = temp;
    Thread cleanup = new Thread(() -> deleteTree(tempRoot), "fhe4j-train-cleanup");
    if (temp != null) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    Level level = PARTY_LOG.getLevel();
    PARTY_LOG.setLevel(Level.WARNING); // the parties' per-step INFO lines would break the progress bar
    try {
      return train(o, args, data, dry, fresh, System.nanoTime() - k0, root, out, err);
    } finally {
      PARTY_LOG.setLevel(level);
      if (temp != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
          deleteTree(temp);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook deletes it
        }
      }
    }
  }

  private static int train(TrainOptions o, String[] args, OwnerCommand.Data data, String dry, Context fresh,
      long contextNanos, Path root, PrintStream out, PrintStream err) throws IOException {
    FixedPointData tr = data.train();
    FixedPointData te = data.test();
    out.println("data: " + data.source());
    out.println(dry);
    out.printf(Locale.ROOT, "fhe4j train: %s on %s, %s/%s, f=%d fw=%d fc=%d, loss %s, lr %s, batch %d;"
        + " owner and server over loopback mutual TLS%n", o.net(), TrainCommand.dataName(o), o.act(), o.outAct(), o.f(),
        o.fw(), o.fc(), o.loss(), o.lr(), o.batch());
    long k0 = System.nanoTime();
    DataOwner owner = OwnerState.open(root.resolve("owner"), RUN_ID,
        o.configuration() + data.configurationTerms(), fresh, o.insecure(), out);
    if (data.scaler() != null) {
      io.fhe4j.party.ScalerFile.saveOrCheck(root.resolve("owner"), data.scaler());
    }
    long keyNanos = System.nanoTime() - k0 + contextNanos;
    Context context = owner.context();
    out.printf(Locale.ROOT, "keys and context in %.1f s: %s%n", keyNanos / 1e9, context);
    long steps = o.steps(tr.size());
    TrainingPlan plan = o.plan(steps);
    Progress progress = new Progress(o, plan, tr, te, steps, out, err);
    OwnerClient.Result r;
    try (LocalServer server = LocalServer.start(root.resolve("server"), root.resolve("certs"), o.checkpointEvery(),
        o.insecure());
        InterruptNotice notice = new InterruptNotice(args, o.checkpoint(), 0, steps, err).install()) {
      progress.notice = notice;
      ManagedChannel ch = server.channel();
      try {
        r = new OwnerClient(ch, owner, plan, o.seed(), tr, OwnerClient.Options.defaults(RUN_ID), progress).run();
      } finally {
        ch.shutdownNow();
      }
      notice.stepDone(steps);
      notice.saved(steps);
    } catch (StatusRuntimeException e) {
      err.println("fhe4j train: the server refused or failed: " + e.getStatus());
      return 1;
    } catch (io.fhe4j.party.RunAbortedException e) {
      err.println("fhe4j train: run ended by the owner: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    progress.finish();
    if (r.resumedAt() >= steps) {
      out.printf(Locale.ROOT, "the checkpoint already holds %d steps (>= the %d asked for): nothing to train%n",
          r.resumedAt(), steps);
    }
    long modelBytes = 0;
    if (o.out() != null) {
      try {
        long[] size = new long[1];
        SecretFiles.write(o.out(), os -> {
          DataOutputStream d = new DataOutputStream(new BufferedOutputStream(os, 1 << 20));
          ModelFile.writeExport(d, context, owner.keyId(), r.encryptedModel());
          size[0] = d.size();
        });
        modelBytes = size[0];
        if (data.scaler() != null) {
          io.fhe4j.party.ScalerFile.saveBeside(o.out(), data.scaler());
        }
      } catch (IOException e) {
        err.println("fhe4j train: cannot write the model to " + o.out() + ": " + e.getClass().getSimpleName() + ": "
            + e.getMessage());
        return 1;
      }
    }
    long f0 = System.nanoTime();
    double accFloat = plan.setup(o.seed()).floatSigmoidAccuracy(tr, te, steps);
    String floatRow = TrainCommand.floatRow(accFloat, steps, System.nanoTime() - f0);
    return PartyTable.print(out, o, context, plan, progress, r, te, root, modelBytes, floatRow) ? 0 : 1;
  }

  /**
   * What the owner hears during the run: the progress bar, the interruption notice, and the models
   * it asks for at evaluation points and epoch ends, scored beside the plain replay.
   */
  static final class Progress implements OwnerClient.Listener {
    private final TrainOptions o;
    private final TrainingPlan plan;
    private final FixedPointData test;
    private final long steps;
    private final int perEpoch;
    /**
     * Epoch ends evaluated: every this many epochs, so that an epoch of few steps (a small dataset)
     * is not fetched and decrypted at every end: at least {@code --eval-every} steps apart, or about
     * {@link #EPOCH_LINES} in a run with {@code --eval-every 0}.
     */
    private final long epochStride;
    /** Epoch-end evaluations in a run with {@code --eval-every 0}, about. */
    static final int EPOCH_LINES = 20;
    private final PrintStream out;
    private final PrintStream err;
    final PlainReplay.Cursor replay;
    InterruptNotice notice;
    private ProgressBar bar;
    private long first = -1;
    private long at;
    private long t0;
    long firstStepNanos;
    int evaluations;
    final java.util.TreeMap<Long, String> epochs = new java.util.TreeMap<>();

    Progress(TrainOptions o, TrainingPlan plan, FixedPointData train, FixedPointData test, long steps, PrintStream out,
        PrintStream err) {
      this.o = o;
      this.plan = plan;
      this.test = test;
      this.steps = steps;
      this.perEpoch = train.size() / o.batch();
      long epochs = (steps + perEpoch - 1) / perEpoch;
      this.epochStride = Math.max(1, o.evalEvery() > 0 ? (o.evalEvery() + perEpoch - 1) / perEpoch
          : (epochs + EPOCH_LINES - 1) / EPOCH_LINES);
      this.out = out;
      this.err = err;
      this.replay = new PlainReplay.Cursor(plan, o.seed(), train);
    }

    @Override
    public void stepStarted(long step) {
      if (first < 0) {
        first = step;
        if (step > 0) {
          out.printf(Locale.ROOT, "resumed %s after %d steps%n", o.checkpoint(), step);
        }
        at = step;
        t0 = System.nanoTime();
        bar = new ProgressBar("encrypted SGD", steps - step, ProgressBar.Unit.STEPS, err);
        notice.stepDone(step);
        notice.saved(step);
        return;
      }
      if (step <= at) {
        return;
      }
      if (at == first) {
        firstStepNanos = System.nanoTime() - t0;
      }
      bar.advance(step - at);
      at = step;
      notice.stepDone(step);
      if (step % o.checkpointEvery() == 0 || wantsModelAfter(step)) {
        notice.saved(step);
      }
    }

    @Override
    public boolean wantsModelAfter(long k) {
      return (o.evalEvery() > 0 && k % o.evalEvery() == 0) || epochEvaluated(k);
    }

    /** Whether step {@code k} ends an epoch that is evaluated ({@link #epochStride}). */
    boolean epochEvaluated(long k) {
      return k % perEpoch == 0 && (k / perEpoch % epochStride == 0 || k == steps);
    }

    @Override
    public void model(long k, List<LongMatrix> model) {
      FixedPointTrainer<LongMatrix> ref = replay.advanceTo(k);
      double e = PlainReplay.accuracy(plan, model, test);
      double r = ref.accuracy(test);
      evaluations++;
      if (o.evalEvery() > 0 && k % o.evalEvery() == 0) {
        out.printf(Locale.ROOT, "%nstep %d/%d (%,d %s, %s): test accuracy %.2f %% (decrypted model;"
            + " FixedPointTrainer %.2f %%)%n", k, steps, k * o.batch(), TrainCommand.samples(o),
            TrainCommand.duration(System.nanoTime() - t0),
            100 * e, 100 * r);
      }
      if (epochEvaluated(k)) {
        epochEnd(k, model, e, r);
      }
    }

    /** The line of an epoch's end: both accuracies and whether the weights are bit-identical. */
    void epochEnd(long k, List<LongMatrix> model, double e, double r) {
      boolean same = PlainReplay.parameters(replay.advanceTo(k)).equals(model);
      String line = String.format(Locale.ROOT, "decrypted %.2f %%, FixedPointTrainer %.2f %%, bit-identical %s",
          100 * e, 100 * r, same ? "yes" : "NO");
      epochs.put(k / perEpoch, line);
      out.printf(Locale.ROOT, "%nepoch %d: %s%n", k / perEpoch, line);
    }

    /** Steps per epoch. */
    int perEpoch() {
      return perEpoch;
    }

    /** Whether {@code k} steps end an epoch. */
    boolean epochEnd(long k) {
      return k % perEpoch == 0;
    }

    /** The steps the server had done when this sitting began. */
    long first() {
      return Math.max(0, first);
    }

    void finish() {
      if (bar != null) {
        bar.advance(steps - at);
        bar.finish();
      }
      if (at == first && first >= 0) {
        firstStepNanos = System.nanoTime() - t0;
      }
    }
  }

  /** Deletes the run's own temporary folder and everything in it. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("fhe4j train: could not delete the temporary folder " + dir + ": " + e.getMessage());
    }
  }
}
