package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MNIST subset shipped as resources: it loads, it is verified, and it is what its generator says. */
class EmbeddedMnistTest {
    @TempDir
    Path tmp;

    private static byte[] resource(String name) {
        try (InputStream in = EmbeddedMnist.class.getResourceAsStream(EmbeddedMnist.RESOURCE_DIR + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resources as shipped, except {@code name}, which is replaced by {@code bytes} (null: missing). */
    private static Dataset loadWith(Split split, String name, byte[] bytes) {
        return EmbeddedMnist.load(split, n -> n.equals(name)
                ? (bytes == null ? null : new ByteArrayInputStream(bytes))
                : new ByteArrayInputStream(resource(n)));
    }

    @Test
    void subsetLoadsWithItsShapeAndEveryClass() {
        Dataset train = EmbeddedMnist.load(Split.TRAIN);
        Dataset test = EmbeddedMnist.load(Split.TEST);
        assertEquals(EmbeddedMnist.TRAIN_SIZE, train.size());
        assertEquals(EmbeddedMnist.TEST_SIZE, test.size());
        assertEquals(28, train.rows());
        assertEquals(28, test.cols());
        // counts of each digit, computed independently (python: gzip + collections.Counter over the label bytes)
        assertArrayEquals(new int[] {1184, 1353, 1195, 1299, 1109, 1078, 1221, 1240, 1175, 1146}, train.labelHistogram());
        assertArrayEquals(new int[] {189, 222, 212, 242, 196, 186, 158, 215, 193, 187}, test.labelHistogram());
        assertTrue(EmbeddedMnist.description().contains("12,000 training / 2,000 test"), EmbeddedMnist.description());
    }

    @Test
    void changedContentIsAChecksumMismatch() {
        byte[] idx = IdxFiles.labels(new byte[EmbeddedMnist.TEST_SIZE]); // right length, all labels 0
        var e = assertThrows(ChecksumMismatchException.class,
                () -> loadWith(Split.TEST, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(idx)));
        assertEquals(EmbeddedMnist.FILES.sha256().get("t10k-labels-idx1-ubyte.gz"), e.expected());
        assertEquals(EmbeddedMnist.sha256(idx), e.actual());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains("damaged"),
                e.getMessage());

        byte[] images = gunzip(resource("t10k-images-idx3-ubyte.gz"));
        images[16 + 784 * 7 + 300] ^= 1; // one pixel of image 7
        assertThrows(ChecksumMismatchException.class,
                () -> loadWith(Split.TEST, "t10k-images-idx3-ubyte.gz", IdxFiles.gzip(images)));
        byte[] longer = Arrays.copyOf(gunzip(resource("train-labels-idx1-ubyte.gz")), 8 + 12_001);
        var tooLong = assertThrows(ChecksumMismatchException.class,
                () -> loadWith(Split.TRAIN, "train-labels-idx1-ubyte.gz", longer));
        assertTrue(tooLong.getMessage().contains("12009+ decompressed bytes"), tooLong.getMessage());
    }

    @Test
    void damagedOrMissingResourcesAreReported() {
        byte[] gz = resource("t10k-labels-idx1-ubyte.gz");
        assertThrows(TruncatedFileException.class,
                () -> loadWith(Split.TEST, "t10k-labels-idx1-ubyte.gz", Arrays.copyOf(gz, gz.length / 2)));
        byte[] corrupt = gz.clone();
        corrupt[20] ^= (byte) 0xFF;
        assertThrows(MnistException.class, () -> loadWith(Split.TEST, "t10k-labels-idx1-ubyte.gz", corrupt));
        var missing = assertThrows(DataNotFoundException.class,
                () -> loadWith(Split.TRAIN, "train-images-idx3-ubyte.gz", null));
        assertTrue(missing.getMessage().contains("train-images-idx3-ubyte.gz"), missing.getMessage());
    }

    @Test
    void subsetIsEveryFifthImageOfTheRealFilesAndTheGeneratorRebuildsIt() throws IOException {
        String env = System.getenv("MNIST_DIR");
        assumeTrue(env != null && !env.isBlank(), "MNIST_DIR is not set: skipping the comparison with real MNIST");
        MnistOptions options = MnistOptions.builder().directory(Path.of(env)).progress(null).build();
        for (Split split : Split.values()) {
            Dataset full = Mnist.load(split, options);
            Dataset embedded = EmbeddedMnist.load(split);
            IdxRoundTripProperties.assertSame(EmbeddedMnist.select(full), embedded);
            assertArrayEquals(full.image(5 * 123), embedded.image(123));
        }
        assertTrue(EmbeddedMnistGenerator.generate(Path.of(env), tmp), "regenerated sums differ from the shipped ones");
        assertEquals(EmbeddedMnist.FILES.sha256().get("t10k-images-idx3-ubyte.gz"),
                EmbeddedMnist.sha256(gunzip(java.nio.file.Files.readAllBytes(
                        tmp.resolve("t10k-images-idx3-ubyte.gz")))));
    }
}
