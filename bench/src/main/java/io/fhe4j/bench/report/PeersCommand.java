package io.fhe4j.bench.report;

import io.fhe4j.bench.BgvBenchmark;
import io.fhe4j.bgv.Context;
import io.fhe4j.math.Primes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code peers} command. Without options it renders {@code REPORT.md} from every side-by-side
 * run file ({@code *.csv}) of {@code bench/results/peers} (or {@code --dir DIR}), see
 * {@link PeerReport}. {@code --from-jmh FILE} and {@code --from-train FILE} print fhe4j's rows of a
 * run file (format {@link PeerCsv}) from a JMH result file (sample mode, ms) of BgvBenchmark and
 * NttBenchmark, or from the output of the {@code train} command, with {@code --run}, {@code --version}
 * and {@code --flags} naming the run, the commit and the JVM. Input files are bounded in size.
 */
public final class PeersCommand {
    /** Default folder of the run files. */
    public static final Path DIR = Path.of("bench", "results", "peers");
    /** Input files above this size are refused. */
    static final long MAX_FILE_BYTES = 8L << 20;

    private PeersCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = DIR;
        Path jmh = null;
        Path train = null;
        String run = null;
        String version = null;
        String flags = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage(out);
                return 0;
            }
            if (!List.of("--dir", "--from-jmh", "--from-train", "--run", "--version", "--flags").contains(a)) {
                err.println("peers: unknown option '" + a + "'");
                usage(err);
                return 2;
            }
            if (i + 1 >= args.length) {
                err.println("peers: " + a + " needs a value");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--dir" -> dir = Path.of(v);
                case "--from-jmh" -> jmh = Path.of(v);
                case "--from-train" -> train = Path.of(v);
                case "--run" -> run = v;
                case "--version" -> version = v;
                default -> flags = v;
            }
        }
        try {
            if (jmh != null || train != null) {
                if (run == null || version == null || flags == null) {
                    err.println("peers: --from-jmh and --from-train need --run ID --version COMMIT --flags TEXT");
                    return 2;
                }
                List<PeerFigure> rows = new ArrayList<>();
                if (jmh != null) {
                    try (Reader r = open(jmh)) {
                        rows.addAll(fromJmh(JmhCsv.read(r), run, version, flags));
                    }
                }
                if (train != null) {
                    rows.addAll(fromTrain(Files.readAllLines(checked(train), StandardCharsets.UTF_8), run, version, flags));
                }
                rows.forEach(p -> out.println(PeerCsv.format(p)));
                return 0;
            }
            Path report = render(dir);
            out.println("peers: wrote " + report);
            return 0;
        } catch (ReportDataException | IOException | UncheckedIOException e) {
            err.println("peers: " + e.getMessage());
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar bench/target/fhe4j.jar peers [--dir DIR]");
        out.println("       java -jar bench/target/fhe4j.jar peers --from-jmh FILE | --from-train FILE"
                + " --run ID --version COMMIT --flags TEXT");
        out.println();
        out.println("  (default)        write DIR/REPORT.md from the side-by-side run files DIR/*.csv");
        out.println("                   (default DIR: " + DIR + "); ratios only within one run");
        out.println("  --from-jmh FILE  print fhe4j's rows of a run file from a JMH CSV (sample mode, ms)");
        out.println("                   of BgvBenchmark and NttBenchmark");
        out.println("  --from-train FILE print the training-step phases from the output of the train command");
    }

    /** Writes {@code dir/REPORT.md} from the run files in {@code dir}; returns its path. */
    static Path render(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ReportDataException("no folder " + dir + " (run from the repository root, or give --dir)");
        }
        List<PeerReport.RunFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                try (Reader r = open(p)) {
                    PeerCsv.Contents c = PeerCsv.read(r, p.getFileName().toString());
                    files.add(new PeerReport.RunFile(p.getFileName().toString(), c.header(), c.figures()));
                }
            }
        }
        if (files.isEmpty()) {
            throw new ReportDataException("no run files (*.csv) in " + dir);
        }
        Path out = dir.resolve("REPORT.md");
        Files.writeString(out, PeerReport.render(files), StandardCharsets.UTF_8);
        return out;
    }

    private static Path checked(Path p) throws IOException {
        long size = Files.size(p);
        if (size > MAX_FILE_BYTES) {
            throw new ReportDataException(p + " has " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " a run file or result file can have");
        }
        return p;
    }

    private static Reader open(Path p) throws IOException {
        return Files.newBufferedReader(checked(p), StandardCharsets.UTF_8);
    }

    /** fhe4j's rows from JMH measurements of BgvBenchmark and NttBenchmark (others are skipped). */
    static List<PeerFigure> fromJmh(List<Measurement> ms, String run, String version, String flags) {
        List<PeerFigure> out = new ArrayList<>();
        for (Measurement m : ms) {
            if (!m.sampled()) {
                throw new ReportDataException(m.name() + " " + m.paramText()
                        + ": not measured in sample mode (run JMH with -bm sample -tu ms)");
            }
            String logN = m.params().get("logN");
            if (logN == null) {
                continue;
            }
            int l = Integer.parseInt(logN.trim());
            String op;
            double log2q;
            if (m.suite().equals("BgvBenchmark")) {
                op = m.method();
                Context c = BgvBenchmark.mirrorOfHelib(l);
                log2q = c.logQ(c.maxLevel());
            } else if (m.suite().equals("NttBenchmark")) {
                op = switch (m.method()) {
                    case "forward" -> "nttForward";
                    case "inverse" -> "nttInverse";
                    case "doubleCrtMultiply" -> "doubleCrtMultiply";
                    default -> null;
                };
                long mm = 2L << l;
                log2q = op == null ? 0 : op.equals("doubleCrtMultiply")
                        ? Primes.generate(60, mm, 4, List.of()).stream().mapToDouble(q -> Math.log(q) / Math.log(2)).sum()
                        : Math.log(Primes.generate(60, mm)) / Math.log(2);
            } else {
                continue;
            }
            if (op != null) {
                out.add(new PeerFigure(run, "fhe4j", version, flags, op, 1 << l, log2q, m.medianMillis(), m.samples()));
            }
        }
        return out;
    }

    private static final Pattern PARAMETERS = Pattern.compile(
            "^parameters\\s+N = (\\d+) slots, .*?(?:(\\d+) x (\\d+)-bit primes|primes of ([0-9, ]+) bits)");
    private static final Pattern STEPS = Pattern.compile("^steps\\s+(\\d+) mini-batches");
    private static final Pattern SECONDS = Pattern.compile("^\\s*(time per step|encrypt \\(owner uploads\\)|forward "
            + "\\(server\\)|backward \\(server\\)|update \\(server\\)|refresh \\(refresher\\)|owner \\(encrypt, "
            + "refresh, decrypt\\)|link and waiting)\\s+([0-9.]+) s");

    /**
     * The phases of a training step from the {@code train} command's final table, ms per step:
     * {@code trainStep} (the whole step) and {@code trainStep.server} (forward, backward and update),
     * with, from {@code train --in-process}, {@code trainStep.owner} (the owner's encryption of the
     * uploads) and {@code trainStep.refresh}, and from {@code train} through the protocol, {@code
     * trainStep.owner} (all the owner's answering: encryption, refresh, decryption) and {@code
     * trainStep.wire} (link and waiting: serialization, TLS, transfers).
     */
    static List<PeerFigure> fromTrain(List<String> lines, String run, String version, String flags) {
        int n = 0;
        double log2q = 0;
        int steps = 0;
        Map<String, Double> s = new java.util.HashMap<>();
        for (String line : lines) {
            Matcher m = PARAMETERS.matcher(line);
            if (m.find()) {
                n = Integer.parseInt(m.group(1));
                if (m.group(2) != null) {
                    log2q = Integer.parseInt(m.group(2)) * (double) Integer.parseInt(m.group(3));
                } else {
                    log2q = 0;
                    for (String b : m.group(4).split(",")) {
                        log2q += Integer.parseInt(b.trim());
                    }
                }
            }
            m = STEPS.matcher(line);
            if (m.find()) {
                steps = Integer.parseInt(m.group(1));
            }
            m = SECONDS.matcher(line);
            if (m.find()) {
                s.put(m.group(1).replaceAll(" \\(.*", ""), Double.parseDouble(m.group(2)) * 1000);
            }
        }
        boolean protocol = s.containsKey("link and waiting");
        List<String> need = protocol ? List.of("time per step", "owner", "forward", "backward", "update", "link and waiting")
                : List.of("time per step", "encrypt", "forward", "backward", "update", "refresh");
        for (String k : need) {
            if (!s.containsKey(k) || n == 0 || steps == 0) {
                throw new ReportDataException("train output: no '" + k + "' figure, parameters or steps line"
                        + " (is this the output of the train command?)");
            }
        }
        double server = s.get("forward") + s.get("backward") + s.get("update");
        PeerFigure step = new PeerFigure(run, "fhe4j", version, flags, "trainStep", n, log2q, s.get("time per step"), steps);
        PeerFigure onServer = new PeerFigure(run, "fhe4j", version, flags, "trainStep.server", n, log2q, server, steps);
        if (protocol) {
            return List.of(step,
                    new PeerFigure(run, "fhe4j", version, flags, "trainStep.owner", n, log2q, s.get("owner"), steps),
                    onServer,
                    new PeerFigure(run, "fhe4j", version, flags, "trainStep.wire", n, log2q, s.get("link and waiting"), steps));
        }
        return List.of(step,
                new PeerFigure(run, "fhe4j", version, flags, "trainStep.owner", n, log2q, s.get("encrypt"), steps),
                onServer,
                new PeerFigure(run, "fhe4j", version, flags, "trainStep.refresh", n, log2q, s.get("refresh"), steps));
    }
}
