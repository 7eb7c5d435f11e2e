package io.fhe4j.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV reader (RFC 4180: comma separated, fields optionally in double quotes, a doubled
 * quote inside quotes is one quote, quoted fields may hold commas but not line breaks). Blank lines
 * and lines starting with {@code #} are skipped, so hand-written files can carry comments.
 * Stateless and thread-safe.
 */
final class Csv {
    private Csv() {
    }

    /** Every non-blank, non-comment line of {@code in}, split into fields. */
    static List<List<String>> read(Reader in) {
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(in)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                rows.add(split(line, number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The fields of one line; {@code number} only names the line in error messages. */
    static List<String> split(String line, int number) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new ReportDataException("line " + number + ": quote inside an unquoted field at column "
                            + (i + 1) + ": " + line);
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new ReportDataException("line " + number + ": unterminated quoted field: " + line);
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields;
    }

    /** {@code value} quoted for CSV when it holds a comma, quote or leading/trailing space. */
    static String quote(String value) {
        if (value.contains(",") || value.contains("\"") || !value.equals(value.trim())) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
