package io.fhe4j.party;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import io.fhe4j.nn.encrypted.SliceProducts;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code java -jar fhe4j.jar server}: the training server's process. Listens with mutual TLS,
 * serves one run (stored in {@code --dir}: public material only), and exits when the owner has
 * acknowledged the final model. Restarted with the same {@code --dir} after a crash, it resumes
 * from its last checkpoint. Exit code 0 when the run is complete, 1 on failure, 2 on a usage
 * error (one line naming the flag, before any work). Stateless.
 */
public final class ServerCommand {
  static final String USAGE = String.join("\n",
      "usage: java -jar bench/target/fhe4j.jar server --dir DIR --certs DIR [--port 7443] [--checkpoint-every 1]",
      "       [--threads N] [--master URL] [--insecure]",
      "",
      "The training server: holds only public material (context, evaluation keys, encrypted model), listens for",
      "the owner of its run over mutual TLS, trains, checkpoints the encrypted model, and resumes from it.",
      "",
      "  --dir DIR              the server's folder (created; rerun with it to resume)",
      "  --certs DIR            ca.pem, server.pem, server-key.pem (from the certs command)",
      "  --port 7443            the port to listen on (0: any free port, printed)",
      "  --checkpoint-every 1   save the encrypted model every K steps",
      "  --threads N            worker threads, 1..1024 (default: all cores)",
      "  --master URL           run the tensor products on Apache Spark: local[*], local[N] or spark://host:7077",
      "                         (needs the spark-server module on the class path; see the README's Scale out on",
      "                         Spark); without it: no Spark, everything in this process",
      "  --insecure             accept a run's context under 128-bit security (tests only; the owner's --insecure)");

  private ServerCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Flags f;
    try {
      f = Flags.parse(args);
    } catch (UsageException e) {
      err.println("fhe4j server: " + e.getMessage());
      return 2;
    }
    if (f.threads > 0) {
      System.setProperty("fhe4j.threads", Integer.toString(f.threads));
    }
    Path dir = f.dir;
    boolean insecure = f.insecure;
    int every = f.every;
    int port = f.port;
    Path certs = f.certs;
    ServerOptions d = ServerOptions.defaults(dir);
    ServerOptions options = new ServerOptions(dir, every, d.callDeadlineNanos(), d.maxMessageBytes(), d.maxKeyBytes(),
        insecure);
    SliceProducts products;
    try {
      products = f.master == null ? SliceProducts.LOCAL : cluster(f.master);
    } catch (UsageException e) {
      err.println("fhe4j server: " + e.getMessage());
      return 2;
    }
    if (f.master != null) {
      out.println("fhe4j server: tensor products on " + products);
    }
    try (products; PartyServer s = PartyServer.start(port, Tls.server(certs), options.withProducts(products))) {
      out.println("fhe4j server: listening on port " + s.port() + " (mutual TLS), folder " + dir);
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          s.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      while (!s.awaitFinished(60_000)) {
        if (s.failed()) {
          err.println("fhe4j server: training stopped (see the log above); the checkpoint in " + dir + " is kept");
          return 1;
        }
      }
      if (f.master != null) {
        out.println("fhe4j server: tensor products on " + products);
      }
      out.println("fhe4j server: run complete, the owner has the model; exiting");
      return 0;
    } catch (IOException e) {
      err.println("fhe4j server: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Products on the cluster at {@code master}, from the first {@link ProductsCluster} on the class path. */
  private static SliceProducts cluster(String master) {
    for (ProductsCluster c : ServiceLoader.load(ProductsCluster.class)) {
      try {
        return c.connect(master);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--master " + master + ": " + e.getMessage());
      }
    }
    throw new UsageException("--master " + master + " needs the spark-server module on the class path (the bench jar"
        + " has no Spark): run java @spark-server/jvm-options.txt -cp \"spark-server/target/spark-server-"
        + "0.1.0-SNAPSHOT.jar:$(cat spark-server/target/classpath.txt)\" io.fhe4j.party.PartyMain server ...");
  }

  /** The server's flags, each checked as it is read ({@link UsageException}: one line naming the flag). */
  private static final class Flags {
    Path dir;
    Path certs;
    int port = 7443;
    int every = 1;
    int threads;
    String master;
    boolean insecure;

    static Flags parse(String[] args) {
      Flags f = new Flags();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < args.length; i++) {
        String k = args[i];
        if (!seen.add(k)) {
          throw new UsageException(k + " is given twice: give it once");
        }
        if (k.equals("--insecure")) {
          f.insecure = true;
          continue;
        }
        if (!List.of("--dir", "--certs", "--port", "--checkpoint-every", "--threads", "--master").contains(k)) {
          throw new UsageException(k.startsWith("-") ? "unknown option " + k + "; see --help"
              : "unexpected argument '" + k + "': every option is --name [value]; see --help");
        }
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new UsageException(k + " needs a value; see --help");
        }
        String v = args[++i];
        switch (k) {
          case "--dir" -> f.dir = TrainOptions.pathValue(k, v);
          case "--certs" -> f.certs = TrainOptions.pathValue(k, v);
          case "--port" -> f.port = TrainOptions.integer(k, v, 0, 65535);
          case "--checkpoint-every" -> f.every = TrainOptions.integer(k, v, 1, Integer.MAX_VALUE);
          case "--master" -> f.master = master(v);
          default -> f.threads = TrainOptions.integer(k, v, 1, 1024);
        }
      }
      if (f.dir == null || f.certs == null) {
        throw new UsageException("--dir DIR and --certs DIR are required: the server's folder and its certificates");
      }
      if (!java.nio.file.Files.isRegularFile(f.certs.resolve("server.pem"))) {
        throw new UsageException("--certs " + f.certs + ": no server.pem there; make the certificates with the certs"
            + " command");
      }
      return f;
    }

    /** A master URL of one of the forms Spark accepts for this server: local, local[N], local[*], spark://host:port. */
    static String master(String v) {
      if (!v.matches("local(\\[([1-9][0-9]{0,3}|\\*)])?|spark://[A-Za-z0-9.\\-]+:[0-9]{1,5}(,[A-Za-z0-9.\\-]+:[0-9]{1,5})*"
          + "|local-cluster\\[[1-9][0-9]{0,2},[1-9][0-9]{0,2},[1-9][0-9]{1,6}]")) {
        throw new UsageException("--master " + v + ": give local[*], local[N] or spark://host:port (a standalone"
            + " master)");
      }
      return v;
    }
  }
}
