package io.fhe4j.mnist;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipException;

/**
 * The MNIST subset shipped inside this jar, so that training runs on a machine with no MNIST files and no network:
 * every {@value #STRIDE}th image of each MNIST file (images 0, 5, 10, ... of the training and of the test file),
 * {@value #TRAIN_SIZE} training and {@value #TEST_SIZE} test images of 28x28 with their labels, unchanged. They are
 * gzip-compressed IDX resources in {@code io/fhe4j/mnist/embedded/} (2.3 MB), read by {@link IdxReader} after the
 * SHA-256 of their decompressed IDX content is checked against {@link #FILES} (sums of the content, not of the
 * gzip bytes, so that they do not depend on the compressor). {@link EmbeddedMnistGenerator} rebuilds the four files
 * from the full MNIST files and prints their sums. MNIST is by Y. LeCun, C. Cortes and C. J. C. Burges; the
 * attribution and license of the subset are in {@code io/fhe4j/mnist/embedded/NOTICE-MNIST}, next to the files.
 *
 * <p>Stateless and thread-safe; every call reads and verifies the resources again.
 */
public final class EmbeddedMnist {
    /** Every {@code STRIDE}th image of each MNIST file is in the subset. */
    public static final int STRIDE = 5;
    /** Training images in the subset: 60,000 / {@link #STRIDE}. */
    public static final int TRAIN_SIZE = 12_000;
    /** Test images in the subset: 10,000 / {@link #STRIDE}. */
    public static final int TEST_SIZE = 2_000;

    /** The resource folder, relative to this class's package. */
    static final String RESOURCE_DIR = "embedded/";

    private static final int PIXELS = 28 * 28;

    /**
     * The four resource names (the MNIST names) and the SHA-256 of each one's decompressed IDX content, as printed
     * by {@link EmbeddedMnistGenerator}.
     */
    public static final DatasetFiles FILES = new DatasetFiles(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            Map.of(
                    "train-images-idx3-ubyte.gz", "8a10b85c5abe2c55f158cd103566eeaab7860c0022193a9fadb6f6240c05ca5a",
                    "train-labels-idx1-ubyte.gz", "da62d6bb1c5b219a6219ecfa5de4c2631404804308c046a5f8033bdc4cb0e3c0",
                    "t10k-images-idx3-ubyte.gz", "544b11e980491b35ea0a29d267be603798a522d267bd875eefdf185f2a90b4ed",
                    "t10k-labels-idx1-ubyte.gz", "00c8ee896b56b1f141feedeefecd0ec606a7715b411eb44be7e1b1decd17e3fd"));

    private EmbeddedMnist() {
    }

    /**
     * Reads and verifies one split of the subset.
     *
     * @throws ChecksumMismatchException if a resource's content is not the one shipped (a damaged jar)
     * @throws DataNotFoundException     if a resource is missing from the class path (an incomplete jar)
     */
    public static Dataset load(Split split) {
        return load(split, name -> EmbeddedMnist.class.getResourceAsStream(RESOURCE_DIR + name));
    }

    /** One line saying what the subset is, for a program's output. */
    public static String description() {
        return String.format(Locale.ROOT, "embedded MNIST subset: %,d training / %,d test images (every %dth image"
                + " of each MNIST file)", TRAIN_SIZE, TEST_SIZE, STRIDE);
    }

    /** The subset of a full MNIST split: its images 0, STRIDE, 2 STRIDE, ... (what the resources hold). */
    public static Dataset select(Dataset full) {
        int[] indices = new int[(full.size() + STRIDE - 1) / STRIDE];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i * STRIDE;
        }
        return full.select(indices);
    }

    /** As {@link #load(Split)}, reading each resource from {@code opener} (null: missing). */
    static Dataset load(Split split, Function<String, InputStream> opener) {
        int count = split == Split.TRAIN ? TRAIN_SIZE : TEST_SIZE;
        String images = FILES.images(split);
        String labels = FILES.labels(split);
        byte[] img = verifiedContent(images, 16 + (long) count * PIXELS, opener);
        byte[] lab = verifiedContent(labels, 8 + count, opener);
        return IdxReader.read(new ByteArrayInputStream(img), "embedded " + images, new ByteArrayInputStream(lab),
                "embedded " + labels, 10);
    }

    /** Lowercase hex SHA-256 of {@code content}. */
    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(Checksums.sha256().digest(content));
    }

    /**
     * The decompressed content of resource {@code name}, at most {@code length + 1} bytes read, checked to be
     * {@code length} bytes with the known sum.
     */
    private static byte[] verifiedContent(String name, long length, Function<String, InputStream> opener) {
        String where = "the embedded MNIST resource " + RESOURCE_DIR + name;
        byte[] content;
        try (InputStream raw = opener.apply(name)) {
            if (raw == null) {
                throw new DataNotFoundException(where + " is not on the class path: the jar is incomplete."
                        + " Rebuild it (mvn package), or set MNIST_DIR to a folder holding the MNIST files.");
            }
            content = IdxReader.decompressing(raw, where).readNBytes((int) length + 1);
        } catch (EOFException e) {
            throw new TruncatedFileException(where + ": the gzip stream ends early: the jar is damaged."
                    + " Rebuild it (mvn package).", e);
        } catch (ZipException e) {
            throw new MalformedIdxException(where + ": corrupt gzip data (" + e.getMessage() + "): the jar is"
                    + " damaged. Rebuild it (mvn package).", e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": " + e.getMessage(), e);
        }
        String expected = FILES.sha256().get(name);
        String actual = sha256(content);
        if (content.length != length || !actual.equals(expected)) {
            throw new ChecksumMismatchException(where + " has SHA-256 " + actual + " over " + content.length
                    + (content.length > length ? "+" : "") + " decompressed bytes, but the shipped content has "
                    + expected + " over " + length + ": the jar is damaged or was built from other files."
                    + " Rebuild it (mvn package), or set MNIST_DIR to a folder holding the MNIST files.",
                    expected, actual);
        }
        return content;
    }

    /** Computes the content sum of a stream (for the generator). */
    static String contentSha256(InputStream gzipOrRaw, String name) throws IOException {
        MessageDigest md = Checksums.sha256();
        InputStream in = IdxReader.decompressing(gzipOrRaw, name);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
