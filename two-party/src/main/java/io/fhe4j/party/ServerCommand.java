package io.fhe4j.party;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
      "       [--insecure]",
      "",
      "The training server: holds only public material (context, evaluation keys, encrypted model), listens for",
      "the owner of its run over mutual TLS, trains, checkpoints the encrypted model, and resumes from it.",
      "",
      "  --dir DIR              the server's folder (created; rerun with it to resume)",
      "  --certs DIR            ca.pem, server.pem, server-key.pem (from the certs command)",
      "  --port 7443            the port to listen on (0: any free port, printed)",
      "  --checkpoint-every 1   save the encrypted model every K steps",
      "  --threads N            worker threads, 1..1024 (default: all cores)",
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
    try (PartyServer s = PartyServer.start(port, Tls.server(certs), options)) {
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

  /** The server's flags, each checked as it is read ({@link UsageException}: one line naming the flag). */
  private static final class Flags {
    Path dir;
    Path certs;
    int port = 7443;
    int every = 1;
    int threads;
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
        if (!List.of("--dir", "--certs", "--port", "--checkpoint-every", "--threads").contains(k)) {
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
  }
}
