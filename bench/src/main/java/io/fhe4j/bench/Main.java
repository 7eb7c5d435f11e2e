package io.fhe4j.bench;

import io.fhe4j.bench.report.ReportCommand;
import java.util.Arrays;

/**
 * Command-line entry point of fhe4j ({@code java -jar bench/target/fhe4j.jar COMMAND}).
 *
 * <p>Commands: {@code demo} (the default) runs and checks the ring arithmetic at every supported
 * size; {@code server}, {@code owner} and {@code certs} run the two parties of a networked run
 * (module two-party); {@code report} runs the JMH suites and writes the comparison with HElib and SEAL
 * ({@code bench/results/REPORT.md}); {@code help} lists the commands. Each command lives in its own
 * class; this one only dispatches.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "demo" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "demo":
                ArithmeticDemo.run(rest, System.out);
                break;
            case "report":
                // exit explicitly: JMH's runner may leave non-daemon threads behind
                System.exit(ReportCommand.run(rest, System.out, System.err));
                break;
            case "peers":
                System.exit(io.fhe4j.bench.report.PeersCommand.run(rest, System.out, System.err));
                break;
            case "train":
                System.exit(io.fhe4j.bench.train.TrainCommand.run(rest, System.out, System.err));
                break;
            case "owner":
                System.exit(io.fhe4j.party.OwnerCommand.run(rest, System.out, System.err));
                break;
            case "server":
                System.exit(io.fhe4j.party.ServerCommand.run(rest, System.out, System.err));
                break;
            case "certs":
                System.exit(io.fhe4j.party.CertsCommand.run(rest, System.out, System.err));
                break;
            case "help":
            case "--help":
            case "-h":
                usage();
                break;
            default:
                System.err.println("fhe4j: unknown command '" + command + "'");
                usage();
                System.exit(2);
        }
    }

    private static void usage() {
        System.out.println("usage: java -jar bench/target/fhe4j.jar [COMMAND]");
        System.out.println();
        System.out.println("  demo   check and time the double-CRT ring arithmetic (default)");
        System.out.println("  report run the JMH suites, write fhe4j's own bench/results/REPORT.md (peer ratios: peers)");
        System.out.println("         (about 10 minutes on 2 cores; --full for everything; report --help for options)");
        System.out.println("  peers  write bench/results/peers/REPORT.md from side-by-side runs with SEAL, HElib, OpenFHE");
        System.out.println("  train  SGD on encrypted MNIST: owner and server on this machine over loopback TLS (train --help)");
        System.out.println("  server the training server of a two-party run: public material only (server --help)");
        System.out.println("  owner  the data owner of a two-party run: secret key and data (owner --help)");
        System.out.println("  certs  make the mutual-TLS certificates of a test deployment (certs --help)");
        System.out.println("  help   this text");
        System.out.println();
        System.out.println("JMH benchmarks: java -jar bench/target/benchmarks.jar (see bench/README.md)");
    }
}
