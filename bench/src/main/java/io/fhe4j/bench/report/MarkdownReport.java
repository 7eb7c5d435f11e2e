package io.fhe4j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders {@code REPORT.md}: a header with the machine and load, the main table (fhe4j's times and
 * bytes allocated per operation; against HElib and SEAL anchors only if {@code anchors.csv} holds
 * any, which the shipped one no longer does), the chart, every such anchor row with its match or the
 * reason it has none, the training rows against the paper's figures, the sizes
 * of serialized keys and ciphertexts, and the sources. Only measured figures appear as fhe4j's;
 * everything else says why it is missing. Stateless and thread-safe.
 */
public final class MarkdownReport {
    /** Everything one report shows. {@code sizes} may be empty (not measured). */
    public record Input(RunInfo info, List<Measurement> measurements, List<Anchor> anchors,
            List<ObjectSizes.Row> sizes, String chartFile) {
    }

    private MarkdownReport() {
    }

    /** The whole report. */
    public static String render(Input in) {
        StringBuilder s = new StringBuilder();
        RunInfo info = in.info();
        s.append("# fhe4j performance report\n\n");
        s.append("| | |\n|---|---|\n");
        s.append("| date | ").append(info.get("date")).append(" |\n");
        s.append("| command | `").append(info.get("command")).append("` |\n");
        s.append("| mode | ").append(info.get("mode")).append(": ").append(info.get("iterations")).append(" |\n");
        s.append("| machine | ").append(info.get("cpu")).append(", ").append(info.get("cores")).append(", ")
                .append(info.get("memory")).append(" |\n");
        s.append("| JDK | ").append(info.get("jdk")).append(" |\n");
        s.append("| OS | ").append(info.get("os")).append(" |\n");
        s.append("| SIMD | ").append(info.get("simd")).append(" |\n");
        s.append("| JMH | ").append(info.get("jmh")).append(", one benchmark thread, GC profiler on |\n");
        s.append("| fhe4j threads | one (`-Dfhe4j.threads=1`) in: ").append(orNone(info.values().get("oneThread")))
                .append("; not pinned (may use every core) in: ").append(orNone(info.values().get("anyThreads")))
                .append(" |\n");
        s.append("| load average (1 / 5 / 15 min) | at start ").append(info.get("loadStart")).append("; at end ")
                .append(info.get("loadEnd")).append(" |\n");
        s.append("| host speed probe (ns per step of a dependent multiply-add chain; lower is faster) | at start ")
                .append(info.get("speedStart")).append("; at end ").append(info.get("speedEnd")).append(" |\n");
        s.append("| elapsed | ").append(info.get("elapsed")).append(" |\n\n");
        s.append("> **Read with care.** This machine is shared with other engineers' builds and tests, so the figures "
                + "of one run can be off by tens of percent or more: a load average above the number of cores means "
                + "the benchmarks shared the CPU. Where every call was timed, fhe4j's figure is the median call with "
                + "the fastest call in brackets, and ratios use the median: the median is what a user typically gets, "
                + "the fastest call what the code does when nothing interrupts it. Elsewhere (single-shot suites) "
                + "it is the mean ± JMH's 99.9% confidence half-width over the measurement iterations of one fork "
                + "(`± ?`: JMH could not compute one), which does not capture load that changed between forks. "
                + (peerAnchors(in.anchors())
                        ? "The HElib and SEAL figures were not measured in this run: they are copied from `anchors.csv` "
                        + "(see [Sources](#sources)).\n\n"
                        : "No HElib, SEAL or OpenFHE figure is divided here: figures measured on another machine or "
                        + "another day say nothing about this run's. They are compared side by side, built and timed on "
                        + "the machine of one run, in `bench/results/peers/REPORT.md` "
                        + "(`java -jar bench/target/fhe4j.jar peers`). The paper's training figures stay, labelled as "
                        + "the paper's.\n\n"));
        if (overloaded(info)) {
            s.append("> **In this run** the load average exceeded the number of cores (").append(info.get("loadStart"))
                    .append(" at start, ").append(info.get("loadEnd")).append(" at end, on ").append(info.get("cores"))
                    .append("): other processes competed for the CPU, so fhe4j's times are likely too high.\n\n");
        }
        if (!info.get("failed").equals("unknown") && !info.get("failed").isBlank()) {
            s.append("> **Failed in this run:** ").append(info.get("failed")).append("\n\n");
        }
        mainTable(s, in);
        anchorTable(s, in);
        training(s, in);
        sizes(s, in);
        suites(s, in);
        sources(s, in);
        return s.toString();
    }

    /** The main table's rows that have at least one anchor (every row, fhe4j only, when none can have one). */
    public static String summaryTable(List<Measurement> measurements, List<Anchor> anchors) {
        StringBuilder s = new StringBuilder();
        if (!peerAnchors(anchors)) {
            s.append("| operation | ring | fhe4j (ms) |\n|---|---|---:|\n");
            for (Comparison.Row r : Comparison.mainRows(measurements, anchors)) {
                Measurement m = r.measurement();
                s.append("| ").append(m.name()).append(" | ").append(ring(m)).append(" | ").append(Format.timing(m))
                        .append(" |\n");
            }
            return s.toString();
        }
        s.append("| operation | ring | fhe4j (ms) | HElib (ms) | fhe4j / HElib | SEAL (ms) | fhe4j / SEAL |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Comparison.Row r : Comparison.mainRows(measurements, anchors)) {
            if (r.helib() == null && r.seal() == null) {
                continue;
            }
            Measurement m = r.measurement();
            s.append("| ").append(m.name()).append(" | ").append(ring(m)).append(" | ")
                    .append(Format.timing(m)).append(" | ")
                    .append(figure(r.helib(), true)).append(" | ").append(Format.ratio(r.helibRatio())).append(" | ")
                    .append(figure(r.seal(), false)).append(" | ").append(Format.ratio(r.sealRatio())).append(" |\n");
        }
        return s.toString();
    }

    private static void mainTable(StringBuilder s, Input in) {
        s.append("## Time per operation\n\n");
        if (!peerAnchors(in.anchors())) {
            fhe4jTable(s, in);
            return;
        }
        s.append("Ratio = fhe4j's time / the anchor's time: below 1, fhe4j took less time. Each HElib or SEAL figure "
                + "names its row of [every anchor](#every-anchor) (what exactly was measured); `-` means no anchor. "
                + "Allocated = bytes allocated per operation (JMH's GC profiler, `gc.alloc.rate.norm`).\n\n");
        List<Comparison.Row> rows = Comparison.mainRows(in.measurements(), in.anchors());
        if (rows.isEmpty()) {
            s.append("No benchmark was measured.\n\n");
            return;
        }
        s.append("| benchmark | ring | fhe4j (ms) | allocated / op | HElib (ms) | fhe4j / HElib | SEAL (ms) "
                + "| fhe4j / SEAL |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison.Row r : rows) {
            Measurement m = r.measurement();
            s.append("| ").append(m.name()).append(" | ").append(ring(m)).append(" | ")
                    .append(Format.timing(m)).append(" | ")
                    .append(Format.bytes(m.allocBytes())).append(" | ").append(figureWithId(r.helib(), true))
                    .append(" | ").append(Format.ratio(r.helibRatio())).append(" | ").append(figureWithId(r.seal(), false))
                    .append(" | ").append(Format.ratio(r.sealRatio())).append(" |\n");
        }
        s.append('\n');
        if (in.chartFile() != null) {
            s.append("![fhe4j, HElib and SEAL per operation, log scale](").append(in.chartFile()).append(")\n\n");
        }
    }

    /** The main table without anchor columns: fhe4j's time and allocation per benchmark. */
    private static void fhe4jTable(StringBuilder s, Input in) {
        s.append("Allocated = bytes allocated per operation (JMH's GC profiler, `gc.alloc.rate.norm`).\n\n");
        List<Comparison.Row> rows = Comparison.mainRows(in.measurements(), in.anchors());
        if (rows.isEmpty()) {
            s.append("No benchmark was measured.\n\n");
            return;
        }
        s.append("| benchmark | ring | fhe4j (ms) | allocated / op |\n|---|---|---:|---:|\n");
        for (Comparison.Row r : rows) {
            Measurement m = r.measurement();
            s.append("| ").append(m.name()).append(" | ").append(ring(m)).append(" | ").append(Format.timing(m))
                    .append(" | ").append(Format.bytes(m.allocBytes())).append(" |\n");
        }
        s.append('\n');
        if (in.chartFile() != null) {
            s.append("![fhe4j per operation, log scale](").append(in.chartFile()).append(")\n\n");
        }
    }

    /** Whether {@code anchors} hold a time or size figure of HElib or SEAL (not only the paper's training rows). */
    static boolean peerAnchors(List<Anchor> anchors) {
        return anchors.stream().anyMatch(a -> !a.suite().equals(Comparison.TRAINING_SUITE));
    }

    private static void anchorTable(StringBuilder s, Input in) {
        if (!peerAnchors(in.anchors())) {
            return;
        }
        s.append("## Every anchor\n\n");
        s.append("Each published time figure, the fhe4j benchmark it is compared with, and what exactly was "
                + "measured. The main table uses the rows marked primary in `anchors.csv`; the others are listed "
                + "here so no figure is hidden.\n\n");
        s.append("| anchor | ring | operation (as the source names it) | HElib (ms) | SEAL (ms) | fhe4j benchmark "
                + "| fhe4j (ms) | fhe4j / HElib | fhe4j / SEAL | what was measured |\n");
        s.append("|---|---|---|---:|---:|---|---:|---:|---:|---|\n");
        Set<String> inBuild = new LinkedHashSet<>(in.info().suites());
        for (Comparison.AnchorRow r : Comparison.anchorRows(in.measurements(), in.anchors(), inBuild)) {
            Anchor a = r.anchor();
            String fhe4j;
            switch (r.status()) {
                case MEASURED:
                    fhe4j = Format.timing(r.measurement());
                    break;
                case NOT_IN_THIS_RUN:
                    fhe4j = "not measured in this run" + (in.info().get("mode").equals("short") ? " (try `--full`)" : "");
                    break;
                case SUITE_MISSING:
                    fhe4j = "not yet measured (" + a.suite() + " is not in this build)";
                    break;
                default:
                    fhe4j = "no fhe4j benchmark";
            }
            s.append("| ").append(a.id()).append(" | ").append(dash(a.ring())).append(" | ").append(cell(a.operation()))
                    .append(" | ").append(a.helib() == null ? "-" : a.helib().text()).append(" | ")
                    .append(a.seal() == null ? "-" : a.seal().text()).append(" | ")
                    .append(a.hasCounterpart() ? a.suite() + "." + a.benchmark() : "-").append(" | ").append(fhe4j)
                    .append(" | ").append(Format.ratio(r.helibRatio())).append(" | ").append(Format.ratio(r.sealRatio()))
                    .append(" | ").append(cell(a.note())).append(" |\n");
        }
        s.append('\n');
    }

    private static void training(StringBuilder s, Input in) {
        s.append("## Training\n\n");
        Anchor step = TrainingRows.anchor(in.anchors(), "paper-minibatch");
        Anchor epoch = TrainingRows.anchor(in.anchors(), "paper-epoch");
        Anchor before = TrainingRows.anchor(in.anchors(), "paper-minibatch-before");
        List<TrainingRows.Row> rows = TrainingRows.rows(in.measurements());
        s.append("| | fhe4j | paper | fhe4j / paper |\n|---|---|---|---:|\n");
        if (rows.isEmpty()) {
            String why = in.info().suites().contains(Comparison.TRAINING_SUITE)
                    ? "not measured in this run" : "not yet measured (" + Comparison.TRAINING_SUITE + " is not in this build)";
            s.append("| per mini-batch | ").append(why).append(" | ").append(paper(step)).append(" | - |\n");
            s.append("| per epoch | ").append(why).append(" | ").append(paper(epoch)).append(" | - |\n");
        } else {
            for (TrainingRows.Row r : rows) {
                Measurement m = r.measurement();
                String label = m.name() + (m.params().isEmpty() ? "" : " (" + m.paramText() + ")");
                s.append("| per mini-batch: ").append(label).append(" | ")
                        .append(Format.human(m.millis())).append(" ± ").append(Format.human(m.errorMillis()))
                        .append(" | ").append(paper(step)).append(" | ")
                        .append(step == null ? "-" : Format.ratio(m.millis() / step.helib().value())).append(" |\n");
                s.append("| per epoch: ").append(label).append(" | ").append(Format.human(r.epochMillis()))
                        .append(String.format(java.util.Locale.ROOT, " (extrapolated: %.0f steps of %d%s)",
                                r.stepsPerEpoch(), r.batch(), r.batchAssumed() ? "; no batch parameter, the paper's "
                                + "batch assumed" : ""))
                        .append(" | ").append(paper(epoch)).append(" | ")
                        .append(epoch == null ? "-" : Format.ratio(r.epochMillis() / epoch.helib().value())).append(" |\n");
            }
        }
        if (before != null) {
            s.append("| per mini-batch, before the paper's optimizations | - | ").append(paper(before)).append(" | - |\n");
        }
        String config = in.info().values().get("trainingConfig");
        s.append("\nNot the same network: fhe4j's rows measure ").append(TrainingRows.FHE4J_CONFIG)
                .append(config == null ? "" : "; in this run: " + config)
                .append("; the paper trained 784-128-32-10 on 28x28 images, 8-bit bitwise encryption, bootstrapping "
                + "after every layer. The epoch is the step time x (60000 / batch), extrapolated, not measured. ");
        s.append("The paper's figures:\n\n");
        for (Anchor a : new Anchor[] {step, epoch, before}) {
            if (a != null) {
                s.append("- `").append(a.id()).append("`: ").append(a.note()).append(". Source: ").append(a.source())
                        .append(". Machine: ").append(a.machine()).append(".\n");
            }
        }
        s.append('\n');
    }

    private static void sizes(StringBuilder s, Input in) {
        s.append("## Sizes of keys and ciphertexts\n\n");
        if (in.sizes().isEmpty()) {
            s.append("Not measured in this run.\n\n");
            return;
        }
        s.append("Bytes of `BgvSerializer.toBytes` (8-byte residues in evaluation form plus a framing header; "
                + "key-switching keys seed-compressed, so their uniform parts are one 32-byte seed). The ciphertext is "
                + "fresh (two parts at the top level); the Galois key is the one for a rotation by one. "
                + "MB = 10^6 bytes.\n\n");
        boolean reported = in.anchors().stream().anyMatch(a -> a.suite().equals("Sizes"));
        s.append("| context | N | ciphertext primes | log2 Q | log2 QP | ciphertext | public key | relinearization key "
                + "| one Galois key |").append(reported ? " HElib (reported) |\n" : "\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|").append(reported ? "---|\n" : "\n");
        for (ObjectSizes.Row r : in.sizes()) {
            List<String> helib = new ArrayList<>();
            if (r.helibChain()) {
                for (Anchor a : in.anchors()) {
                    if (a.suite().equals("Sizes") && a.ring().equals(r.ring()) && a.helib() != null) {
                        helib.add(a.benchmark() + " " + a.helib().text() + " MB (" + a.id() + ")");
                    }
                }
            }
            s.append(String.format(java.util.Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %s | %s | %s | %s |",
                    r.context(), r.n(), r.ciphertextPrimes(), r.logQ(), r.logQP(), Format.bytes(r.ciphertext()),
                    Format.bytes(r.publicKey()), Format.bytes(r.relinearizationKey()), Format.bytes(r.galoisKey())))
                    .append(reported ? " " + (helib.isEmpty() ? "-" : String.join("; ", helib)) + " |\n" : "\n");
        }
        s.append('\n');
    }

    private static void suites(StringBuilder s, Input in) {
        s.append("## Suites\n\n");
        List<String> inBuild = in.info().suites();
        s.append("In this build: ").append(inBuild.isEmpty() ? "none found" : String.join(", ", inBuild)).append(".");
        List<String> missing = new ArrayList<>();
        for (String suite : Comparison.SUITE_ORDER) {
            if (!inBuild.contains(suite)) {
                missing.add(suite);
            }
        }
        if (!missing.isEmpty()) {
            s.append(" Not yet in the build: ").append(String.join(", ", missing))
                    .append(".");
        }
        s.append(" Raw results: `jmh-results.csv` (JMH's CSV), `sizes.csv`, `run.properties`; "
                + "`java -jar bench/target/fhe4j.jar report --from DIR` renders a report from them again.\n\n");
    }

    private static void sources(StringBuilder s, Input in) {
        s.append("## Sources\n\n");
        Set<String> seen = new LinkedHashSet<>();
        for (Anchor a : in.anchors()) {
            seen.add("- " + a.source() + ". Machine: " + a.machine() + ".");
        }
        seen.forEach(line -> s.append(line).append('\n'));
        s.append('\n');
    }

    private static String ring(Measurement m) {
        String ring = m.ring();
        return ring.isEmpty() ? dash(m.paramText()) : ring;
    }

    private static String figure(Anchor a, boolean helib) {
        if (a == null) {
            return "-";
        }
        return (helib ? a.helib() : a.seal()).text();
    }

    private static String figureWithId(Anchor a, boolean helib) {
        return a == null ? "-" : figure(a, helib) + " (" + a.id() + ")";
    }

    private static String paper(Anchor a) {
        return a == null ? "-" : Format.human(a.helib().value()) + " (" + a.id() + ")";
    }

    /** Whether the 1-minute load at start or end exceeded the cores (false when either is unknown). */
    static boolean overloaded(RunInfo info) {
        try {
            int cores = Integer.parseInt(info.get("cores").split("\\s+")[0]);
            double start = Double.parseDouble(info.get("loadStart").split("\\s+")[0]);
            double end = Double.parseDouble(info.get("loadEnd").split("\\s+")[0]);
            return Math.max(start, end) > cores;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String orNone(String list) {
        return list == null ? "not recorded" : list.isBlank() ? "none" : list;
    }

    private static String dash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
