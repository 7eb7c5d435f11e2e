package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.EmbeddedMnist;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistException;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.MnistSplits;
import io.fhe4j.mnist.Scaler;
import io.fhe4j.mnist.Split;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.fixed.FixedPointData;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar fhe4j.jar owner}: the data owner's process. Creates (or reads back, to resume)
 * its private folder ({@link OwnerState}), loads its data, connects to the server ({@link
 * OwnerClient}), and at the end decrypts the model and prints the table ({@link OwnerReport}): test
 * accuracy, whether the weights equal the plain fixed-point replay bit for bit, time per step by
 * party, refresh rounds and bytes on the wire per step in each direction. Its flags are the {@code
 * train} command's ({@link TrainOptions}, validated before any work). Exit code 0 if
 * bit-identical, 1 on failure, 2 on a usage error. Stateless.
 */
public final class OwnerCommand {
  private OwnerCommand() {}

  /**
   * The run's training and test data, and where they come from.
   *
   * @param train the training data in fixed point
   * @param test the test data in fixed point
   * @param source one line naming the data for the output
   * @param embedded whether it is the MNIST subset in the jar
   * @param scaler the owner's scaling of CSV features (saved with the model), or null
   * @param fingerprint the user's data ({@link UserData}), or null for MNIST
   */
  public record Data(FixedPointData train, FixedPointData test, String source, boolean embedded, Scaler scaler,
      String fingerprint) {
    /** MNIST's data (no scaler, no fingerprint: its files are checked by their sums). */
    public Data(FixedPointData train, FixedPointData test, String source, boolean embedded) {
      this(train, test, source, embedded, null, null);
    }

    /** What the run's results depend on beyond the options: appended to {@link TrainOptions#configuration()}. */
    public String configurationTerms() {
      return (embedded ? " data=embedded" : "") + (fingerprint == null ? "" : " data=" + fingerprint)
          + (scaler == null ? "" : " scale=" + scaler.kind().text());
    }

    /** {@code o} with the network's input and output widths of this data (unchanged for MNIST). */
    public TrainOptions fit(TrainOptions o) {
      return fingerprint == null ? o : o.forData(train.dimension(), train.classes());
    }
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(TrainOptions.usage(TrainOptions.Command.OWNER));
      return 0;
    }
    TrainOptions given;
    Context fresh;
    long contextNanos;
    try {
      given = TrainOptions.parse(TrainOptions.Command.OWNER, args);
      long c0 = System.nanoTime();
      fresh = OwnerState.holdsRun(given.state()) ? null : given.context();
      contextNanos = System.nanoTime() - c0;
    } catch (UsageException e) {
      err.println("fhe4j owner: " + e.getMessage());
      return 2;
    }
    if (given.threads() > 0) {
      System.setProperty("fhe4j.threads", Integer.toString(given.threads()));
    }
    Data data;
    TrainOptions o;
    String dry;
    try {
      data = data(given);
      o = data.fit(given);
      dry = DryRun.check(o, data.train(), o.steps(data.train().size()));
    } catch (MnistException e) {
      err.println("fhe4j owner: " + e.getMessage());
      err.println("On the command line: --data DIR, or set MNIST_DIR, or --download, or --synthetic N.");
      return 1;
    } catch (UsageException e) {
      err.println("fhe4j owner: " + e.getMessage());
      return 2;
    }
    out.println("data: " + data.source());
    out.println(dry);
    long k0 = System.nanoTime();
    DataOwner owner;
    try {
      owner = OwnerState.open(o.state(), o.runId(), o.configuration() + data.configurationTerms(), fresh,
          o.insecure(), out);
      if (data.scaler() != null) {
        ScalerFile.saveOrCheck(o.state(), data.scaler());
      }
    } catch (UsageException e) {
      err.println("fhe4j owner: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("fhe4j owner: cannot use the state folder " + o.state() + ": " + e.getMessage());
      return 1;
    }
    long keyNanos = System.nanoTime() - k0 + contextNanos;
    Context ctx = owner.context();
    TrainingPlan plan = o.plan(o.steps(data.train().size()));
    out.printf(Locale.ROOT, "fhe4j owner: run %s, %s, batch %d, %d steps; context and keys in %.1f s: %s%n",
        o.runId(), o.net(), o.batch(), plan.steps(), keyNanos / 1e9, ctx);
    LocalServer local = null;
    try {
      ManagedChannel ch;
      if (o.local()) {
        local = LocalServer.start(o.state().resolve("local").resolve("server"), o.state().resolve("local").resolve("certs"),
            1, o.insecure());
        out.println("local server on loopback port " + local.port() + ", folder " + o.state().resolve("local"));
        ch = local.channel();
      } else {
        ch = OwnerClient.channel(o.connect(), o.certs());
      }
      OwnerClient.Result r;
      try {
        out.println("connecting to " + (local != null ? local.address() : o.connect()) + " (mutual TLS)");
        r = new OwnerClient(ch, owner, plan, o.seed(), data.train(), OwnerClient.Options.defaults(o.runId())).run();
      } finally {
        ch.shutdownNow();
      }
      return OwnerReport.print(out, o.seed(), ctx, plan, data.train(), data.test(), r) ? 0 : 1;
    } catch (IOException e) {
      err.println("fhe4j owner: " + (local == null && !o.local() ? "" : "cannot start the local server: ")
          + e.getMessage());
      return 1;
    } catch (StatusRuntimeException e) {
      err.println("fhe4j owner: the server refused or could not be reached: " + e.getStatus());
      return 1;
    } catch (RunAbortedException e) {
      err.println("fhe4j owner: run ended by the owner: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      if (local != null) {
        try {
          local.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * The run's data: {@code --synthetic N} samples, or MNIST as {@code train} loads it (the files of
   * {@code --data} or {@code MNIST_DIR}, the cache, a download, else the subset in the jar; {@code
   * --embedded} asks for the subset), at {@code --res} with {@code --test} test images.
   *
   * @throws MnistException if the files are named but unusable
   * @throws UsageException if the user's own data is unusable (the message names the file and the fix)
   */
  public static Data data(TrainOptions o) {
    if (o.ownData()) {
      return UserData.load(o);
    }
    if (o.synthetic() > 0) {
      int n = o.synthetic();
      return new Data(SyntheticData.blobs(n, o.net().inputSize(), o.net().outputSize(), o.seed()),
          SyntheticData.blobs(Math.max(1, Math.min(o.testImages(), n)), o.net().inputSize(), o.net().outputSize(),
              o.seed() + 1), n + " synthetic samples (--synthetic)", false);
    }
    MnistSplits splits;
    if (o.embedded()) {
      splits = new MnistSplits(EmbeddedMnist.load(Split.TRAIN), EmbeddedMnist.load(Split.TEST),
          EmbeddedMnist.description() + " (--embedded)", true);
    } else {
      MnistOptions.Builder mb = MnistOptions.builder().download(o.download());
      try {
        splits = Mnist.loadOrEmbedded((o.data() == null ? mb : mb.directory(o.data())).build());
      } catch (io.fhe4j.mnist.ChecksumMismatchException e) {
        if (o.data() == null) {
          throw e;
        }
        throw new UsageException(e.getMessage() + "; if --data " + o.data() + " holds another dataset in IDX form,"
            + " add --unverified");
      }
    }
    Dataset tr = splits.train();
    Dataset te = splits.test();
    if (o.res() != 28) {
      tr = tr.downsample(o.res());
      te = te.downsample(o.res());
    }
    String source = splits.source() + (splits.embedded() && !o.embedded()
        ? "; for the full set, set MNIST_DIR or --data DIR to a folder with the MNIST files, or add --download" : "");
    return new Data(FixedPointData.of(tr, o.f()), FixedPointData.of(te.subset(0, Math.min(o.testImages(), te.size())),
        o.f()), source, splits.embedded());
  }
}
