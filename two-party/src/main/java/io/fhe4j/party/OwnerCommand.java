package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.SerializationException;
import io.fhe4j.mnist.Dataset;
import io.fhe4j.mnist.Mnist;
import io.fhe4j.mnist.MnistException;
import io.fhe4j.mnist.MnistOptions;
import io.fhe4j.mnist.MnistSplits;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.fixed.FixedPointData;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar fhe4j.jar owner}: the data owner's process. Creates (or reads back, to resume)
 * its private folder with the context and the secret key (mode 0600), loads its data, connects to
 * the server ({@link OwnerClient}), and at the end decrypts the model and prints the table: test
 * accuracy, whether the weights equal the plain fixed-point replay bit for bit, time per step by
 * party, refresh rounds and bytes on the wire per step in each direction. Exit code 0 if
 * bit-identical, 1 on failure, 2 on a usage error. Stateless.
 */
public final class OwnerCommand {
  private OwnerCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(OwnerOptions.USAGE);
      return 0;
    }
    OwnerOptions o;
    try {
      o = OwnerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("fhe4j owner: " + e.getMessage());
      return 2;
    }
    FixedPointData train;
    FixedPointData test;
    if (o.synthetic > 0) {
      train = SyntheticData.blobs(o.synthetic, o.net.inputSize(), o.net.outputSize(), o.seed);
      test = SyntheticData.blobs(Math.max(1, Math.min(o.testImages, o.synthetic)), o.net.inputSize(),
          o.net.outputSize(), o.seed + 1);
    } else {
      try {
        MnistOptions.Builder mb = MnistOptions.builder().download(o.download);
        MnistOptions mo = (o.data == null ? mb : mb.directory(o.data)).build();
        MnistSplits splits = Mnist.loadOrEmbedded(mo);
        out.println("data: " + splits.source());
        o.embeddedData = splits.embedded();
        Dataset tr = splits.train();
        Dataset te = splits.test();
        if (o.res != 28) {
          tr = tr.downsample(o.res);
          te = te.downsample(o.res);
        }
        train = FixedPointData.of(tr, o.f);
        test = FixedPointData.of(te.subset(0, Math.min(o.testImages, te.size())), o.f);
      } catch (MnistException e) {
        err.println("fhe4j owner: " + e.getMessage());
        err.println("On the command line: --data DIR, or set MNIST_DIR, or --download, or --synthetic N.");
        return 1;
      }
    }
    long k0 = System.nanoTime();
    DataOwner owner;
    try {
      owner = ownerState(o, out);
    } catch (IllegalArgumentException e) {
      err.println("fhe4j owner: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("fhe4j owner: cannot use the state folder " + o.state + ": " + e.getMessage());
      return 1;
    }
    long keyNanos = System.nanoTime() - k0;
    Context ctx = owner.context();
    out.printf(Locale.ROOT, "fhe4j owner: run %s, %s, batch %d, %d steps; context and keys in %.1f s: %s%n",
        o.runId, o.net, o.batch, o.steps, keyNanos / 1e9, ctx);
    PartyServer local = null;
    if (o.local) {
      try {
        Path certs = o.state.resolve("local").resolve("certs");
        if (!Files.exists(certs.resolve("ca.pem"))) {
          Certificates.generate(certs, List.of(), java.time.Duration.ofDays(30));
        }
        local = PartyServer.start(0, Tls.server(certs), localServer(o));
        o.connect = "localhost:" + local.port();
        o.certs = certs;
        out.println("local server on loopback port " + local.port() + ", folder " + o.state.resolve("local"));
      } catch (IOException e) {
        err.println("fhe4j owner: cannot start the local server: " + e.getMessage());
        return 1;
      }
    }
    try {
      return connectAndTrain(o, owner, train, test, out, err);
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

  /** The in-JVM server of {@code --local}: the defaults, accepting the owner's context if {@code --insecure}. */
  private static ServerOptions localServer(OwnerOptions o) {
    ServerOptions d = ServerOptions.defaults(o.state.resolve("local").resolve("server"));
    return new ServerOptions(d.dir(), d.checkpointEvery(), d.callDeadlineNanos(), d.maxMessageBytes(),
        d.maxKeyBytes(), o.insecure);
  }

  private static int connectAndTrain(OwnerOptions o, DataOwner owner, FixedPointData train, FixedPointData test,
      PrintStream out, PrintStream err) {
    Context ctx = owner.context();
    String host = o.connect.substring(0, o.connect.lastIndexOf(':'));
    int port = Integer.parseInt(o.connect.substring(o.connect.lastIndexOf(':') + 1));
    ManagedChannel ch;
    try {
      ch = Grpc.newChannelBuilderForAddress(host, port, Tls.owner(o.certs))
          .maxInboundMessageSize(Frames.FRAME_BYTES + (64 << 10))
          .keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(20, TimeUnit.SECONDS).build();
    } catch (IOException e) {
      err.println("fhe4j owner: " + e.getMessage());
      return 2;
    }
    TrainingPlan plan = o.plan();
    OwnerClient.Result r;
    try {
      out.println("connecting to " + o.connect + " (mutual TLS)");
      r = new OwnerClient(ch, owner, plan, o.seed, train, OwnerClient.Options.defaults(o.runId)).run();
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
      ch.shutdownNow();
    }
    return OwnerReport.print(out, o, ctx, plan, train, test, r) ? 0 : 1;
  }

  /**
   * {@code train --two-party}: the train command's flags run as {@code owner --local}, the owner
   * and a server in this JVM over loopback mutual TLS, through the same protocol as two machines.
   * {@code --checkpoint DIR} (required) becomes the owner's {@code --state}; {@code --epochs},
   * {@code --out} and {@code --checkpoint-every} are not supported there (usage error, exit 2).
   */
  public static int runTrainFlags(String[] args, PrintStream out, PrintStream err) {
    List<String> a = new java.util.ArrayList<>(List.of("--local"));
    boolean state = false;
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      switch (k) {
        case "--two-party" -> { }
        case "--checkpoint" -> {
          if (i + 1 >= args.length) {
            err.println("fhe4j train: --checkpoint needs a folder");
            return 2;
          }
          a.add("--state");
          a.add(args[++i]);
          state = true;
        }
        case "--epochs", "--out", "--checkpoint-every" -> {
          err.println("fhe4j train: " + k + " is not supported with --two-party (use --steps; the owner's table"
              + " reports the decrypted model)");
          return 2;
        }
        default -> a.add(k);
      }
    }
    if (!state) {
      err.println("fhe4j train: --two-party needs --checkpoint DIR (the owner's private folder: secret key, and the"
          + " local server's folder and certificates under DIR/local)");
      return 2;
    }
    return run(a.toArray(new String[0]), out, err);
  }

  /** The owner of the run in {@code o.state}: read back when the folder holds the run, else created. */
  private static DataOwner ownerState(OwnerOptions o, PrintStream out) throws IOException {
    Path props = o.state.resolve("run.properties");
    if (Files.isRegularFile(props)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      if (!o.configuration().equals(p.getProperty("configuration")) || !o.runId.equals(p.getProperty("run"))) {
        throw new IllegalArgumentException(o.state + " holds run '" + p.getProperty("run") + "' of\n  "
            + p.getProperty("configuration") + "\nbut this command asks for run '" + o.runId + "' of\n  "
            + o.configuration() + "\nRerun with that run's flags, or name another --state folder.");
      }
      Context ctx;
      try (InputStream in = Files.newInputStream(o.state.resolve("context.bin"))) {
        ctx = BgvSerializer.readContext(in, o.insecure ? io.fhe4j.io.ContextLimits.defaults().allowInsecure()
            : io.fhe4j.io.ContextLimits.defaults());
      } catch (SerializationException e) {
        throw new IOException("context.bin is not a context: " + e.getMessage(), e);
      }
      try (InputStream in = Files.newInputStream(o.state.resolve("owner-secret.key"))) {
        out.println("resuming run " + o.runId + " with the secret key of " + o.state);
        return DataOwner.readSecretKey(ctx, in);
      } catch (SerializationException e) {
        throw new IOException("owner-secret.key is not this run's secret key: " + e.getMessage(), e);
      }
    }
    Context ctx = o.buildContext();
    DataOwner owner = new DataOwner(ctx);
    try {
      Files.createDirectories(o.state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(o.state);
    }
    write(o.state, "context.bin", false, os -> BgvSerializer.write(ctx, os));
    write(o.state, "owner-secret.key", true, owner::writeSecretKey);
    Properties p = new Properties();
    p.setProperty("run", o.runId);
    p.setProperty("configuration", o.configuration());
    write(o.state, "run.properties", false, os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      p.store(w, "fhe4j owner state: keep this folder private (it holds the secret key)");
      w.flush();
    });
    return owner;
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Writes a new file atomically (temporary name, then rename); a secret one with mode 0600. */
  private static void write(Path dir, String name, boolean secret, Body body) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret) {
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
    }
    try (OutputStream os = Files.newOutputStream(tmp)) {
      body.write(os);
    }
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
