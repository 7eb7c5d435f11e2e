package io.fhe4j.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Test helper: hand-built IDX byte images, well-formed or deliberately broken. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] header(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(4 * ints.length);
        for (int v : ints) {
            b.putInt(v);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return concat(header(IdxReader.IMAGES_MAGIC, count, rows, cols), pixels);
    }

    static byte[] labels(byte[] labels) {
        return concat(header(IdxReader.LABELS_MAGIC, labels.length), labels);
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dataset whose pixel i is (i * 31 + 7) mod 256 and label i is i mod classes. */
    static Dataset pattern(int count, int rows, int cols, int classes) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31 + 7);
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return Dataset.of(pixels, labels, rows, cols, classes);
    }
}
