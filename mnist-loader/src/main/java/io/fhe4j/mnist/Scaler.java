package io.fhe4j.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Per-feature scaling of tabular features into the fixed-point range, fitted by the data owner on its plaintext
 * training rows and saved with the model so that later predictions scale their inputs the same way.
 *
 * <p>Each feature {@code j} has an {@code offset} and a {@code divisor}: {@code y = (x - offset) / divisor},
 * clamped to the kind's range; a feature with divisor 0 (constant in the training data) maps to 0.
 * <ul>
 *   <li>{@link Kind#MIN_MAX}: offset = the training minimum, divisor = maximum - minimum; training values land in
 *       [0, 1] (the minimum on 0, the maximum on 1), later values are clamped to [0, 1].</li>
 *   <li>{@link Kind#STANDARDIZE}: offset = the training mean, divisor = the population standard deviation (both
 *       two-pass in doubles, in row order); values are clamped to
 *       [-{@value #STANDARDIZE_LIMIT}, {@value #STANDARDIZE_LIMIT}] so the fixed-point range stays bounded.</li>
 * </ul>
 *
 * <p>Saved form ({@link #write}, {@link #read}), UTF-8 text, lines ending with {@code \n}:
 * <pre>
 * fhe4j-scaler 1
 * kind min-max            (or: kind standardize)
 * features 3
 * 0x1.0p0 0x1.8p1         (offset divisor of feature 0, as Double.toHexString: exact)
 * ...                     (one line per feature)
 * </pre>
 * Reading checks every line and refuses more than {@value #MAX_FEATURES} features, a value that is not finite, a
 * negative divisor, missing or extra lines. Immutable and thread-safe.
 */
public final class Scaler {
    /** The bound on standardized values: they are clamped to {@code [-4, 4]}. */
    public static final double STANDARDIZE_LIMIT = 4.0;
    /** The most features a scaler (and a tabular dataset read from a file) may have by default. */
    public static final int MAX_FEATURES = 1 << 16;

    private static final String MAGIC = "fhe4j-scaler 1";
    private static final int MAX_LINE = 200;

    /** How the features are scaled. */
    public enum Kind {
        /** Training minimum to 0, maximum to 1; clamped to [0, 1]. */
        MIN_MAX("min-max"),
        /** Subtract the training mean, divide by the standard deviation; clamped to +-{@link #STANDARDIZE_LIMIT}. */
        STANDARDIZE("standardize");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** The name used in the saved form. */
        public String text() {
            return text;
        }
    }

    private final Kind kind;
    private final double[] offset;
    private final double[] divisor;

    private Scaler(Kind kind, double[] offset, double[] divisor) {
        this.kind = kind;
        this.offset = offset;
        this.divisor = divisor;
    }

    /** Fits a scaler of the given kind on all rows of {@code train} (the owner's plaintext training data). */
    public static Scaler fit(TabularDataset train, Kind kind) {
        return fit(train.flatFeatures(), train.dimension(), kind);
    }

    /**
     * Fits a scaler on row-major {@code features} ({@code n * dimension} finite values, {@code n >= 1}); not
     * modified.
     */
    public static Scaler fit(double[] features, int dimension, Kind kind) {
        Objects.requireNonNull(kind, "kind");
        if (dimension < 1 || features.length == 0 || features.length % dimension != 0) {
            throw new IllegalArgumentException(features.length + " values are not a positive number of rows of "
                    + dimension + " features");
        }
        if (dimension > MAX_FEATURES) {
            throw new DataTooLargeException(dimension + " features are more than a scaler holds (" + MAX_FEATURES
                    + "); reduce the features first");
        }
        int n = features.length / dimension;
        double[] off = new double[dimension];
        double[] div = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            if (kind == Kind.MIN_MAX) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double x = features[i * dimension + j];
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                off[j] = min;
                div[j] = max - min;
            } else {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += features[i * dimension + j];
                }
                double mean = sum / n;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double d = features[i * dimension + j] - mean;
                    sq += d * d;
                }
                off[j] = mean;
                div[j] = Math.sqrt(sq / n);
            }
            if (!Double.isFinite(off[j]) || !Double.isFinite(div[j])) {
                throw new IllegalArgumentException("feature " + j + " has offset " + off[j] + " and divisor "
                        + div[j] + "; its values are not finite or too large to scale");
            }
        }
        return new Scaler(kind, off, div);
    }

    /** The kind of scaling. */
    public Kind kind() {
        return kind;
    }

    /** Number of features. */
    public int dimension() {
        return offset.length;
    }

    /** The value subtracted from each feature; a fresh copy. */
    public double[] offsets() {
        return offset.clone();
    }

    /** The value each feature is divided by after the offset (0 for a constant feature); a fresh copy. */
    public double[] divisors() {
        return divisor.clone();
    }

    /** Scales one value of feature {@code j} as described above. */
    public double apply(int j, double x) {
        if (divisor[j] == 0) {
            return 0;
        }
        double y = (x - offset[j]) / divisor[j];
        return kind == Kind.MIN_MAX ? clamp(y, 0, 1) : clamp(y, -STANDARDIZE_LIMIT, STANDARDIZE_LIMIT);
    }

    /** Scales one row of {@link #dimension()} features into a new array; {@code row} is not modified. */
    public double[] transform(double[] row) {
        checkDimension(row.length);
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = apply(j, row[j]);
        }
        return out;
    }

    /** Scales row-major features ({@code n * dimension} values) into a new array; the input is not modified. */
    double[] transform(double[] features, int dimension) {
        checkDimension(dimension);
        double[] out = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            out[i] = apply(i % dimension, features[i]);
        }
        return out;
    }

    private void checkDimension(int d) {
        if (d != offset.length) {
            throw new IllegalArgumentException("rows have " + d + " features but this scaler was fitted on "
                    + offset.length + "; use the scaler saved with this model's training data");
        }
    }

    private static double clamp(double y, double lo, double hi) {
        return y < lo ? lo : (y > hi ? hi : y);
    }

    /** Writes the saved form to {@code out} (not closed). */
    public void write(OutputStream out) {
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(MAGIC + "\nkind " + kind.text() + "\nfeatures " + offset.length + "\n");
            for (int j = 0; j < offset.length; j++) {
                w.write(Double.toHexString(offset[j]) + " " + Double.toHexString(divisor[j]) + "\n");
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the scaler: " + e.getMessage(), e);
        }
    }

    /**
     * Saves to a new file, readable by its owner only where the file system supports POSIX permissions (the
     * statistics describe the owner's private data); never overwrites.
     *
     * @throws IllegalStateException if {@code file} already exists
     */
    public void save(Path file) {
        try {
            if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
            } else {
                Files.createFile(file);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                write(out);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " already exists; a saved scaler is never overwritten: choose"
                    + " another name or remove the old file yourself", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the saved form from {@code in} (read to its end, not closed); {@code name} is used in messages.
     *
     * @throws MalformedScalerException if the text is not the documented form
     */
    public static Scaler read(InputStream in, String name) {
        InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        BoundedLines lines = new BoundedLines(reader, name, MAX_LINE);
        expect(lines, MAGIC, name, "the first line");
        String kindLine = require(lines, name, "the kind line");
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (kindLine.equals("kind " + k.text())) {
                kind = k;
            }
        }
        if (kind == null) {
            throw bad(name, lines, "is \"" + kindLine + "\", expected \"kind min-max\" or \"kind standardize\"");
        }
        String countLine = require(lines, name, "the features line");
        int count;
        try {
            if (!countLine.startsWith("features ")) {
                throw new NumberFormatException();
            }
            count = Integer.parseInt(countLine.substring(9));
        } catch (NumberFormatException e) {
            throw bad(name, lines, "is \"" + countLine + "\", expected \"features N\"");
        }
        if (count < 1 || count > MAX_FEATURES) {
            throw bad(name, lines, "announces " + count + " features, expected 1.." + MAX_FEATURES);
        }
        double[] off = new double[count];
        double[] div = new double[count];
        for (int j = 0; j < count; j++) {
            String line = require(lines, name, "feature " + j + " of " + count);
            String[] parts = line.split(" ", -1);
            if (parts.length != 2) {
                throw bad(name, lines, "is \"" + line + "\", expected two numbers: offset divisor");
            }
            off[j] = number(parts[0], name, lines);
            div[j] = number(parts[1], name, lines);
            if (div[j] < 0) {
                throw bad(name, lines, "has divisor " + div[j] + "; a divisor is >= 0");
            }
        }
        String extra;
        while ((extra = lines.next()) != null) {
            if (!extra.isEmpty()) {
                throw bad(name, lines, "follows the " + count + " announced features; the file holds more than"
                        + " one scaler or is damaged");
            }
        }
        return new Scaler(kind, off, div);
    }

    /** Reads a file written by {@link #save}. */
    public static Scaler load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + " does not exist; give the scaler file saved with the model");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UncheckedIOException(file + " cannot be read (no read permission); make it readable", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static double number(String s, String name, BoundedLines lines) {
        try {
            if (s.isEmpty() || Character.isWhitespace(s.charAt(0))
                    || Character.isWhitespace(s.charAt(s.length() - 1))) {
                throw new NumberFormatException();
            }
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw bad(name, lines, "holds " + s + "; every value must be finite");
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(name, lines, "holds \"" + s + "\", which is not a number");
        }
    }

    private static void expect(BoundedLines lines, String want, String name, String what) {
        String got = require(lines, name, what);
        if (!got.equals(want)) {
            throw bad(name, lines, "is \"" + shorten(got) + "\", expected \"" + want + "\": not a saved fhe4j"
                    + " scaler");
        }
    }

    private static String require(BoundedLines lines, String name, String what) {
        String s = lines.next();
        if (s == null) {
            throw new MalformedScalerException(name + " ends before " + what + " (after line "
                    + lines.lineNumber() + "); the file is cut short");
        }
        return s;
    }

    private static MalformedScalerException bad(String name, BoundedLines lines, String what) {
        return new MalformedScalerException(name + " line " + lines.lineNumber() + " " + what);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && s.kind == kind && Arrays.equals(s.offset, offset)
                && Arrays.equals(s.divisor, divisor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(offset), Arrays.hashCode(divisor));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Scaler[%s, %d features]", kind.text(), offset.length);
    }
}
