package io.fhe4j.bench.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.util.Version;

/**
 * The {@code report} command: measures the sizes of serialized keys and ciphertexts, runs every
 * JMH suite of the build (short mode by default, {@code --full} for everything), and writes
 * {@code REPORT.md} and {@code report.svg} (fhe4j's figures and the paper's training figures; the
 * peers are compared side by side by {@link PeersCommand}),
 * next to the raw inputs ({@code jmh-results.csv}, {@code sizes.csv}, {@code run.properties}) and
 * JMH's text output ({@code jmh.log}). {@code --from DIR} renders a report from existing raw inputs
 * without measuring. Progress goes to stderr; the summary table and the paths to stdout.
 */
public final class ReportCommand {
    static final String RESULTS = "jmh-results.csv";
    static final String SIZES = "sizes.csv";
    static final String RUN = "run.properties";
    static final String MARKDOWN = "REPORT.md";
    static final String CHART = "report.svg";
    static final String LOG = "jmh.log";

    private ReportCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean full = false;
        boolean sizes = true;
        Path outDir = Path.of("bench", "results");
        Path from = null;
        boolean outGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full":
                    full = true;
                    break;
                case "--no-sizes":
                    sizes = false;
                    break;
                case "--out":
                case "--from":
                    if (i + 1 >= args.length) {
                        err.println("report: " + args[i] + " needs a directory");
                        return 2;
                    }
                    if (args[i].equals("--out")) {
                        outDir = Path.of(args[++i]);
                        outGiven = true;
                    } else {
                        from = Path.of(args[++i]);
                    }
                    break;
                case "-h":
                case "--help":
                    usage(out);
                    return 0;
                default:
                    err.println("report: unknown option '" + args[i] + "'");
                    usage(err);
                    return 2;
            }
        }
        try {
            if (from != null) {
                render(from, outGiven ? outDir : from, out);
                return 0;
            }
            measure(args, full, sizes, outDir, err);
            render(outDir, outDir, out);
            return 0;
        } catch (ReportDataException | IOException | UncheckedIOException | IllegalStateException e) {
            err.println("report: " + e.getMessage());
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar bench/target/fhe4j.jar report [--full] [--out DIR] [--no-sizes]");
        out.println("       java -jar bench/target/fhe4j.jar report --from DIR [--out DIR]");
        out.println();
        out.println("  (default)   short run, about 10 minutes on 2 cores: warm-up 1 x 1 s, measurement 4 x 1 s,");
        out.println("              one fork per point, NttBenchmark at logN 12..15, BgvBenchmark and");
        out.println("              KeyGenerationBenchmark at logN 13 and 14, GeneralRingBenchmark at m = 4369,");
        out.println("              single-shot suites (TrainingStepBenchmark) 3 calls after their setup");
        out.println("  --full      every parameter of every suite with the suites' own iterations");
        out.println("  --out DIR   where to write (default bench/results)");
        out.println("  --no-sizes  skip measuring the sizes of serialized keys and ciphertexts");
        out.println("  --from DIR  render REPORT.md and report.svg from DIR's " + RESULTS + ", " + SIZES + " and "
                + RUN + " without measuring");
    }

    private static void measure(String[] args, boolean full, boolean withSizes, Path outDir, PrintStream err)
            throws IOException {
        Files.createDirectories(outDir);
        long start = System.nanoTime();
        Map<String, String> info = new TreeMap<>(RunInfo.probeMachine());
        info.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        String modules = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "--add-modules jdk.incubator.vector " : "";
        info.put("command", ("java " + modules + "-jar bench/target/fhe4j.jar report " + String.join(" ", args)).trim());
        info.put("loadStart", RunInfo.loadAverage());
        info.put("speedStart", SpeedProbe.describe(SpeedProbe.nanosPerStep()));
        info.put("jmh", "JMH " + Version.getPlainVersion());
        Map<String, List<BenchmarkListEntry>> suites = SuiteRunner.discover();
        info.put("suites", String.join(",", SuiteRunner.simpleNames(suites)));
        putPinning(info, suites);
        err.println("report: " + (full ? "full" : "short") + " run; suites in this build: " + info.get("suites"));
        err.println("report: machine " + info.get("cpu") + ", " + info.get("cores") + "; load " + info.get("loadStart"));

        List<ObjectSizes.Row> sizes = withSizes ? ObjectSizes.measure(err) : List.of();
        try (Writer w = Files.newBufferedWriter(outDir.resolve(SIZES), StandardCharsets.UTF_8)) {
            ObjectSizes.write(sizes, w);
        }

        List<RunResult> results;
        SuiteRunner runner;
        try (OutputStream logFile = Files.newOutputStream(outDir.resolve(LOG));
                PrintStream log = new PrintStream(logFile, true, StandardCharsets.UTF_8)) {
            runner = new SuiteRunner(full, err, log);
            info.put("mode", full ? "full" : "short");
            info.put("iterations", runner.describe());
            results = runner.run(suites);
        }
        try (PrintStream csv = new PrintStream(Files.newOutputStream(outDir.resolve(RESULTS)), false,
                StandardCharsets.UTF_8)) {
            SuiteRunner.writeCsv(results, csv);
        }
        info.put("failed", String.join("; ", runner.failures()));
        info.put("loadEnd", RunInfo.loadAverage());
        info.put("speedEnd", SpeedProbe.describe(SpeedProbe.nanosPerStep()));
        info.put("elapsed", Format.duration((System.nanoTime() - start) / 1e9));
        try (Writer w = Files.newBufferedWriter(outDir.resolve(RUN), StandardCharsets.UTF_8)) {
            new RunInfo(info).write(w);
        }
        err.println("report: measured in " + info.get("elapsed") + "; load at end " + info.get("loadEnd"));
    }

    private static void putPinning(Map<String, String> info, Map<String, List<BenchmarkListEntry>> suites) {
        List<List<String>> p = SuiteRunner.threadPinning(suites);
        info.put("oneThread", String.join(", ", p.get(0)));
        info.put("anyThreads", String.join(", ", p.get(1)));
    }

    /** Renders the report from the raw inputs in {@code in} into {@code outDir}. */
    static void render(Path in, Path outDir, PrintStream out) throws IOException {
        RunInfo info;
        List<Measurement> measurements;
        List<ObjectSizes.Row> sizes = List.of();
        try (Reader r = Files.newBufferedReader(in.resolve(RUN), StandardCharsets.UTF_8)) {
            info = RunInfo.read(r);
        }
        try (Reader r = Files.newBufferedReader(in.resolve(RESULTS), StandardCharsets.UTF_8)) {
            measurements = JmhCsv.read(r);
        }
        if (Files.exists(in.resolve(SIZES))) {
            try (Reader r = Files.newBufferedReader(in.resolve(SIZES), StandardCharsets.UTF_8)) {
                sizes = ObjectSizes.read(r);
            }
        }
        if (!info.values().containsKey("oneThread")) {
            // recorded by runs since the key was added; for older raw files, take it from this build
            Map<String, String> m = new TreeMap<>(info.values());
            putPinning(m, SuiteRunner.discover());
            info = new RunInfo(m);
        }
        List<Anchor> anchors = Anchors.load();
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve(MARKDOWN),
                MarkdownReport.render(new MarkdownReport.Input(info, measurements, anchors, sizes, CHART)),
                StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve(CHART), chart(info, measurements, anchors), StandardCharsets.UTF_8);
        out.println(MarkdownReport.summaryTable(measurements, anchors));
        out.println("report: wrote " + outDir.resolve(MARKDOWN) + " and " + outDir.resolve(CHART));
    }

    /** The chart of every main-table row that has an HElib or SEAL anchor; of every main-table row when no row can have one. */
    static String chart(RunInfo info, List<Measurement> measurements, List<Anchor> anchors) {
        List<SvgBarChart.Group> groups = new ArrayList<>();
        boolean anchored = MarkdownReport.peerAnchors(anchors);
        for (Comparison.Row r : Comparison.mainRows(measurements, anchors)) {
            if (anchored && r.helib() == null && r.seal() == null) {
                continue;
            }
            Measurement m = r.measurement();
            List<SvgBarChart.Bar> bars = new ArrayList<>();
            bars.add(m.sampled() ? new SvgBarChart.Bar("fhe4j", m.medianMillis(), Double.NaN)
                    : new SvgBarChart.Bar("fhe4j", m.millis(), m.errorMillis()));
            if (r.helib() != null) {
                bars.add(new SvgBarChart.Bar("HElib 2.2.0", r.helib().helib().value(), Double.NaN));
            }
            if (r.seal() != null) {
                Figure f = r.seal().seal();
                bars.add(new SvgBarChart.Bar("SEAL 4.4.3", f.value(), Double.NaN,
                        f.isRange() ? f.text() : Format.millis(f.value())));
            }
            groups.add(new SvgBarChart.Group(m.suite() + "." + m.method() + "  " + m.ring(), bars));
        }
        List<String> subtitle = List.of(info.get("date") + ", " + info.get("mode") + " run on " + info.get("cpu")
                + " (" + info.get("cores") + "), " + info.get("jdk"),
                "load average at start " + info.get("loadStart") + ", at end " + info.get("loadEnd")
                + (anchored ? " (shared machine: noisy); HElib and SEAL: anchor figures, not measured here"
                        : " (shared machine: noisy); peers side by side: peers/REPORT.md"));
        return anchored
                ? SvgBarChart.render("fhe4j vs HElib and SEAL, one thread (shorter is faster)", subtitle, "ms",
                        List.of("fhe4j", "HElib 2.2.0", "SEAL 4.4.3"), groups)
                : SvgBarChart.render("fhe4j per operation, one thread (shorter is faster)", subtitle, "ms",
                        List.of("fhe4j"), groups);
    }
}
