package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageFolderReader on generated PNG and JPEG folders and on each kind of malformed input. */
class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** Writes a w x h image whose pixel (x, y) is gray {@code value(x, y)} (as RGB, or as a gray image). */
    private Path image(String cls, String name, int w, int h, int type, java.util.function.IntBinaryOperator value)
            throws IOException {
        Path folder = dir.resolve(cls);
        Files.createDirectories(folder);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = value.applyAsInt(x, y);
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    img.getRaster().setSample(x, y, 0, v);
                } else {
                    img.setRGB(x, y, 0xFF000000 | v << 16 | v << 8 | v);
                }
            }
        }
        Path f = folder.resolve(name);
        String format = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "png" : "jpg";
        assertTrue(ImageIO.write(img, format, f.toFile()), "no writer for " + format);
        return f;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks \"" + p + "\": " + e.getMessage());
        }
    }

    @Test
    void readsClassesInFolderOrderWithExactGrayValues() throws IOException {
        image("b", "1.png", 3, 2, BufferedImage.TYPE_INT_RGB, (x, y) -> 10 * x + 100 * y);
        image("a", "2.png", 3, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 7);
        image("a", "1.PNG", 3, 2, BufferedImage.TYPE_INT_ARGB, (x, y) -> 200);
        Files.writeString(dir.resolve("a").resolve("notes.txt"), "ignored");
        Files.createDirectories(dir.resolve(".hidden"));
        Dataset d = ImageFolderReader.builder().build().read(dir);
        assertEquals(List.of("a", "b"), ImageFolderReader.classNames(dir));
        assertEquals(3, d.size());
        assertEquals(2, d.rows());
        assertEquals(3, d.cols());
        assertEquals(2, d.classes());
        assertArrayEquals(new int[] {0, 0, 1}, d.labels());
        assertArrayEquals(new byte[] {(byte) 200, (byte) 200, (byte) 200, (byte) 200, (byte) 200, (byte) 200},
                d.image(0));
        assertArrayEquals(new byte[] {7, 7, 7, 7, 7, 7}, d.image(1));
        assertArrayEquals(new byte[] {0, 10, 20, 100, 110, (byte) 120}, d.image(2));
    }

    @Test
    void resizesDownAndUpByAreaAveragingAndInverts() throws IOException {
        image("x", "big.png", 4, 4, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> x < 2 ? 0 : 200);
        image("y", "small.png", 1, 1, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 90);
        Dataset d = ImageFolderReader.builder().size(2, 2).build().read(dir);
        assertArrayEquals(new byte[] {0, (byte) 200, 0, (byte) 200}, d.image(0));
        assertArrayEquals(new byte[] {90, 90, 90, 90}, d.image(1));
        Dataset inv = ImageFolderReader.builder().size(2, 2).invert(true).build().read(dir);
        assertArrayEquals(new byte[] {(byte) 255, 55, (byte) 255, 55}, inv.image(0));
    }

    @Test
    void readsJpegApproximately() throws IOException {
        image("dark", "d.jpg", 8, 8, BufferedImage.TYPE_INT_RGB, (x, y) -> 20);
        image("light", "l.jpeg", 8, 8, BufferedImage.TYPE_INT_RGB, (x, y) -> 230);
        Dataset d = ImageFolderReader.builder().size(4, 4).build().read(dir);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertTrue(Math.abs(d.pixel(0, r, c) - 20) <= 4, "dark pixel " + d.pixel(0, r, c));
                assertTrue(Math.abs(d.pixel(1, r, c) - 230) <= 4, "light pixel " + d.pixel(1, r, c));
            }
        }
    }

    @Test
    void mixedSizesWithoutAChosenSizeNameBothImages() throws IOException {
        Path a = image("a", "a.png", 3, 3, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        Path b = image("b", "b.png", 4, 3, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        MalformedImageException e = assertThrows(MalformedImageException.class,
                () -> ImageFolderReader.builder().build().read(dir));
        assertMessage(e, b.toString(), "3x4", a.toString(), "3x3", "size(rows, cols)");
        assertEquals(2, ImageFolderReader.builder().size(3, 3).build().read(dir).size());
    }

    @Test
    void unreadableImagesNameTheFile() throws IOException {
        image("a", "a.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        Path bad = dir.resolve("b").resolve("broken.png");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "this is not a png");
        assertMessage(assertThrows(MalformedImageException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), bad.toString(), "not a PNG or JPEG");
        Path good = image("b", "c.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        byte[] png = Files.readAllBytes(good);
        Files.write(bad, java.util.Arrays.copyOf(png, 40));
        assertMessage(assertThrows(MalformedImageException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), bad.toString(), "cannot be decoded");
        Files.write(bad, new byte[0]);
        assertMessage(assertThrows(MalformedImageException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), bad.toString(), "empty");
    }

    @Test
    void imageWithoutReadPermissionIsNamed() throws IOException {
        image("a", "a.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        Path locked = image("b", "b.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX permissions");
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root");
        assertMessage(assertThrows(MalformedImageException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), locked.toString(), "no read permission");
    }

    @Test
    void singleClassNoClassAndEmptyClassAreRejected() throws IOException {
        assertMessage(assertThrows(TooFewClassesException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), "0 class sub-folders");
        image("only", "a.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        assertMessage(assertThrows(TooFewClassesException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), "1 class sub-folder (only)");
        Files.createDirectories(dir.resolve("zzz"));
        assertMessage(assertThrows(MalformedImageException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), dir.resolve("zzz").toString(), "holds no PNG or JPEG");
    }

    @Test
    void boundsAreCheckedBeforeDecoding() throws IOException {
        Path big = image("a", "a.png", 64, 64, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        image("b", "b.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        assertMessage(assertThrows(DataTooLargeException.class, () -> ImageFolderReader.builder().maxPixels(1000)
                .build().read(dir)), big.toString(), "64x64");
        assertMessage(assertThrows(DataTooLargeException.class, () -> ImageFolderReader.builder().maxFileBytes(10)
                .build().read(dir)), big.toString(), "bytes");
        assertMessage(assertThrows(DataTooLargeException.class, () -> ImageFolderReader.builder().maxImages(1)
                .build().read(dir)), "more than 1 images");
    }

    @Test
    void aPngAnnouncingHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
        image("a", "a.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        Path bomb = image("b", "b.png", 2, 2, BufferedImage.TYPE_BYTE_GRAY, (x, y) -> 1);
        byte[] png = Files.readAllBytes(bomb);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
        assertEquals(0x49484452, b.getInt(12), "IHDR is the first chunk");
        b.putInt(16, 60_000).putInt(20, 60_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        Files.write(bomb, png);
        assertMessage(assertThrows(DataTooLargeException.class, () -> ImageFolderReader.builder().build()
                .read(dir)), bomb.toString(), "60000x60000");
    }

    @Test
    void missingFolderIsDataNotFound() {
        assertThrows(DataNotFoundException.class, () -> ImageFolderReader.builder().build()
                .read(dir.resolve("none")));
    }
}
