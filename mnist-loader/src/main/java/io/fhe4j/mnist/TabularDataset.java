package io.fhe4j.mnist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Labelled rows of real-valued features, the tabular counterpart of {@link Dataset}: {@code size()} rows of
 * {@code dimension()} finite doubles and one label {@code 0..classes()-1} per row, with a name per class (the
 * label text of a CSV file, or the label number) and per feature (a CSV header, or {@code x0, x1, ...}).
 *
 * <p>Made by {@link CsvReader}, by {@link #of(double[][], int[])} or by {@link #builder()}. Before training, fit a
 * {@link Scaler} on the training rows and apply it to every split ({@link #scaled(Scaler)}); then
 * {@link #fixedPoint(int)} gives the features as the fixed-point trainer takes them, laid out like
 * {@link Dataset#fixedPoint(int)}.
 *
 * <p>Invariants: {@code size() >= 1}, {@code dimension() >= 1}, every feature finite, every label below
 * {@code classes()}. Immutable and thread-safe; every array returned is a fresh copy.
 */
public final class TabularDataset {
    /** The most classes a tabular dataset may have. */
    public static final int MAX_CLASSES = 1 << 16;

    private final double[] features;
    private final int dimension;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> featureNames;

    /** Takes ownership of validated arrays. */
    TabularDataset(double[] features, int dimension, int[] labels, List<String> classNames,
                   List<String> featureNames) {
        this.features = features;
        this.dimension = dimension;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.featureNames = List.copyOf(featureNames);
    }

    /**
     * A dataset from copies of the given rows and labels; the classes are {@code 0..max(labels)}, named by their
     * numbers, features are named {@code x0, x1, ...}.
     *
     * @param features one row per item, all of the same length {@code >= 1}, every value finite; not modified
     * @param labels   one label {@code >= 0} per row, at least two distinct values; not modified
     * @throws IllegalArgumentException if the shapes disagree, a row is ragged or a value is not finite
     * @throws TooFewClassesException   if the labels name fewer than two classes
     */
    public static TabularDataset of(double[][] features, int[] labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.length != labels.length) {
            throw new IllegalArgumentException("features has " + features.length + " rows but labels has "
                    + labels.length + "; give one label per row");
        }
        Builder b = builder();
        for (int i = 0; i < features.length; i++) {
            b.add(features[i], labels[i]);
        }
        return b.build();
    }

    /** A builder that collects rows one at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of rows (and labels). */
    public int size() {
        return labels.length;
    }

    /** Features per row. */
    public int dimension() {
        return dimension;
    }

    /** Number of classes: labels are {@code 0..classes()-1}. */
    public int classes() {
        return classNames.size();
    }

    /** The name of each class, indexed by label: the CSV label text, or the label number. */
    public List<String> classNames() {
        return classNames;
    }

    /** The name of each feature: the CSV header, or {@code x0, x1, ...}. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Feature {@code j} of row {@code i}. */
    public double feature(int i, int j) {
        Objects.checkIndex(i, size());
        Objects.checkIndex(j, dimension);
        return features[i * dimension + j];
    }

    /** Row {@code i}; a fresh copy. */
    public double[] row(int i) {
        Objects.checkIndex(i, size());
        return Arrays.copyOfRange(features, i * dimension, (i + 1) * dimension);
    }

    /** All rows as {@code size() x dimension()}; a fresh copy. */
    public double[][] features() {
        double[][] out = new double[size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = row(i);
        }
        return out;
    }

    /** All features row-major, {@code size() * dimension()} values; a fresh copy. */
    public double[] flatFeatures() {
        return features.clone();
    }

    /** Label of row {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** All labels; a fresh copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** How many rows carry each label; length {@code classes()}. */
    public int[] labelHistogram() {
        int[] counts = new int[classes()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** This dataset with every row passed through {@code scaler} (fitted on the training rows). */
    public TabularDataset scaled(Scaler scaler) {
        return new TabularDataset(scaler.transform(features, dimension), dimension, labels, classNames, featureNames);
    }

    /** All features row-major as floats, for the float trainer ({@code Samples}); call after {@link #scaled}. */
    public float[] normalized() {
        float[] out = new float[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) features[i];
        }
        return out;
    }

    /**
     * All features row-major as fixed-point numbers with {@code fractionBits} fractional bits,
     * {@code q = floor(x * 2^f + 1/2)} (round half up), laid out like {@link Dataset#fixedPoint(int)}. Call after
     * {@link #scaled}: a scaled value lies in {@code [-Scaler.STANDARDIZE_LIMIT, Scaler.STANDARDIZE_LIMIT]}.
     *
     * @param fractionBits 0..24
     * @throws ArithmeticException if a value is too large for an int at this precision (scale the data first)
     */
    public int[] fixedPoint(int fractionBits) {
        if (fractionBits < 0 || fractionBits > 24) {
            throw new IllegalArgumentException("fractionBits must be 0..24, got " + fractionBits);
        }
        double one = 1 << fractionBits;
        int[] out = new int[features.length];
        for (int i = 0; i < out.length; i++) {
            double q = Math.floor(features[i] * one + 0.5);
            if (q > Integer.MAX_VALUE || q < Integer.MIN_VALUE) {
                throw new ArithmeticException("feature " + featureNames.get(i % dimension) + " of row "
                        + i / dimension + " is " + features[i] + ", too large for " + fractionBits
                        + " fraction bits; scale the data first (TabularDataset.scaled(Scaler.fit(...)))");
            }
            out[i] = (int) q;
        }
        return out;
    }

    /** The rows at the given indices, in that order (repeats allowed); {@code indices} is not modified. */
    public TabularDataset select(int[] indices) {
        double[] f = new double[indices.length * dimension];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = Objects.checkIndex(indices[i], size());
            System.arraycopy(features, k * dimension, f, i * dimension, dimension);
            l[i] = labels[k];
        }
        return new TabularDataset(f, dimension, l, classNames, featureNames);
    }

    /**
     * A stratified split: a fraction {@code testFraction} of each class is held out as the test set, chosen by
     * {@link StratifiedSplit} from {@code seed} alone; both parts keep the original row order.
     */
    public Split split(double testFraction, long seed) {
        int[][] parts = StratifiedSplit.indices(labels, classes(), testFraction, seed);
        return new Split(select(parts[0]), select(parts[1]));
    }

    @Override
    public String toString() {
        return "TabularDataset[" + size() + " rows of " + dimension + " features, " + classes() + " classes]";
    }

    /**
     * The two disjoint parts made by {@link #split(double, long)}; together they hold every row exactly once.
     *
     * @param train the rows to train on (and to fit the scaler on)
     * @param test  the held-out rows
     */
    public record Split(TabularDataset train, TabularDataset test) {
        /** Checks that neither part is null. */
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }

    /**
     * Collects rows one at a time: {@link #add(double[], int)} with numeric labels (classes {@code 0..max}) or
     * {@link #add(double[], String)} with label names (classes in order of first appearance); not both. Not
     * thread-safe.
     */
    public static final class Builder {
        private double[] features = new double[64];
        private int[] labels = new int[8];
        private int size;
        private int dimension = -1;
        private List<String> featureNames;
        private final List<String> names = new ArrayList<>();
        private final java.util.Map<String, Integer> byName = new java.util.HashMap<>();
        private Boolean named;

        private Builder() {
        }

        /** Names the features (the default is {@code x0, x1, ...}); the count must match every row. */
        public Builder featureNames(List<String> names) {
            List<String> copy = List.copyOf(names);
            if (copy.isEmpty() || (dimension >= 0 && copy.size() != dimension)) {
                throw new IllegalArgumentException(copy.size() + " feature names for rows of " + dimension
                        + " features");
            }
            dimension = copy.size();
            featureNames = copy;
            return this;
        }

        /** Adds a row (copied) with a numeric label {@code >= 0}. */
        public Builder add(double[] row, int label) {
            if (label < 0) {
                throw new IllegalArgumentException("row " + size + ": label " + label + " is negative; labels are"
                        + " class numbers 0, 1, 2, ...");
            }
            mode(false);
            append(row, label);
            return this;
        }

        /** Adds a row (copied) whose class is named {@code label} (non-empty). */
        public Builder add(double[] row, String label) {
            Objects.requireNonNull(label, "label");
            if (label.isEmpty()) {
                throw new IllegalArgumentException("row " + size + ": the label is empty");
            }
            mode(true);
            Integer k = byName.get(label);
            if (k == null) {
                k = names.size();
                byName.put(label, k);
                names.add(label);
            }
            append(row, k);
            return this;
        }

        private void mode(boolean byName) {
            if (named != null && named != byName) {
                throw new IllegalStateException("add rows either all with int labels or all with String labels");
            }
            named = byName;
        }

        private void append(double[] row, int label) {
            Objects.requireNonNull(row, "row");
            if (dimension < 0) {
                if (row.length == 0) {
                    throw new IllegalArgumentException("row 0 has no features");
                }
                dimension = row.length;
            } else if (row.length != dimension) {
                throw new IllegalArgumentException("row " + size + " has " + row.length + " features but the rows"
                        + " before it have " + dimension);
            }
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("row " + size + ", feature " + j + " is " + row[j]
                            + "; every feature must be a finite number");
                }
            }
            long need = (long) (size + 1) * dimension;
            if (need > Integer.MAX_VALUE - 8) {
                throw new DataTooLargeException("more than " + (Integer.MAX_VALUE - 8) + " feature values");
            }
            if (need > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need,
                        2L * features.length)));
            }
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
            }
            System.arraycopy(row, 0, features, size * dimension, dimension);
            labels[size++] = label;
        }

        /**
         * The dataset.
         *
         * @throws MalformedDataException if no row was added
         * @throws TooFewClassesException if the labels name fewer than two classes
         */
        public TabularDataset build() {
            if (size == 0) {
                throw new MalformedDataException("the dataset has no rows; add at least one row per class");
            }
            int[] l = Arrays.copyOf(labels, size);
            List<String> classNames = new ArrayList<>();
            if (Boolean.TRUE.equals(named)) {
                classNames.addAll(names);
            } else {
                int max = 0;
                for (int label : l) {
                    max = Math.max(max, label);
                }
                if (max >= MAX_CLASSES) {
                    throw new DataTooLargeException("label " + max + " is not below " + MAX_CLASSES
                            + "; number the classes 0, 1, 2, ...");
                }
                for (int c = 0; c <= max; c++) {
                    classNames.add(Integer.toString(c));
                }
            }
            int distinct = 0;
            int[] counts = new int[classNames.size()];
            for (int label : l) {
                if (counts[label]++ == 0) {
                    distinct++;
                }
            }
            if (distinct < 2) {
                throw new TooFewClassesException("all " + size + " rows have the label " + classNames.get(l[0])
                        + "; a classifier needs at least two classes");
            }
            List<String> fn = featureNames;
            if (fn == null) {
                fn = new ArrayList<>();
                for (int j = 0; j < dimension; j++) {
                    fn.add("x" + j);
                }
            }
            return new TabularDataset(Arrays.copyOf(features, size * dimension), dimension, l, classNames, fn);
        }
    }
}
