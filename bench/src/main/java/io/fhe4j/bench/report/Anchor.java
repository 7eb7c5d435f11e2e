package io.fhe4j.bench.report;

import java.util.Objects;

/**
 * One row of {@code anchors.csv}: a figure published for HElib and/or SEAL (or the paper), the
 * fhe4j benchmark it is compared with, and what exactly was measured. Immutable.
 *
 * @param id          a short unique name, shown in the report next to every ratio
 * @param suite       the fhe4j JMH suite the row belongs to ({@code BgvBenchmark}, ...), or
 *                    {@code Sizes} for sizes of serialized objects
 * @param benchmark   the fhe4j benchmark method it is compared with; {@code *} for any method of
 *                    the suite; empty when fhe4j has no counterpart (the row is listed, unmatched)
 * @param ring        {@code N=8192}, {@code m=4369}, or empty when no ring applies
 * @param operation   the operation as the source names it
 * @param unit        {@code ms} or {@code MB}
 * @param helib       HElib's figure (for the training rows: the paper's, which ran on HElib), or null
 * @param seal        SEAL's figure, or null
 * @param primaryHelib whether this row gives the HElib column of the main table for its benchmark
 *                    and ring (at most one row per benchmark and ring)
 * @param primarySeal whether this row gives the SEAL column of the main table
 * @param source      where the figure comes from
 * @param machine     what it was measured on
 * @param note        what exactly was measured, and how it differs from the fhe4j benchmark
 */
public record Anchor(String id, String suite, String benchmark, String ring, String operation, String unit,
        Figure helib, Figure seal, boolean primaryHelib, boolean primarySeal, String source, String machine,
        String note) {

    /** Checks the fields that must be present. */
    public Anchor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(ring, "ring");
        if (!unit.equals("ms") && !unit.equals("MB")) {
            throw new ReportDataException("anchor " + id + ": unit must be ms or MB, got '" + unit + "'");
        }
        if (helib == null && seal == null) {
            throw new ReportDataException("anchor " + id + ": neither an HElib nor a SEAL figure");
        }
        if ((primaryHelib && helib == null) || (primarySeal && seal == null)) {
            throw new ReportDataException("anchor " + id + ": marked primary for a figure it does not have");
        }
        if ((primaryHelib || primarySeal) && (benchmark.isEmpty() || benchmark.equals("*"))) {
            throw new ReportDataException("anchor " + id + ": a primary row must name one fhe4j benchmark");
        }
    }

    /** Whether this row compares with {@code m} (same suite, method and ring). */
    public boolean matches(Measurement m) {
        return suite.equals(m.suite()) && (benchmark.equals("*") || benchmark.equals(m.method()))
                && ring.equals(m.ring());
    }

    /** Whether fhe4j has a benchmark this row compares with. */
    public boolean hasCounterpart() {
        return !benchmark.isEmpty();
    }
}
