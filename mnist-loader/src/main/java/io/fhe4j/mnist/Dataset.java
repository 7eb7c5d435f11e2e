package io.fhe4j.mnist;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Labelled grayscale images held compactly: {@code size} images of {@code rows x cols} unsigned bytes (0 =
 * background, 255 = ink, row-major, images one after another) and one label {@code 0..classes-1} per image.
 *
 * <p>Every transformation ({@link #downsample}, {@link #crop}, {@link #shuffle}, {@link #subset}, {@link #split},
 * {@link #batches}) returns a new dataset and leaves this one unchanged; every array returned is a fresh copy the
 * caller may modify. Rounding rules:
 * <ul>
 *   <li>{@link #normalized()}: {@code v = p / 255} as a float, so 0 maps to 0.0 and 255 to 1.0.</li>
 *   <li>{@link #downsample(int, int)}: exact area averaging (each output pixel is the mean of the input area it
 *       covers, partial pixels weighted by their covered fraction), rounded half up to an integer 0..255.</li>
 *   <li>{@link #quantize(int)}: {@code q = round-half-up(p * (2^k - 1) / 255)}; {@link #fixedPoint(int)}:
 *       {@code q = round-half-up(p * 2^f / 255)}. Both are computed exactly in integers and never meet a tie.</li>
 * </ul>
 *
 * <p>Invariants: {@code rows, cols >= 1}, {@code 1 <= classes <= 256}, every label below {@code classes}. Immutable
 * and thread-safe.
 */
public final class Dataset {
    private final byte[] pixels;
    private final byte[] labels;
    private final int rows;
    private final int cols;
    private final int classes;

    /** Takes ownership of the arrays without copying; callers in this package have validated them. */
    Dataset(byte[] pixels, byte[] labels, int rows, int cols, int classes) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.classes = classes;
    }

    /**
     * Creates a dataset from copies of the given arrays.
     *
     * @param pixels  {@code labels.length * rows * cols} unsigned bytes, row-major; not modified
     * @param labels  one label per image, each {@code 0..classes-1} as an unsigned byte; not modified
     * @param classes the number of classes, 1..256 (10 for MNIST)
     * @throws IllegalArgumentException if the sizes disagree or a dimension is out of range
     * @throws LabelOutOfRangeException if a label is not below {@code classes}
     */
    public static Dataset of(byte[] pixels, byte[] labels, int rows, int cols, int classes) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be >= 1, got " + rows + "x" + cols);
        }
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes must be 1..256, got " + classes);
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels.length " + pixels.length + " != labels.length " + labels.length
                    + " * " + rows + " * " + cols);
        }
        IdxReader.checkLabels(labels, classes, "labels array");
        return new Dataset(pixels.clone(), labels.clone(), rows, cols, classes);
    }

    /** Number of images (and labels). */
    public int size() {
        return labels.length;
    }

    /** Height of every image in pixels. */
    public int rows() {
        return rows;
    }

    /** Width of every image in pixels. */
    public int cols() {
        return cols;
    }

    /** Pixels per image, {@code rows() * cols()}. */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Number of classes: labels are {@code 0..classes()-1}. */
    public int classes() {
        return classes;
    }

    /** Pixel {@code (row, col)} of image {@code index}, 0..255. */
    public int pixel(int index, int row, int col) {
        Objects.checkIndex(index, size());
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return pixels[(index * rows + row) * cols + col] & 0xFF;
    }

    /** Label of image {@code index}. */
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /** All pixels, {@code size() * rows() * cols()} unsigned bytes (read with {@code b & 0xFF}); a fresh copy. */
    public byte[] images() {
        return pixels.clone();
    }

    /** The pixels of image {@code index}, {@code rows() * cols()} unsigned bytes; a fresh copy. */
    public byte[] image(int index) {
        Objects.checkIndex(index, size());
        int area = rows * cols;
        byte[] out = new byte[area];
        System.arraycopy(pixels, index * area, out, 0, area);
        return out;
    }

    /** All labels, one int per image; a fresh copy. */
    public int[] labels() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** How many images carry each label: element {@code c} counts label {@code c}; length {@code classes()}. */
    public int[] labelHistogram() {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        return counts;
    }

    /** All pixels as floats {@code p / 255} in [0, 1], laid out like {@link #images()}. */
    public float[] normalized() {
        return Preprocess.normalize(pixels);
    }

    /**
     * All pixels quantized to {@code bits}-bit unsigned integers: {@code q = round-half-up(p * (2^bits - 1) / 255)},
     * so 0 maps to 0, 255 to {@code 2^bits - 1}, and {@code q / (2^bits - 1)} approximates {@link #normalized()}
     * within half a step. {@code quantize(8)} returns the pixels unchanged.
     *
     * @param bits 1..16
     */
    public int[] quantize(int bits) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("bits must be 1..16, got " + bits);
        }
        return Preprocess.scale(pixels, (1 << bits) - 1);
    }

    /**
     * All pixels as fixed-point numbers with {@code fractionBits} fractional bits:
     * {@code q = round-half-up(p * 2^f / 255)}, so {@code q / 2^f} approximates {@code p / 255} within
     * {@code 2^-(f+1)}; 255 maps to {@code 2^f} (1.0 exactly), which needs {@code f + 1} bits.
     *
     * @param fractionBits 0..24
     */
    public int[] fixedPoint(int fractionBits) {
        if (fractionBits < 0 || fractionBits > 24) {
            throw new IllegalArgumentException("fractionBits must be 0..24, got " + fractionBits);
        }
        return Preprocess.scale(pixels, 1 << fractionBits);
    }

    /**
     * One-hot labels as floats: {@code size() * classes()} values, row {@code i} has 1.0 at {@code label(i)} and 0.0
     * elsewhere.
     */
    public float[] oneHot() {
        float[] out = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            out[i * classes + (labels[i] & 0xFF)] = 1f;
        }
        return out;
    }

    /** One-hot labels as ints: like {@link #oneHot()} with {@code hot} (e.g. a fixed-point 1.0) instead of 1.0. */
    public int[] oneHot(int hot) {
        int[] out = new int[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            out[i * classes + (labels[i] & 0xFF)] = hot;
        }
        return out;
    }

    /** Square shorthand for {@link #downsample(int, int) downsample(size, size)}, e.g. 28 to 14, 7 or 8. */
    public Dataset downsample(int size) {
        return downsample(size, size);
    }

    /**
     * Shrinks every image to {@code outRows x outCols} by exact area averaging. With an integer ratio this is the
     * mean of non-overlapping blocks (28 to 14: 2x2 blocks, 28 to 7: 4x4 blocks). With a non-integer ratio each
     * output pixel averages the area it covers with pixels cut by its border weighted by the covered fraction
     * (28 to 8: 3.5 x 3.5 pixels, edge pixels weighted 1/2, corners 1/4). For 3x3 blocks instead, call
     * {@code crop(2).downsample(8)}. Results are rounded half up to 0..255.
     *
     * @param outRows 1..rows()
     * @param outCols 1..cols()
     */
    public Dataset downsample(int outRows, int outCols) {
        if (outRows < 1 || outRows > rows || outCols < 1 || outCols > cols) {
            throw new IllegalArgumentException("cannot downsample " + rows + "x" + cols + " images to " + outRows
                    + "x" + outCols + ": the target must be 1x1 up to the current size");
        }
        if (outRows == rows && outCols == cols) {
            return this;
        }
        byte[] out = Preprocess.downsample(pixels, size(), rows, cols, outRows, outCols);
        return new Dataset(out, labels, outRows, outCols, classes);
    }

    /** Removes {@code border} pixels from each of the four sides: 28x28 with border 2 gives 24x24. */
    public Dataset crop(int border) {
        return crop(border, border, border, border);
    }

    /** Removes the given number of pixels from each side; at least one row and one column must remain. */
    public Dataset crop(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0 || top + bottom >= rows || left + right >= cols) {
            throw new IllegalArgumentException("cannot crop top=" + top + " bottom=" + bottom + " left=" + left
                    + " right=" + right + " from " + rows + "x" + cols + " images: margins must be >= 0 and leave"
                    + " at least one row and column");
        }
        byte[] out = Preprocess.crop(pixels, size(), rows, cols, top, bottom, left, right);
        return new Dataset(out, labels, rows - top - bottom, cols - left - right, classes);
    }

    /**
     * The same items in a random order determined by {@code seed} alone: the same seed gives the same order on
     * every JDK and machine (Fisher-Yates driven by SplitMix64).
     */
    public Dataset shuffle(long seed) {
        return select(SplitMix64.permutation(size(), seed));
    }

    /** Items {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public Dataset subset(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int area = rows * cols;
        byte[] p = new byte[(to - from) * area];
        System.arraycopy(pixels, from * area, p, 0, p.length);
        byte[] l = new byte[to - from];
        System.arraycopy(labels, from, l, 0, l.length);
        return new Dataset(p, l, rows, cols, classes);
    }

    /** The items at the given indices, in that order (repeats allowed); {@code indices} is not modified. */
    public Dataset select(int[] indices) {
        int area = rows * cols;
        byte[] p = new byte[indices.length * area];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = Objects.checkIndex(indices[i], size());
            System.arraycopy(pixels, k * area, p, i * area, area);
            l[i] = labels[k];
        }
        return new Dataset(p, l, rows, cols, classes);
    }

    /**
     * Splits off a validation set: shuffles with {@code seed} (as {@link #shuffle(long)}), then the last
     * {@code validationCount} items form the validation set and the rest the training set.
     *
     * @param validationCount 0..size()
     */
    public TrainValidation split(int validationCount, long seed) {
        if (validationCount < 0 || validationCount > size()) {
            throw new IllegalArgumentException("validationCount must be 0.." + size() + ", got " + validationCount);
        }
        Dataset shuffled = shuffle(seed);
        int cut = size() - validationCount;
        return new TrainValidation(shuffled.subset(0, cut), shuffled.subset(cut, size()));
    }

    /** How many batches {@link #batches(int, LastBatch)} returns. */
    public int batchCount(int batchSize, LastBatch last) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        Objects.requireNonNull(last, "last");
        int full = size() / batchSize;
        return last == LastBatch.KEEP && size() % batchSize != 0 ? full + 1 : full;
    }

    /**
     * Consecutive mini-batches in the current order: batch {@code b} holds items {@code b*batchSize ..}. When the
     * size is not a multiple of {@code batchSize}, {@code last} says whether the remainder is dropped or returned as
     * a smaller final batch. Shuffle first for SGD ({@code shuffle(seed + epoch).batches(60, LastBatch.DROP)}).
     * The list is immutable and builds each batch (a copy) when it is read.
     */
    public List<Dataset> batches(int batchSize, LastBatch last) {
        int count = batchCount(batchSize, last);
        return new Batches(count, batchSize);
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " images of " + rows + "x" + cols + ", " + classes + " classes]";
    }

    private final class Batches extends AbstractList<Dataset> implements RandomAccess {
        private final int count;
        private final int batchSize;

        Batches(int count, int batchSize) {
            this.count = count;
            this.batchSize = batchSize;
        }

        @Override
        public Dataset get(int index) {
            Objects.checkIndex(index, count);
            int from = index * batchSize;
            return subset(from, Math.min(from + batchSize, Dataset.this.size()));
        }

        @Override
        public int size() {
            return count;
        }
    }
}
