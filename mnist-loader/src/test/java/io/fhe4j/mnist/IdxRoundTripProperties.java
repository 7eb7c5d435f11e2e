package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random IDX files written by {@link IdxWriter} read back identically through {@link IdxReader}. */
class IdxRoundTripProperties {

    static Dataset random(int count, int rows, int cols, int classes, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * rows * cols];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(classes);
        }
        return Dataset.of(pixels, labels, rows, cols, classes);
    }

    static void assertSame(Dataset expected, Dataset actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        assertEquals(expected.classes(), actual.classes());
        assertArrayEquals(expected.images(), actual.images());
        assertArrayEquals(expected.labels(), actual.labels());
    }

    @Property(tries = 300)
    void streamsRoundTripRawAndGzip(@ForAll @IntRange(min = 0, max = 40) int count,
                                    @ForAll @IntRange(min = 1, max = 30) int rows,
                                    @ForAll @IntRange(min = 1, max = 30) int cols,
                                    @ForAll @IntRange(min = 1, max = 256) int classes,
                                    @ForAll boolean gzip, @ForAll long seed) throws IOException {
        Dataset data = random(count, rows, cols, classes, seed);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        IdxWriter.writeImages(data, img);
        IdxWriter.writeLabels(data, lab);
        byte[] imgBytes = gzip ? IdxFiles.gzip(img.toByteArray()) : img.toByteArray();
        byte[] labBytes = gzip ? IdxFiles.gzip(lab.toByteArray()) : lab.toByteArray();
        Dataset back = IdxReader.read(new ByteArrayInputStream(imgBytes), "images",
                new ByteArrayInputStream(labBytes), "labels", classes);
        assertSame(data, back);
    }

    @Property(tries = 40)
    void filesRoundTrip(@ForAll @IntRange(min = 1, max = 50) int count,
                        @ForAll @IntRange(min = 1, max = 32) int side,
                        @ForAll boolean gzip, @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("idx");
        try {
            Dataset data = random(count, side, side, 10, seed);
            String suffix = gzip ? ".gz" : "";
            Path images = dir.resolve("images-idx3-ubyte" + suffix);
            Path labels = dir.resolve("labels-idx1-ubyte" + suffix);
            IdxWriter.write(data, images, labels);
            assertSame(data, IdxReader.read(images, labels));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
