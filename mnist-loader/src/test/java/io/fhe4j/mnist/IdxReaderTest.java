package io.fhe4j.mnist;

import static io.fhe4j.mnist.IdxFiles.concat;
import static io.fhe4j.mnist.IdxFiles.gzip;
import static io.fhe4j.mnist.IdxFiles.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed IDX input is rejected with its own exception and a message naming the file and values. */
class IdxReaderTest {
    private static final byte[] PIXELS = new byte[2 * 3 * 4];
    private static final byte[] GOOD_IMAGES = IdxFiles.images(2, 3, 4, PIXELS);
    private static final byte[] GOOD_LABELS = IdxFiles.labels(new byte[] {3, 9});

    private static Dataset read(byte[] images, byte[] labels) {
        return IdxReader.read(new ByteArrayInputStream(images), "img.idx", new ByteArrayInputStream(labels),
                "lab.idx", 10);
    }

    @Test
    void readsWellFormedPair() {
        Dataset d = read(GOOD_IMAGES, GOOD_LABELS);
        assertEquals(2, d.size());
        assertEquals(3, d.rows());
        assertEquals(4, d.cols());
        assertEquals(9, d.label(1));
    }

    @Test
    void readsEmptyPair() {
        Dataset d = read(IdxFiles.images(0, 28, 28, new byte[0]), IdxFiles.labels(new byte[0]));
        assertEquals(0, d.size());
        assertEquals(28, d.rows());
    }

    @Test
    void rejectsWrongImageMagic() {
        byte[] bad = concat(header(0x0000_0804, 2, 3, 4), PIXELS);
        var e = assertThrows(MalformedHeaderException.class, () -> read(bad, GOOD_LABELS));
        assertTrue(e.getMessage().contains("img.idx"), e.getMessage());
        assertTrue(e.getMessage().contains("2051"), e.getMessage());
        assertTrue(e.getMessage().contains("4 dimensions"), e.getMessage());
    }

    @Test
    void rejectsSwappedFiles() {
        var e = assertThrows(MalformedHeaderException.class, () -> read(GOOD_LABELS, GOOD_IMAGES));
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
    }

    @Test
    void rejectsUnsupportedElementType() {
        byte[] floats = concat(header(0x0000_0D03, 2, 3, 4), PIXELS);
        var e = assertThrows(MalformedHeaderException.class, () -> read(floats, GOOD_LABELS));
        assertTrue(e.getMessage().contains("0x0D"), e.getMessage());
    }

    @Test
    void rejectsNonIdxData() {
        byte[] text = "hello, this is not IDX at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(MalformedHeaderException.class, () -> read(text, GOOD_LABELS));
        assertThrows(MalformedHeaderException.class, () -> read(GOOD_IMAGES, text));
    }

    @Test
    void rejectsZeroOrNegativeDimensions() {
        assertThrows(MalformedHeaderException.class, () -> read(IdxFiles.images(2, 0, 4, PIXELS), GOOD_LABELS));
        assertThrows(MalformedHeaderException.class, () -> read(IdxFiles.images(2, 3, -1, PIXELS), GOOD_LABELS));
        assertThrows(MalformedHeaderException.class, () -> read(IdxFiles.images(-5, 3, 4, PIXELS), GOOD_LABELS));
        assertThrows(MalformedHeaderException.class,
                () -> read(GOOD_IMAGES, concat(header(IdxReader.LABELS_MAGIC, -2), new byte[] {1, 2})));
    }

    @Test
    void rejectsSizeBeyondOneArray() {
        var e = assertThrows(MalformedHeaderException.class,
                () -> read(IdxFiles.images(100_000, 1000, 1000, PIXELS), GOOD_LABELS));
        assertTrue(e.getMessage().contains("100000000000"), e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] cut = Arrays.copyOf(GOOD_IMAGES, 10);
        var e = assertThrows(TruncatedFileException.class, () -> read(cut, GOOD_LABELS));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        assertThrows(TruncatedFileException.class, () -> read(GOOD_IMAGES, new byte[0]));
    }

    @Test
    void rejectsTruncatedImageData() {
        byte[] cut = Arrays.copyOf(GOOD_IMAGES, GOOD_IMAGES.length - 5);
        var e = assertThrows(TruncatedFileException.class, () -> read(cut, GOOD_LABELS));
        assertTrue(e.getMessage().contains("after 19 of them"), e.getMessage());
        assertTrue(e.getMessage().contains("img.idx"), e.getMessage());
    }

    @Test
    void rejectsTruncatedLabelData() {
        byte[] cut = Arrays.copyOf(GOOD_LABELS, GOOD_LABELS.length - 1);
        var e = assertThrows(TruncatedFileException.class, () -> read(GOOD_IMAGES, cut));
        assertTrue(e.getMessage().contains("lab.idx"), e.getMessage());
    }

    @Test
    void rejectsTruncatedGzipStream() {
        byte[] gz = gzip(GOOD_IMAGES);
        byte[] cut = Arrays.copyOf(gz, gz.length - 12);
        assertThrows(TruncatedFileException.class, () -> read(cut, GOOD_LABELS));
        byte[] cutHeader = Arrays.copyOf(gz, 5);
        assertThrows(TruncatedFileException.class, () -> read(cutHeader, GOOD_LABELS));
    }

    @Test
    void rejectsCorruptGzipStream() {
        byte[] gz = gzip(GOOD_IMAGES);
        gz[gz.length - 6] ^= 0x55; // inside the CRC32 / size trailer
        var e = assertThrows(MalformedIdxException.class, () -> read(gz, GOOD_LABELS));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] longer = concat(GOOD_IMAGES, new byte[] {1, 2, 3});
        var e = assertThrows(TrailingBytesException.class, () -> read(longer, GOOD_LABELS));
        assertTrue(e.getMessage().contains("3 more bytes"), e.getMessage());
        assertThrows(TrailingBytesException.class, () -> read(GOOD_IMAGES, concat(GOOD_LABELS, new byte[1])));
    }

    @Test
    void rejectsLabelOutOfRange() {
        var e = assertThrows(LabelOutOfRangeException.class,
                () -> read(GOOD_IMAGES, IdxFiles.labels(new byte[] {3, 10})));
        assertTrue(e.getMessage().contains("label 1 is 10"), e.getMessage());
        assertThrows(LabelOutOfRangeException.class, () -> read(GOOD_IMAGES, IdxFiles.labels(new byte[] {-1, 0})));
    }

    @Test
    void acceptsMoreClassesWhenAsked() {
        Dataset d = IdxReader.read(new ByteArrayInputStream(GOOD_IMAGES), "i",
                new ByteArrayInputStream(IdxFiles.labels(new byte[] {25, 46})), "l", 47);
        assertEquals(46, d.label(1));
        assertEquals(47, d.classes());
    }

    @Test
    void rejectsCountMismatch() {
        var e = assertThrows(CountMismatchException.class,
                () -> read(GOOD_IMAGES, IdxFiles.labels(new byte[] {1, 2, 3})));
        assertTrue(e.getMessage().contains("2 images") && e.getMessage().contains("3 labels"), e.getMessage());
    }

    @Test
    void rejectsMissingFile(@TempDir Path dir) {
        assertThrows(DataNotFoundException.class,
                () -> IdxReader.read(dir.resolve("nope-images"), dir.resolve("nope-labels")));
    }

    @Test
    void rejectsBadClassCount() {
        assertThrows(IllegalArgumentException.class, () -> IdxReader.read(new ByteArrayInputStream(GOOD_IMAGES),
                "i", new ByteArrayInputStream(GOOD_LABELS), "l", 0));
        assertThrows(IllegalArgumentException.class, () -> IdxReader.read(new ByteArrayInputStream(GOOD_IMAGES),
                "i", new ByteArrayInputStream(GOOD_LABELS), "l", 257));
    }
}
