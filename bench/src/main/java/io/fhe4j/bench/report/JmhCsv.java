package io.fhe4j.bench.report;

import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH's CSV result format ({@code -rf csv}, or {@code ResultFormatType.CSV} through the Java
 * API) into {@link Measurement}s. Columns are found by their header names ({@code Benchmark},
 * {@code Mode}, {@code Samples}, {@code Score}, {@code Score Error (99.9%)}, {@code Unit},
 * {@code Param: name}); primary rows give the time, secondary rows named
 * {@code Suite.method:gc.alloc.rate.norm} give the bytes allocated per operation, and in sample mode
 * {@code Suite.method:p0.00} and {@code Suite.method:p0.50} the fastest and the median call; other
 * secondary rows are ignored. Times in {@code s/op, ms/op, us/op, ns/op} and throughputs in {@code ops/s,
 * ops/ms, ops/us, ops/ns} are converted to milliseconds per operation. Stateless and thread-safe.
 */
public final class JmhCsv {
    private static final String ALLOC = "gc.alloc.rate.norm";
    private static final String MIN = "p0.00";
    private static final String MEDIAN = "p0.50";

    private JmhCsv() {
    }

    /** The measurements in {@code in}, in file order. */
    public static List<Measurement> read(Reader in) {
        List<List<String>> rows = Csv.read(in);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0);
        int benchmark = column(header, "Benchmark");
        int samples = column(header, "Samples");
        int score = column(header, "Score");
        int error = column(header, "Score Error (99.9%)");
        int unit = column(header, "Unit");
        Map<Integer, String> paramColumns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).startsWith("Param: ")) {
                paramColumns.put(i, header.get(i).substring("Param: ".length()));
            }
        }
        Map<String, double[]> primary = new LinkedHashMap<>();
        Map<String, Map<String, String>> paramsOf = new HashMap<>();
        Map<String, Double> alloc = new HashMap<>();
        Map<String, Double> min = new HashMap<>();
        Map<String, Double> median = new HashMap<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new ReportDataException("JMH CSV row " + (r + 1) + " has " + row.size() + " fields, the header "
                        + header.size() + ": " + row);
            }
            Map<String, String> params = new LinkedHashMap<>();
            paramColumns.forEach((i, name) -> {
                if (!row.get(i).isEmpty()) {
                    params.put(name, row.get(i));
                }
            });
            String name = row.get(benchmark);
            int colon = name.indexOf(':');
            String bench = colon < 0 ? name : name.substring(0, colon);
            String key = bench + "|" + params;
            if (colon >= 0) {
                String secondary = name.substring(colon + 1);
                if (secondary.equals(ALLOC)) {
                    alloc.put(key, number(row.get(score), r));
                } else if (secondary.equals(MIN) || secondary.equals(MEDIAN)) {
                    double ms = toMillis(number(row.get(score), r), Double.NaN, row.get(unit), r)[0];
                    (secondary.equals(MIN) ? min : median).put(key, ms);
                }
                continue;
            }
            double s = number(row.get(score), r);
            double e = number(row.get(error), r);
            double[] ms = toMillis(s, e, row.get(unit), r);
            primary.put(key, new double[] {ms[0], ms[1], Integer.parseInt(row.get(samples).trim())});
            paramsOf.put(key, params);
        }
        List<Measurement> out = new ArrayList<>();
        primary.forEach((key, v) -> {
            String bench = key.substring(0, key.indexOf('|'));
            int dot = bench.lastIndexOf('.');
            if (dot < 0) {
                throw new ReportDataException("JMH CSV: benchmark name without a method: " + bench);
            }
            String cls = bench.substring(0, dot);
            String suite = cls.substring(cls.lastIndexOf('.') + 1);
            out.add(new Measurement(suite, bench.substring(dot + 1), paramsOf.get(key), v[0], v[1], (int) v[2],
                    alloc.getOrDefault(key, Double.NaN), min.getOrDefault(key, Double.NaN),
                    median.getOrDefault(key, Double.NaN)));
        });
        return out;
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new ReportDataException("JMH CSV: no column '" + name + "' in header " + header);
        }
        return i;
    }

    private static double number(String text, int row) {
        String t = text.trim();
        if (t.equalsIgnoreCase("NaN") || t.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new ReportDataException("JMH CSV row " + (row + 1) + ": not a number: '" + text + "'");
        }
    }

    /** {score, error} in milliseconds per operation. */
    static double[] toMillis(double score, double error, String unit, int row) {
        String u = unit.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "s/op":
                return new double[] {score * 1e3, error * 1e3};
            case "ms/op":
                return new double[] {score, error};
            case "us/op":
                return new double[] {score * 1e-3, error * 1e-3};
            case "ns/op":
                return new double[] {score * 1e-6, error * 1e-6};
            case "ops/s":
                return inverse(score, error, 1e3);
            case "ops/ms":
                return inverse(score, error, 1);
            case "ops/us":
                return inverse(score, error, 1e-3);
            case "ops/ns":
                return inverse(score, error, 1e-6);
            default:
                throw new ReportDataException("JMH CSV row " + (row + 1) + ": unsupported unit '" + unit
                        + "' (expected a time per operation or operations per time unit)");
        }
    }

    /** ms/op from a throughput in ops per unit of {@code unitMillis} ms; error by the delta method. */
    private static double[] inverse(double score, double error, double unitMillis) {
        double ms = unitMillis / score;
        return new double[] {ms, ms * error / score};
    }
}
