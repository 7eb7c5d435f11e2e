package io.fhe4j.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a side-by-side run file of {@code bench/results/peers}: a header block of comment lines
 * {@code # key: value} (versions, build flags, CPU, date, fhe4j commit, load average), then the CSV
 * header {@code run,library,version,flags,operation,N,log2q,median_ms,iterations} and one row per
 * figure. Checked on reading: the columns, the numbers, and that no (run, library, flags,
 * operation, N) appears twice. Input is bounded ({@link #MAX_LINES} lines). Stateless and thread-safe.
 */
public final class PeerCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("run", "library", "version", "flags", "operation", "N", "log2q",
            "median_ms", "iterations");
    /** Files longer than this are refused (a run has a few hundred rows). */
    public static final int MAX_LINES = 100_000;

    /** A file's header block (in file order) and its figures. */
    public record Contents(Map<String, String> header, List<PeerFigure> figures) {
        /** Copies both. */
        public Contents {
            header = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(header));
            figures = List.copyOf(figures);
        }
    }

    private PeerCsv() {
    }

    /** The contents of {@code in}; {@code name} names the file in error messages. */
    public static Contents read(Reader in, String name) {
        Map<String, String> header = new LinkedHashMap<>();
        List<PeerFigure> figures = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        boolean sawColumns = false;
        try (BufferedReader r = new BufferedReader(in)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                if (++number > MAX_LINES) {
                    throw new ReportDataException(name + ": more than " + MAX_LINES + " lines; is this a peers run file?");
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    int colon = line.indexOf(':');
                    if (colon > 1 && !sawColumns) {
                        String key = line.substring(1, colon).trim();
                        String value = line.substring(colon + 1).trim();
                        header.merge(key, value, (a, b) -> a + " " + b);
                    }
                    continue;
                }
                List<String> f = Csv.split(line, number);
                if (!sawColumns) {
                    if (!f.equals(COLUMNS)) {
                        throw new ReportDataException(name + " line " + number + ": expected the header " + COLUMNS
                                + ", got " + f);
                    }
                    sawColumns = true;
                    continue;
                }
                PeerFigure p = parse(f, name, number);
                String key = p.run() + "|" + p.build() + "|" + p.operation() + "|" + p.n();
                if (!keys.add(key)) {
                    throw new ReportDataException(name + " line " + number + ": a second figure for " + p.build() + " "
                            + p.operation() + " at N = " + p.n() + " in run " + p.run());
                }
                figures.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!sawColumns) {
            throw new ReportDataException(name + ": no header line " + String.join(",", COLUMNS));
        }
        return new Contents(header, figures);
    }

    private static PeerFigure parse(List<String> f, String name, int number) {
        if (f.size() != COLUMNS.size()) {
            throw new ReportDataException(name + " line " + number + ": " + f.size() + " fields, expected "
                    + COLUMNS.size() + " (" + String.join(",", COLUMNS) + "): " + f);
        }
        try {
            return new PeerFigure(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), integer(f.get(5), "N"),
                    number(f.get(6), "log2q"), number(f.get(7), "median_ms"), integer(f.get(8), "iterations"));
        } catch (ReportDataException e) {
            throw new ReportDataException(name + " line " + number + ": " + e.getMessage());
        }
    }

    private static int integer(String s, String column) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new ReportDataException(column + " must be an integer, got '" + s + "'");
        }
    }

    private static double number(String s, String column) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ReportDataException(column + " must be a number, got '" + s + "'");
        }
    }

    /** One row of the file for {@code p}, without a line break. */
    public static String format(PeerFigure p) {
        return String.join(",", Csv.quote(p.run()), Csv.quote(p.library()), Csv.quote(p.version()), Csv.quote(p.flags()),
                Csv.quote(p.operation()), Integer.toString(p.n()), String.format(Locale.ROOT, "%.1f", p.log2q()),
                String.format(Locale.ROOT, "%.6g", p.medianMillis()), Integer.toString(p.iterations()));
    }
}
