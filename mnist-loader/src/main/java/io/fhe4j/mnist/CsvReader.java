package io.fhe4j.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a CSV or TSV file of numeric features and one label column into a {@link TabularDataset}.
 *
 * <pre>{@code
 * TabularDataset iris = CsvReader.builder().labelColumn("species").build().read(Path.of("iris.csv"));
 * }</pre>
 *
 * <p>Format: UTF-8 text, one row per line (blank lines skipped), cells separated by the delimiter (default: tab
 * for a {@code .tsv} file, otherwise comma), a cell may be double-quoted ({@code ""} inside quotes is one quote;
 * no line breaks inside quotes). Every feature cell is a finite decimal number; the label cell is any non-empty
 * text. Classes are the distinct label texts, numbered in numeric order when every label is an integer, else in
 * lexicographic order, unless {@link Builder#classes(List)} fixes them (for a test file: the training
 * file's classes); {@link TabularDataset#classNames()} keeps the texts.
 *
 * <p>The first line is a header if {@link Builder#header(boolean)} says so, or, by default, if one of its feature
 * cells is not a number. The label column is given by 0-based index, by header name, or is the last column.
 *
 * <p>The input is treated as hostile: lines, rows, columns and classes are bounded before anything is allocated
 * for them, and every error is a {@link MalformedCsvException} naming the file, the 1-based line and column (and
 * the header name) and the value, or a {@link DataTooLargeException} naming the bound. Immutable and thread-safe.
 */
public final class CsvReader {
    private final Character delimiter;
    private final Boolean header;
    private final Integer labelIndex;
    private final String labelName;
    private final List<String> classes;
    private final int maxRows;
    private final int maxColumns;
    private final int maxLineChars;
    private final long maxCells;

    private CsvReader(Builder b) {
        this.delimiter = b.delimiter;
        this.header = b.header;
        this.labelIndex = b.labelIndex;
        this.labelName = b.labelName;
        this.classes = b.classes;
        this.maxRows = b.maxRows;
        this.maxColumns = b.maxColumns;
        this.maxLineChars = b.maxLineChars;
        this.maxCells = b.maxCells;
    }

    /** A builder with the defaults: delimiter from the extension, header detected, label in the last column. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads {@code file} with the default options. */
    public static TabularDataset readFile(Path file) {
        return builder().build().read(file);
    }

    /**
     * Reads a file.
     *
     * @throws DataNotFoundException  if it does not exist
     * @throws MalformedCsvException  if its content is not a table of numbers with a label column
     * @throws DataTooLargeException  if it exceeds a bound
     * @throws TooFewClassesException if its labels name fewer than two classes
     */
    public TabularDataset read(Path file) {
        char d = delimiter != null ? delimiter
                : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), d);
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + " does not exist; check the path of the CSV file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UncheckedIOException(file + " cannot be read (no read permission); make it readable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a stream (to its end, not closed); {@code name} is used in messages, the delimiter defaults to comma. */
    public TabularDataset read(InputStream in, String name) {
        return read(in, name, delimiter != null ? delimiter : ',');
    }

    private TabularDataset read(InputStream in, String name, char delim) {
        InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        BoundedLines lines = new BoundedLines(reader, name, maxLineChars);
        String line = nextNonBlank(lines);
        if (line == null) {
            throw new MalformedCsvException(name + " is empty; expected rows of numbers with a label column");
        }
        List<String> first = cells(line, delim, name, lines.lineNumber());
        int columns = first.size();
        if (columns > maxColumns) {
            throw new DataTooLargeException(name + " line " + lines.lineNumber() + " has " + columns + " columns,"
                    + " more than the limit " + maxColumns + "; raise it with maxColumns(...) if the file is genuine");
        }
        if (columns < 2) {
            throw new MalformedCsvException(name + " line " + lines.lineNumber() + " has one column"
                    + (delim == ',' ? " (no comma)" : "") + "; expected at least one feature and a label"
                    + (delim == ',' ? ". If the file is tab-separated, name it .tsv or set delimiter('\\t')" : ""));
        }
        boolean hasHeader;
        int label;
        if (labelName != null) {
            if (Boolean.FALSE.equals(header)) {
                throw new IllegalArgumentException("labelColumn(\"" + labelName + "\") needs a header line, but"
                        + " header(false) was set");
            }
            hasHeader = true;
            label = first.indexOf(labelName);
            if (label < 0) {
                throw new MalformedCsvException(name + " line " + lines.lineNumber() + ": no column is named \""
                        + labelName + "\"; the header names " + shorten(first.toString()));
            }
        } else {
            label = labelIndex == null ? columns - 1 : labelIndex;
            if (label >= columns) {
                throw new MalformedCsvException(name + " line " + lines.lineNumber() + " has " + columns
                        + " columns, so there is no label column " + label + " (0-based); give labelColumn(0.."
                        + (columns - 1) + ")");
            }
            hasHeader = header != null ? header : detectHeader(first, label, name);
        }
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (c != label) {
                featureNames.add(hasHeader ? first.get(c) : "x" + featureNames.size());
            }
        }
        int dim = columns - 1;
        double[] features = new double[(int) Math.min(4096, maxCells)];
        int[] rowLabels = new int[1024];
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        if (classes != null) {
            for (String c : classes) {
                ids.put(c, names.size());
                names.add(c);
            }
        }
        int rows = 0;
        List<String> row = hasHeader ? null : first;
        int rowLine = lines.lineNumber();
        while (true) {
            if (row == null) {
                String l = nextNonBlank(lines);
                if (l == null) {
                    break;
                }
                rowLine = lines.lineNumber();
                row = cells(l, delim, name, rowLine);
            }
            if (row.size() != columns) {
                throw new MalformedCsvException(name + " line " + rowLine + " has " + row.size() + " cells but "
                        + (hasHeader ? "the header" : "line 1") + " has " + columns + "; every row needs the same"
                        + " number of cells (a ragged row, or a " + describe(delim) + " inside an unquoted cell)");
            }
            if (rows == maxRows) {
                throw new DataTooLargeException(name + " has more than " + maxRows + " rows (at line " + rowLine
                        + "); raise the limit with maxRows(...) if the file is genuine");
            }
            long need = (long) (rows + 1) * dim;
            if (need > maxCells) {
                throw new DataTooLargeException(name + " has more than " + maxCells + " feature values (at line "
                        + rowLine + "); raise the limit with maxCells(...) if the file is genuine");
            }
            if (need > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(maxCells, Math.max(need, 2L * features.length)));
            }
            if (rows == rowLabels.length) {
                rowLabels = Arrays.copyOf(rowLabels, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * rows));
            }
            int o = rows * dim;
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c).strip();
                if (c == label) {
                    if (cell.isEmpty()) {
                        throw new MalformedCsvException(where(name, rowLine, c, hasHeader, first)
                                + " is empty: the label is missing; every row needs a label");
                    }
                    Integer id = ids.get(cell);
                    if (id == null && classes != null) {
                        throw new MalformedCsvException(where(name, rowLine, c, hasHeader, first) + " is \""
                                + shorten(cell) + "\", not one of the classes given, " + shorten(classes.toString())
                                + "; a test file's labels must be classes of the training data");
                    }
                    if (id == null) {
                        if (names.size() == TabularDataset.MAX_CLASSES) {
                            throw new DataTooLargeException(name + " line " + rowLine + ": more than "
                                    + TabularDataset.MAX_CLASSES + " distinct labels; is the label column right"
                                    + " (labelColumn(...))?");
                        }
                        id = names.size();
                        ids.put(cell, id);
                        names.add(cell);
                    }
                    rowLabels[rows] = id;
                } else {
                    features[o++] = number(cell, where(name, rowLine, c, hasHeader, first));
                }
            }
            rows++;
            row = null;
        }
        if (rows == 0) {
            throw new MalformedCsvException(name + " has a header but no data rows");
        }
        int[] rank = classes != null ? identity(names.size()) : classOrder(names);
        List<String> classNames = new ArrayList<>(Arrays.asList(new String[names.size()]));
        for (int k = 0; k < names.size(); k++) {
            classNames.set(rank[k], names.get(k));
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rank[rowLabels[i]];
        }
        if (classes == null && classNames.size() < 2) {
            throw new TooFewClassesException(name + ": every one of the " + rows + " rows has the label \""
                    + classNames.get(0) + "\" (column " + (label + 1) + "); a classifier needs at least two classes."
                    + " Is the label column right (labelColumn(...))?");
        }
        return new TabularDataset(Arrays.copyOf(features, rows * dim), dim, labels, classNames, featureNames);
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** For each label text (in order of first appearance) its class index: numeric order if all are integers. */
    private static int[] classOrder(List<String> names) {
        Integer[] order = new Integer[names.size()];
        boolean numeric = true;
        long[] values = new long[names.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
            try {
                values[k] = Long.parseLong(names.get(k));
            } catch (NumberFormatException e) {
                numeric = false;
            }
        }
        boolean byNumber = numeric;
        Arrays.sort(order, (a, b) -> byNumber ? Long.compare(values[a], values[b])
                : names.get(a).compareTo(names.get(b)));
        int[] rank = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    private static double number(String cell, String where) {
        if (cell.isEmpty()) {
            throw new MalformedCsvException(where + " is empty; every feature needs a value (fill or drop missing"
                    + " values before training)");
        }
        double v;
        try {
            char last = cell.charAt(cell.length() - 1);
            if (!Character.isDigit(last) && last != '.') {
                throw new NumberFormatException();
            }
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new MalformedCsvException(where + " is \"" + shorten(cell) + "\", which is not a number; feature"
                    + " columns must be numeric (encode categories as numbers, or choose the label column)");
        }
        if (!Double.isFinite(v)) {
            throw new MalformedCsvException(where + " is " + cell + ", which is not a finite number");
        }
        return v;
    }

    /**
     * A first line whose feature cells are all numbers is data, one whose feature cells are all text is a header;
     * a mix is neither (a damaged first row would otherwise be dropped as a header) and is refused.
     */
    private static boolean detectHeader(List<String> cells, int label, String name) {
        int numeric = 0;
        int firstText = -1;
        for (int c = 0; c < cells.size(); c++) {
            if (c != label) {
                try {
                    number(cells.get(c).strip(), "");
                    numeric++;
                } catch (MalformedCsvException e) {
                    firstText = firstText < 0 ? c : firstText;
                }
            }
        }
        if (numeric > 0 && firstText >= 0) {
            throw new MalformedCsvException(name + " line 1, column " + (firstText + 1) + " is \""
                    + shorten(cells.get(firstText)) + "\" but other cells of the line are numbers: it is neither"
                    + " a header nor a data row. Fix the cell, or set header(true) if the line is a header");
        }
        return firstText >= 0;
    }

    private static String where(String name, int line, int column, boolean hasHeader, List<String> header) {
        return name + " line " + line + ", column " + (column + 1)
                + (hasHeader ? " (\"" + shorten(header.get(column)) + "\")" : "");
    }

    private static String nextNonBlank(BoundedLines lines) {
        String l;
        do {
            l = lines.next();
        } while (l != null && l.isBlank());
        return l;
    }

    /** Splits one line into cells, honouring double quotes. */
    static List<String> cells(String line, char delim, String name, int lineNumber) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            cell.setLength(0);
            int start = i;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                int open = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedCsvException(name + " line " + lineNumber + ", column " + (out.size() + 1)
                                + ": the quote opened at character " + (open + 1) + " is never closed (line breaks"
                                + " inside quotes are not supported)");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(ch);
                    }
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != delim) {
                    throw new MalformedCsvException(name + " line " + lineNumber + ", column " + (out.size() + 1)
                            + ": text after the closing quote at character " + i + "; quote the whole cell");
                }
            } else {
                i = start;
                while (i < n && line.charAt(i) != delim) {
                    cell.append(line.charAt(i++));
                }
            }
            out.add(cell.toString());
            if (i >= n) {
                return out;
            }
            i++;
        }
    }

    private static String describe(char delim) {
        return delim == '\t' ? "tab" : delim == ',' ? "comma" : "'" + delim + "'";
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** Collects the options; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private Character delimiter;
        private Boolean header;
        private Integer labelIndex;
        private String labelName;
        private List<String> classes;
        private int maxRows = 10_000_000;
        private int maxColumns = Scaler.MAX_FEATURES + 1;
        private int maxLineChars = 1 << 20;
        private long maxCells = 50_000_000;

        private Builder() {
        }

        /** The cell separator, e.g. {@code ','}, {@code '\t'} or {@code ';'}; not a quote or line break. */
        public Builder delimiter(char c) {
            if (c == '"' || c == '\n' || c == '\r' || c == ' ') {
                throw new IllegalArgumentException("delimiter cannot be " + Objects.toString((int) c));
            }
            this.delimiter = c;
            return this;
        }

        /** Whether the first line is a header (names the columns); by default it is detected. */
        public Builder header(boolean present) {
            this.header = present;
            return this;
        }

        /** The label column by 0-based index. */
        public Builder labelColumn(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("label column index must be >= 0, got " + index);
            }
            this.labelIndex = index;
            this.labelName = null;
            return this;
        }

        /** The label column by its header name (implies a header). */
        public Builder labelColumn(String name) {
            Objects.requireNonNull(name, "name");
            this.labelName = name;
            this.labelIndex = null;
            return this;
        }

        /**
         * Fixes the classes instead of counting them from the file: label {@code c} is {@code names.get(c)}, and a
         * label text not in the list is an error. For a test file, pass the training data's
         * {@link TabularDataset#classNames()} so both number the classes alike (the test file may lack some).
         */
        public Builder classes(List<String> names) {
            List<String> copy = List.copyOf(names);
            if (copy.size() < 2 || copy.size() > TabularDataset.MAX_CLASSES
                    || new java.util.HashSet<>(copy).size() != copy.size() || copy.contains("")) {
                throw new IllegalArgumentException("classes must be 2.." + TabularDataset.MAX_CLASSES
                        + " distinct non-empty names, got " + (copy.size() > 20 ? copy.size() + " names" : copy));
            }
            this.classes = copy;
            return this;
        }

        /** At most this many data rows (default 10,000,000). */
        public Builder maxRows(int rows) {
            this.maxRows = positive(rows, "maxRows");
            return this;
        }

        /** At most this many columns, 2..65,537 (the default: a label and {@link Scaler#MAX_FEATURES} features). */
        public Builder maxColumns(int columns) {
            if (columns < 2 || columns > Scaler.MAX_FEATURES + 1) {
                throw new IllegalArgumentException("maxColumns must be 2.." + (Scaler.MAX_FEATURES + 1) + ", got "
                        + columns);
            }
            this.maxColumns = columns;
            return this;
        }

        /** At most this many characters a line (default 1,048,576). */
        public Builder maxLineChars(int chars) {
            this.maxLineChars = positive(chars, "maxLineChars");
            return this;
        }

        /** At most this many feature values in all (default 50,000,000, 400 MB of doubles). */
        public Builder maxCells(long cells) {
            if (cells < 1 || cells > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxCells must be 1.." + (Integer.MAX_VALUE - 8) + ", got " + cells);
            }
            this.maxCells = cells;
            return this;
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, got " + v);
            }
            return v;
        }

        /** The reader. */
        public CsvReader build() {
            return new CsvReader(this);
        }
    }
}
