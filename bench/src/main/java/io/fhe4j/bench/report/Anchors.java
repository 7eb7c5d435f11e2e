package io.fhe4j.bench.report;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code anchors.csv}: a header naming the columns {@code id, suite, benchmark, ring,
 * operation, unit, helib, seal, primary, source, machine, note} (in any order), then one row per
 * published figure. {@code primary} is empty, {@code helib}, {@code seal} or {@code helib seal}.
 * Checked on reading: ids are unique, and at most one row per (suite, benchmark, ring) is primary
 * for each of HElib and SEAL. Stateless and thread-safe.
 */
public final class Anchors {
    /** The classpath resource shipped in the jars, copied from {@code docs/DESIGN.md}. */
    public static final String RESOURCE = "/anchors.csv";

    private static final List<String> COLUMNS = List.of("id", "suite", "benchmark", "ring", "operation", "unit",
            "helib", "seal", "primary", "source", "machine", "note");

    private Anchors() {
    }

    /** The anchors shipped with the bench module. */
    public static List<Anchor> load() {
        try (InputStream in = Anchors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ReportDataException("resource " + RESOURCE + " is missing from the classpath");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The anchors in {@code in}. */
    public static List<Anchor> read(Reader in) {
        List<List<String>> rows = Csv.read(in);
        if (rows.isEmpty()) {
            throw new ReportDataException("anchors: empty file (expected a header " + COLUMNS + ")");
        }
        List<String> header = rows.get(0);
        Map<String, Integer> at = new HashMap<>();
        for (String c : COLUMNS) {
            int i = header.indexOf(c);
            if (i < 0) {
                throw new ReportDataException("anchors: no column '" + c + "' in header " + header);
            }
            at.put(c, i);
        }
        List<Anchor> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> primaries = new HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new ReportDataException("anchors row " + (r + 1) + " has " + row.size() + " fields, the header "
                        + header.size() + ": " + row);
            }
            String primary = row.get(at.get("primary"));
            Set<String> flags = new HashSet<>(List.of(primary.trim().isEmpty() ? new String[0] : primary.trim().split("\\s+")));
            if (!Set.of("helib", "seal").containsAll(flags)) {
                throw new ReportDataException("anchors row " + (r + 1) + ": primary must be empty, 'helib', 'seal' or "
                        + "'helib seal', got '" + primary + "'");
            }
            Anchor a;
            try {
                a = new Anchor(row.get(at.get("id")), row.get(at.get("suite")), row.get(at.get("benchmark")),
                        row.get(at.get("ring")), row.get(at.get("operation")), row.get(at.get("unit")),
                        Figure.parse(row.get(at.get("helib"))), Figure.parse(row.get(at.get("seal"))),
                        flags.contains("helib"), flags.contains("seal"), row.get(at.get("source")),
                        row.get(at.get("machine")), row.get(at.get("note")));
            } catch (ReportDataException e) {
                throw new ReportDataException("anchors row " + (r + 1) + ": " + e.getMessage());
            }
            if (!ids.add(a.id())) {
                throw new ReportDataException("anchors row " + (r + 1) + ": duplicate id " + a.id());
            }
            String where = a.suite() + "." + a.benchmark() + " at " + a.ring();
            if (a.primaryHelib() && !primaries.add("helib " + where)) {
                throw new ReportDataException("anchors row " + (r + 1) + " (" + a.id() + "): a second primary HElib row for "
                        + where);
            }
            if (a.primarySeal() && !primaries.add("seal " + where)) {
                throw new ReportDataException("anchors row " + (r + 1) + " (" + a.id() + "): a second primary SEAL row for "
                        + where);
            }
            out.add(a);
        }
        return List.copyOf(out);
    }
}
