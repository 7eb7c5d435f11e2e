package io.fhe4j.mnist;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes datasets as IDX files in exactly the layout {@link IdxReader} reads (and the MNIST files use): images with
 * magic 2051 and labels with magic 2049, big-endian headers, one unsigned byte per pixel or label. A path ending in
 * {@code .gz} is gzip-compressed. Useful for tests, caches of preprocessed data, and exchanging subsets.
 * Stateless and thread-safe.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** Writes the images of {@code data} to {@code images} and its labels to {@code labels} (replacing them). */
    public static void write(Dataset data, Path images, Path labels) {
        writeFile(images, out -> writeImages(data, out));
        writeFile(labels, out -> writeLabels(data, out));
    }

    /** Writes the image file of {@code data} (uncompressed) to {@code out}; does not close it. */
    public static void writeImages(Dataset data, OutputStream out) throws IOException {
        writeInt(out, IdxReader.IMAGES_MAGIC);
        writeInt(out, data.size());
        writeInt(out, data.rows());
        writeInt(out, data.cols());
        out.write(data.images());
    }

    /** Writes the label file of {@code data} (uncompressed) to {@code out}; does not close it. */
    public static void writeLabels(Dataset data, OutputStream out) throws IOException {
        writeInt(out, IdxReader.LABELS_MAGIC);
        writeInt(out, data.size());
        int[] labels = data.labels();
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            bytes[i] = (byte) labels[i];
        }
        out.write(bytes);
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void writeFile(Path file, Body body) {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            if (file.getFileName().toString().endsWith(".gz")) {
                try (GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16)) {
                    body.write(gz);
                }
            } else {
                body.write(raw);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
