package io.fhe4j.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Joins measurements with anchors. The main table has one {@link Row} per measured benchmark and
 * ring, with the HElib and SEAL figures of the anchors marked primary for it; the anchor table has
 * one {@link AnchorRow} per time anchor, with the measurement it compares with or the reason there
 * is none. Ratios are fhe4j / anchor (below 1: fhe4j took less time), fhe4j's median call when
 * every call was timed, else its mean, against the midpoint of a range. Training suites are left
 * to {@link TrainingRows}. Stateless and thread-safe.
 */
public final class Comparison {
    /** The suite whose rows get their own section. */
    public static final String TRAINING_SUITE = "TrainingStepBenchmark";

    /** Suites in the order the report lists them; others follow alphabetically. */
    static final List<String> SUITE_ORDER = List.of("NttBenchmark", "BgvBenchmark", "KeyGenerationBenchmark",
            "GeneralRingBenchmark",
            TRAINING_SUITE);

    /** One measured point and the anchors it is compared with (either may be null). */
    public record Row(Measurement measurement, Anchor helib, Anchor seal) {
        /** fhe4j / HElib, or NaN without an HElib anchor. */
        public double helibRatio() {
            return helib == null ? Double.NaN : ratio(measurement, helib.helib());
        }

        /** fhe4j / SEAL, or NaN without a SEAL anchor. */
        public double sealRatio() {
            return seal == null ? Double.NaN : ratio(measurement, seal.seal());
        }
    }

    /** Why an anchor row has no fhe4j figure, or {@code MEASURED}. */
    public enum Status {
        /** A measurement was matched. */
        MEASURED,
        /** The suite ran, but not at this benchmark and ring (for example short mode). */
        NOT_IN_THIS_RUN,
        /** The suite is not in this build. */
        SUITE_MISSING,
        /** fhe4j has no benchmark of this operation. */
        NO_COUNTERPART
    }

    /** One anchor with the measurement it compares with (null unless {@code MEASURED}). */
    public record AnchorRow(Anchor anchor, Measurement measurement, Status status) {
        /** fhe4j / HElib, or NaN. */
        public double helibRatio() {
            return measurement == null || anchor.helib() == null ? Double.NaN : ratio(measurement, anchor.helib());
        }

        /** fhe4j / SEAL, or NaN. */
        public double sealRatio() {
            return measurement == null || anchor.seal() == null ? Double.NaN : ratio(measurement, anchor.seal());
        }
    }

    private Comparison() {
    }

    /** fhe4j's typical time ({@link Measurement#typicalMillis()}) over the figure's value (a range's midpoint). */
    public static double ratio(Measurement m, Figure f) {
        return m.typicalMillis() / f.value();
    }

    /** The main table: every measurement outside the training suite, in report order. */
    public static List<Row> mainRows(List<Measurement> measurements, List<Anchor> anchors) {
        List<Row> rows = new ArrayList<>();
        for (Measurement m : sorted(measurements)) {
            if (m.suite().equals(TRAINING_SUITE)) {
                continue;
            }
            Anchor helib = null;
            Anchor seal = null;
            for (Anchor a : anchors) {
                if (a.unit().equals("ms") && a.matches(m)) {
                    if (a.primaryHelib()) {
                        helib = a;
                    }
                    if (a.primarySeal()) {
                        seal = a;
                    }
                }
            }
            rows.add(new Row(m, helib, seal));
        }
        return rows;
    }

    /**
     * Every time anchor outside the training suite, each with its matched measurement (one row per
     * match) or the reason it has none. {@code suitesInBuild} names the suites the build holds.
     */
    public static List<AnchorRow> anchorRows(List<Measurement> measurements, List<Anchor> anchors,
            Set<String> suitesInBuild) {
        List<AnchorRow> rows = new ArrayList<>();
        List<Measurement> sorted = sorted(measurements);
        for (Anchor a : anchors) {
            if (!a.unit().equals("ms") || a.suite().equals(TRAINING_SUITE)) {
                continue;
            }
            if (!a.hasCounterpart()) {
                rows.add(new AnchorRow(a, null, Status.NO_COUNTERPART));
                continue;
            }
            boolean found = false;
            for (Measurement m : sorted) {
                if (a.matches(m)) {
                    rows.add(new AnchorRow(a, m, Status.MEASURED));
                    found = true;
                }
            }
            if (!found) {
                rows.add(new AnchorRow(a, null, suitesInBuild.contains(a.suite()) ? Status.NOT_IN_THIS_RUN
                        : Status.SUITE_MISSING));
            }
        }
        return rows;
    }

    /** Measurements by suite order, method name, then ring size. */
    static List<Measurement> sorted(List<Measurement> measurements) {
        List<Measurement> out = new ArrayList<>(measurements);
        out.sort(Comparator.comparingInt((Measurement m) -> suiteRank(m.suite())).thenComparing(Measurement::suite)
                .thenComparing(Measurement::method).thenComparing(m -> m.ring().isEmpty() ? "" : m.ring().substring(0, 1))
                .thenComparingLong(m -> ringSize(m.ring())).thenComparing(Measurement::paramText));
        return out;
    }

    static int suiteRank(String suite) {
        int i = SUITE_ORDER.indexOf(suite);
        return i < 0 ? SUITE_ORDER.size() : i;
    }

    private static long ringSize(String ring) {
        try {
            return ring.isEmpty() ? 0 : Long.parseLong(ring.substring(ring.indexOf('=') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
