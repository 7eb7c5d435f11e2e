package io.fhe4j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several runs of one sitting (rounds that alternate fhe4j and its peers) read together: for every
 * operation and N timed in each round, fhe4j's ratio to the fastest peer in each round (each ratio
 * divides two figures of its own round), their range, and a verdict that holds only when every round
 * agrees: {@link Verdict#AHEAD} (below 1 in every round), {@link Verdict#BEHIND} (above 1 in every
 * round) or {@link Verdict#EITHER} (the rounds disagree: the gap is inside the run-to-run spread).
 * Immutable and thread-safe.
 */
public final class PeerRounds {
    /** How a row's ratios fall across the rounds. */
    public enum Verdict {
        /** fhe4j took less time than the fastest peer in every round. */
        AHEAD("ahead in every round"),
        /** fhe4j took more time than the fastest peer in every round. */
        BEHIND("behind in every round"),
        /** The rounds disagree. */
        EITHER("either side");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** The verdict in words, as the report prints it. */
        public String text() {
            return text;
        }
    }

    /** One operation at one N for one fhe4j build: its ratio in each round, in round order. */
    public record Row(String operation, int n, String build, List<Double> ratios) {
        /** Copies the ratios. */
        public Row {
            ratios = List.copyOf(ratios);
        }

        /** The smallest ratio. */
        public double min() {
            return ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        /** The largest ratio. */
        public double max() {
            return ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        /** Whether the rounds agree on which side of 1 the ratio lies. */
        public Verdict verdict() {
            return max() < 1 ? Verdict.AHEAD : min() > 1 ? Verdict.BEHIND : Verdict.EITHER;
        }
    }

    private final List<String> runs;
    private final List<Row> rows;

    private PeerRounds(List<String> runs, List<Row> rows) {
        this.runs = List.copyOf(runs);
        this.rows = List.copyOf(rows);
    }

    /**
     * The rounds of {@code rounds} (one comparison per run, at least two). A row is kept when the
     * same fhe4j build and some peer timed it in every round.
     */
    public static PeerRounds of(List<PeerComparison> rounds) {
        if (rounds.size() < 2) {
            throw new ReportDataException("rounds need at least two runs, got " + rounds.size());
        }
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, PeerComparison.Row> firstRow = new LinkedHashMap<>();
        for (PeerComparison c : rounds) {
            for (PeerComparison.Row r : c.rows()) {
                for (String b : c.fhe4jBuilds()) {
                    double ratio = r.ratioToFastestPeer(b);
                    if (!Double.isNaN(ratio)) {
                        String key = r.operation() + "|" + r.n() + "|" + b;
                        ratios.computeIfAbsent(key, k -> new ArrayList<>()).add(ratio);
                        firstRow.putIfAbsent(key, r);
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        ratios.forEach((key, list) -> {
            if (list.size() == rounds.size()) {
                PeerComparison.Row r = firstRow.get(key);
                rows.add(new Row(r.operation(), r.n(), key.substring(key.indexOf('|', key.indexOf('|') + 1) + 1), list));
            }
        });
        return new PeerRounds(rounds.stream().map(PeerComparison::run).toList(), rows);
    }

    /** The run ids, in round order. */
    public List<String> runs() {
        return runs;
    }

    /** The rows timed in every round, in the first round's order. */
    public List<Row> rows() {
        return rows;
    }

    /** A Markdown section: one table of every row's ratio per round, range and verdict. */
    public void render(StringBuilder sb, String fileName) {
        sb.append("## Rounds of `").append(fileName).append("`: ").append(runs.size())
                .append(" runs read together\n\n")
                .append("fhe4j's ratio to the fastest peer in each round (each from its own round's figures), their"
                        + " range, and whether every round puts fhe4j on the same side of 1.\n\n| operation | N | build |");
        for (String r : runs) {
            sb.append(' ').append(r).append(" |");
        }
        sb.append(" min | max | verdict |\n|---|---:|---|").append("---:|".repeat(runs.size() + 2)).append("---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.operation()).append(" | ").append(r.n()).append(" | ").append(r.build()).append(" |");
            for (double x : r.ratios()) {
                sb.append(' ').append(two(x)).append(" |");
            }
            sb.append(' ').append(two(r.min())).append(" | ").append(two(r.max())).append(" | ")
                    .append(r.verdict().text()).append(" |\n");
        }
    }

    /** Ratios near 1 need two decimals to show their side. */
    private static String two(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
