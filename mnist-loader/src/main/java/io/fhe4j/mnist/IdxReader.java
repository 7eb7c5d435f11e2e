package io.fhe4j.mnist;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files: unsigned-byte images (magic 2051: count, rows, cols) and labels (magic 2049: count), big-endian,
 * gzip-compressed or raw (detected from the first two bytes), streaming straight into one byte array. Works for any
 * image/label pair of the same item count: MNIST, Fashion-MNIST, EMNIST (pass its number of classes).
 *
 * <p>Checks the magic numbers, that the element type is unsigned byte, that dimensions are positive and fit one
 * Java array, that the data is complete and not followed by extra bytes, that labels are below the class count,
 * and that both files hold the same number of items; each failure has its own {@link MnistException} subclass.
 * Checksums are not checked here (see {@link Mnist}). Stateless and thread-safe.
 *
 * <p>Files are untrusted input. Whatever its header declares, reading a file allocates at most about four times the
 * data bytes it actually holds (after decompression), plus fixed buffers of a few hundred kilobytes: the body buffer
 * starts at {@value #FIRST_CHUNK} bytes and doubles only as bytes arrive, up to the declared size (at most one Java
 * array). After the data, at most {@value #MAX_TRAILING_SCAN} + 1 trailing bytes are read before the file is refused,
 * so an endless stream or a gzip bomb behind valid data ends the read.
 */
public final class IdxReader {
    /** Magic number of an unsigned-byte, three-dimensional IDX file (images). */
    public static final int IMAGES_MAGIC = 0x0000_0803;
    /** Magic number of an unsigned-byte, one-dimensional IDX file (labels). */
    public static final int LABELS_MAGIC = 0x0000_0801;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The first buffer of a body: it doubles as bytes arrive, so a forged count costs nothing until data backs it. */
    static final int FIRST_CHUNK = 1 << 16;
    /** Trailing bytes are counted up to this many, so an endless stream or a gzip bomb after the data ends the read. */
    static final int MAX_TRAILING_SCAN = 1 << 16;

    private IdxReader() {
    }

    /** Reads an image file and a label file with labels 0..9 (MNIST, Fashion-MNIST). */
    public static Dataset read(Path images, Path labels) {
        return read(images, labels, 10);
    }

    /**
     * Reads an image file and a label file into one dataset.
     *
     * @param classes labels must be {@code 0..classes-1}; 10 for MNIST, 1..256
     * @throws DataNotFoundException    if a file does not exist
     * @throws MalformedIdxException    (a subclass of it) if a file is not a valid IDX file of the expected kind
     * @throws CountMismatchException   if the files hold different numbers of items
     * @throws UncheckedIOException     on other I/O failures
     */
    public static Dataset read(Path images, Path labels, int classes) {
        checkClasses(classes);
        Images img;
        byte[] lab;
        try (InputStream in = open(images)) {
            img = readImages(in, images.toString());
        } catch (IOException e) {
            throw io(images, e);
        }
        try (InputStream in = open(labels)) {
            lab = readLabels(in, labels.toString(), classes);
        } catch (IOException e) {
            throw io(labels, e);
        }
        return combine(img, lab, images.toString(), labels.toString(), classes);
    }

    /**
     * Reads an image stream and a label stream (each gzip or raw) into one dataset; the streams are read to their
     * end but not closed. {@code imagesName} and {@code labelsName} are used in error messages.
     */
    public static Dataset read(InputStream images, String imagesName, InputStream labels, String labelsName,
                               int classes) {
        checkClasses(classes);
        Images img = readImages(images, imagesName);
        byte[] lab = readLabels(labels, labelsName, classes);
        return combine(img, lab, imagesName, labelsName, classes);
    }

    /** The pixels and shape of an image file. */
    record Images(byte[] pixels, int count, int rows, int cols) {
    }

    static Images readImages(InputStream raw, String name) {
        InputStream in = decompressing(raw, name);
        int magic = readInt(in, name, "magic number");
        checkMagic(magic, IMAGES_MAGIC, name, "image");
        int count = readInt(in, name, "image count");
        int rows = readInt(in, name, "row count");
        int cols = readInt(in, name, "column count");
        if (count < 0 || rows < 1 || cols < 1) {
            throw new MalformedHeaderException(name + ": header says " + Integer.toUnsignedString(count) + " images of "
                    + Integer.toUnsignedString(rows) + "x" + Integer.toUnsignedString(cols)
                    + "; expected a count >= 0 and rows, cols >= 1 (MNIST: 60000 or 10000 images of 28x28)."
                    + " The file is damaged or not an IDX image file.");
        }
        long total = (long) count * rows * cols;
        if ((long) rows * cols > MAX_ARRAY || total > MAX_ARRAY) {
            throw new MalformedHeaderException(name + ": header says " + count + " images of " + rows + "x" + cols
                    + " = " + total + " bytes, more than one Java array holds (" + MAX_ARRAY + ")."
                    + " Split the file, or check that it is not damaged.");
        }
        byte[] pixels = readBody(in, name, (int) total, count + " images of " + rows + "x" + cols);
        return new Images(pixels, count, rows, cols);
    }

    static byte[] readLabels(InputStream raw, String name, int classes) {
        InputStream in = decompressing(raw, name);
        int magic = readInt(in, name, "magic number");
        checkMagic(magic, LABELS_MAGIC, name, "label");
        int count = readInt(in, name, "label count");
        if (count < 0 || count > MAX_ARRAY) {
            throw new MalformedHeaderException(name + ": header says " + Integer.toUnsignedString(count)
                    + " labels; expected 0.." + MAX_ARRAY + " (MNIST: 60000 or 10000)."
                    + " The file is damaged or not an IDX label file.");
        }
        byte[] labels = readBody(in, name, count, count + " labels");
        checkLabels(labels, classes, name);
        return labels;
    }

    static void checkLabels(byte[] labels, int classes, String name) {
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classes) {
                throw new LabelOutOfRangeException(name + ": label " + i + " is " + label + ", outside 0.."
                        + (classes - 1) + ". If this dataset has more classes (EMNIST), pass its class count;"
                        + " otherwise the file is damaged.");
            }
        }
    }

    private static Dataset combine(Images img, byte[] labels, String imagesName, String labelsName, int classes) {
        if (img.count() != labels.length) {
            throw new CountMismatchException(imagesName + " holds " + img.count() + " images but " + labelsName
                    + " holds " + labels.length + " labels; they must be equal. Pair the image file with its own"
                    + " label file (train with train, t10k with t10k).");
        }
        return new Dataset(img.pixels(), labels, img.rows(), img.cols(), classes);
    }

    private static void checkClasses(int classes) {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes must be 1..256, got " + classes);
        }
    }

    private static void checkMagic(int magic, int expected, String name, String kind) {
        if (magic == expected) {
            return;
        }
        String found = String.format("0x%08X (%d)", magic, magic);
        String want = String.format("0x%08X (%d)", expected, expected);
        String hint;
        if (magic == (expected == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)) {
            hint = "this is an IDX " + (expected == IMAGES_MAGIC ? "label" : "image") + " file: the image and"
                    + " label paths are swapped.";
        } else if ((magic >>> 16) == 0 && (magic & 0xFF00) != 0x0800) {
            hint = String.format("element type 0x%02X is not supported; only unsigned byte (0x08) is.",
                    (magic >>> 8) & 0xFF);
        } else if ((magic >>> 16) == 0 && (magic & 0xFF00) == 0x0800) {
            hint = "it has " + (magic & 0xFF) + " dimensions, an " + kind + " file has "
                    + (expected & 0xFF) + ".";
        } else {
            hint = "this is not an IDX file (or a damaged one).";
        }
        throw new MalformedHeaderException(name + ": magic number is " + found + ", expected " + want + " for an IDX "
                + kind + " file; " + hint);
    }

    private static int readInt(InputStream in, String name, String what) {
        byte[] b = new byte[4];
        int n = readFully(in, b, 0, 4, name);
        if (n < 4) {
            throw new TruncatedFileException(name + ": file ends inside the header (reading the " + what + ")."
                    + " The file is cut short: delete it and download it again.");
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** Reads exactly {@code length} bytes, then checks that the stream has ended. */
    private static byte[] readBody(InputStream in, String name, int length, String announced) {
        byte[] data = new byte[Math.min(length, FIRST_CHUNK)];
        int filled = 0;
        while (true) {
            int n = readFully(in, data, filled, data.length - filled, name);
            filled += n;
            if (filled < data.length) {
                throw new TruncatedFileException(name + ": header announces " + announced + " (" + length
                        + " data bytes) but the file ends after " + filled + " of them. The file is cut short:"
                        + " delete it and download it again.");
            }
            if (filled == length) {
                break;
            }
            data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
        }
        long extra = countTrailing(in, name);
        if (extra > 0) {
            throw new TrailingBytesException(name + ": header announces " + announced + " (" + length
                    + " data bytes) but " + (extra > MAX_TRAILING_SCAN ? "more than " + MAX_TRAILING_SCAN : extra)
                    + " more bytes follow. The header count is wrong or two files were joined: use the original file.");
        }
        return data;
    }

    private static int readFully(InputStream in, byte[] b, int off, int len, String name) {
        try {
            return in.readNBytes(b, off, len);
        } catch (EOFException e) {
            throw new TruncatedFileException(name + ": the gzip stream ends early (" + e.getMessage() + ")."
                    + " The file is cut short: delete it and download it again.", e);
        } catch (ZipException e) {
            throw new MalformedIdxException(name + ": corrupt gzip data (" + e.getMessage() + ")."
                    + " Delete the file and download it again.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** Counts the bytes after the data, reading at most {@link #MAX_TRAILING_SCAN} + 1 of them. */
    private static long countTrailing(InputStream in, String name) {
        byte[] scratch = new byte[8192];
        long total = 0;
        int n;
        while (total <= MAX_TRAILING_SCAN
                && (n = readFully(in, scratch, 0, (int) Math.min(scratch.length, MAX_TRAILING_SCAN + 1 - total), name)) > 0) {
            total += n;
        }
        return total;
    }

    /** Wraps the stream in a gzip decoder if it starts with the gzip magic bytes 1F 8B. */
    static InputStream decompressing(InputStream raw, String name) {
        try {
            InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1F && b1 == 0x8B) {
                return new GZIPInputStream(in, 1 << 16);
            }
            return in;
        } catch (EOFException e) {
            throw new TruncatedFileException(name + ": the gzip header is cut short. Delete the file and download it"
                    + " again.", e);
        } catch (ZipException e) {
            throw new MalformedIdxException(name + ": corrupt gzip header (" + e.getMessage() + ")."
                    + " Delete the file and download it again.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    static InputStream open(Path file) {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataNotFoundException(file + " does not exist. Check the path, or set MNIST_DIR to the folder"
                    + " holding the IDX files.");
        } catch (IOException e) {
            throw io(file, e);
        }
    }

    private static UncheckedIOException io(Path file, IOException e) {
        return new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
}
