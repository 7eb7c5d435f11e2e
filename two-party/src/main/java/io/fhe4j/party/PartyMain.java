package io.fhe4j.party;

import java.util.Arrays;

/**
 * A command-line entry point of this module alone ({@code server}, {@code owner}, {@code certs}),
 * for running a party without the bench jar (the tests start the server in its own JVM with it).
 * The bench jar's {@code Main} dispatches to the same commands. Stateless.
 */
public final class PartyMain {
  private PartyMain() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    int code = switch (command) {
      case "server" -> ServerCommand.run(rest, System.out, System.err);
      case "owner" -> OwnerCommand.run(rest, System.out, System.err);
      case "certs" -> CertsCommand.run(rest, System.out, System.err);
      default -> {
        System.err.println("usage: PartyMain server|owner|certs [--help]");
        yield 2;
      }
    };
    System.exit(code);
  }
}
