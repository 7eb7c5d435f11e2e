package io.fhe4j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side comparison of one run: one {@link Row} per (operation, N) with every build's
 * median call, the fastest peer and fhe4j's ratio to it. Figures of other runs never enter a
 * ratio: {@link #of} takes one run's figures and refuses a mix. Training-step phases
 * ({@code trainStep*}) are listed apart, without ratios (no peer trains). Immutable and thread-safe.
 */
public final class PeerComparison {
    /** Operations with this prefix are phases of a training step. */
    public static final String TRAINING_PREFIX = "trainStep";

    /** One operation at one ring degree: the median of each build that timed it (by build label). */
    public record Row(String operation, int n, Map<String, PeerFigure> byBuild) {
        /** Copies the map (keeping its order). */
        public Row {
            byBuild = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byBuild));
        }

        /** The fastest peer (not fhe4j) of this row, or null when no peer timed it. */
        public PeerFigure fastestPeer() {
            PeerFigure best = null;
            for (PeerFigure p : byBuild.values()) {
                if (!p.isFhe4j() && (best == null || p.medianMillis() < best.medianMillis())) {
                    best = p;
                }
            }
            return best;
        }

        /** {@code build}'s median over the fastest peer's (below 1: fhe4j took less time), or NaN. */
        public double ratioToFastestPeer(String build) {
            PeerFigure f = byBuild.get(build);
            PeerFigure best = fastestPeer();
            return f == null || best == null ? Double.NaN : f.medianMillis() / best.medianMillis();
        }
    }

    private final String run;
    private final List<String> builds;
    private final List<Row> rows;
    private final List<Row> training;

    private PeerComparison(String run, List<String> builds, List<Row> rows, List<Row> training) {
        this.run = run;
        this.builds = List.copyOf(builds);
        this.rows = List.copyOf(rows);
        this.training = List.copyOf(training);
    }

    /**
     * The comparison of {@code figures}, which must all belong to one run. Builds are listed fhe4j's first,
     * then the peers, each in order of first appearance; rows by N, then by the operation's first appearance.
     */
    public static PeerComparison of(List<PeerFigure> figures) {
        if (figures.isEmpty()) {
            throw new ReportDataException("a run without figures");
        }
        String run = figures.get(0).run();
        Set<String> fhe4j = new LinkedHashSet<>();
        Set<String> peers = new LinkedHashSet<>();
        Set<String> operations = new LinkedHashSet<>();
        Map<String, Map<String, PeerFigure>> cells = new LinkedHashMap<>();
        for (PeerFigure p : figures) {
            if (!p.run().equals(run)) {
                throw new ReportDataException("figures of runs " + run + " and " + p.run()
                        + " in one comparison: ratios are only taken within one run");
            }
            if (!p.operation().startsWith(TRAINING_PREFIX)) {
                (p.isFhe4j() ? fhe4j : peers).add(p.build());
            }
            operations.add(p.operation());
            Map<String, PeerFigure> cell = cells.computeIfAbsent(p.operation() + "|" + p.n(), k -> new LinkedHashMap<>());
            if (cell.put(p.build(), p) != null) {
                throw new ReportDataException("run " + run + ": two figures for " + p.build() + " " + p.operation()
                        + " at N = " + p.n());
            }
        }
        List<String> builds = new ArrayList<>(fhe4j);
        builds.addAll(peers);
        List<Integer> ns = figures.stream().map(PeerFigure::n).distinct().sorted().toList();
        List<Row> rows = new ArrayList<>();
        List<Row> training = new ArrayList<>();
        for (int n : ns) {
            for (String op : operations) {
                Map<String, PeerFigure> cell = cells.get(op + "|" + n);
                if (cell == null) {
                    continue;
                }
                if (op.startsWith(TRAINING_PREFIX)) {
                    training.add(new Row(op, n, cell));
                    continue;
                }
                Map<String, PeerFigure> ordered = new LinkedHashMap<>();
                for (String b : builds) {
                    if (cell.containsKey(b)) {
                        ordered.put(b, cell.get(b));
                    }
                }
                rows.add(new Row(op, n, ordered));
            }
        }
        return new PeerComparison(run, builds, rows, training);
    }

    /** The figures grouped by run id, runs in order of first appearance. */
    public static Map<String, List<PeerFigure>> byRun(List<PeerFigure> figures) {
        Map<String, List<PeerFigure>> out = new LinkedHashMap<>();
        for (PeerFigure p : figures) {
            out.computeIfAbsent(p.run(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** The run id. */
    public String run() {
        return run;
    }

    /** Every build label of the compared rows: fhe4j's first, then the peers'. */
    public List<String> builds() {
        return builds;
    }

    /** fhe4j's build labels. */
    public List<String> fhe4jBuilds() {
        return rows.stream().flatMap(r -> r.byBuild().values().stream()).filter(PeerFigure::isFhe4j)
                .map(PeerFigure::build).distinct().toList();
    }

    /** The compared rows (no training phases). */
    public List<Row> rows() {
        return rows;
    }

    /** The training-step rows (fhe4j only). */
    public List<Row> training() {
        return training;
    }
}
