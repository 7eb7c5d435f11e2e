package io.fhe4j.party;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar fhe4j.jar certs}: makes the certificates of a test deployment ({@link
 * Certificates}) and says which files go to which machine. Exit code 0, 1 on failure (an existing
 * file is never overwritten), 2 on a usage error. Stateless.
 */
public final class CertsCommand {
  static final String USAGE = String.join("\n",
      "usage: java -jar bench/target/fhe4j.jar certs --out DIR [--host NAME_OR_IP ...] [--days 30]",
      "",
      "Makes a certificate authority for one deployment, the server's certificate (for each --host and",
      "localhost) and the owner's, with ECDSA P-256 keys (private keys written 0600).");

  private CertsCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Path dir = null;
    List<String> hosts = new ArrayList<>();
    int days = 30;
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag " + args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--out" -> dir = Path.of(args[i + 1]);
          case "--host" -> hosts.add(args[i + 1]);
          case "--days" -> days = Integer.parseInt(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown flag " + args[i]);
        }
      }
      if (dir == null || days < 1) {
        throw new IllegalArgumentException("--out is required and --days must be >= 1");
      }
    } catch (IllegalArgumentException e) {
      err.println("fhe4j certs: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    try {
      Certificates.generate(dir, hosts, Duration.ofDays(days));
    } catch (IOException e) {
      err.println("fhe4j certs: " + e.getMessage());
      return 1;
    }
    out.println("fhe4j certs: wrote to " + dir + " (valid " + days + " days; server names: " + hosts
        + " and localhost)");
    out.println("  server machine: ca.pem server.pem server-key.pem");
    out.println("  owner machine:  ca.pem owner.pem owner-key.pem");
    out.println("  ca-key.pem signs new certificates: keep it off both machines (or delete it)");
    return 0;
  }
}
