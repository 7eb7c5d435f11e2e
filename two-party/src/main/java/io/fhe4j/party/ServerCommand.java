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
 * error. Stateless.
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
      "  --threads N            worker threads (default: all cores)",
      "  --insecure             accept a run's context under 128-bit security (tests only; the owner's --insecure)");

  private ServerCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Path dir = null;
    Path certs = null;
    int port = 7443;
    int every = 1;
    boolean insecure = List.of(args).contains("--insecure");
    args = java.util.Arrays.stream(args).filter(a -> !a.equals("--insecure")).toArray(String[]::new);
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag " + args[i] + " needs a value");
        }
        String v = args[i + 1];
        switch (args[i]) {
          case "--dir" -> dir = Path.of(v);
          case "--certs" -> certs = Path.of(v);
          case "--port" -> port = Integer.parseInt(v);
          case "--checkpoint-every" -> every = Integer.parseInt(v);
          case "--threads" -> System.setProperty("fhe4j.threads", v);
          default -> throw new IllegalArgumentException("unknown flag " + args[i]);
        }
      }
      if (dir == null || certs == null) {
        throw new IllegalArgumentException("--dir and --certs are required");
      }
      if (port < 0 || port > 65535 || every < 1) {
        throw new IllegalArgumentException("--port must be in [0, 65535] and --checkpoint-every >= 1");
      }
    } catch (IllegalArgumentException e) {
      err.println("fhe4j server: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
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
}
