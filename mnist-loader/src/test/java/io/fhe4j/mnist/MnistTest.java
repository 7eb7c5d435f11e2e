package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating the folder, checksum verification of local files, and option validation (no network). */
class MnistTest {
    @TempDir
    Path tmp;

    /** Writes a small dataset under the canonical MNIST names into {@code dir}. */
    private static Dataset writeFakeMnist(Path dir, Split split, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        Dataset d = IdxRoundTripProperties.random(split == Split.TRAIN ? 30 : 12, 28, 28, 10, 5);
        Path images = dir.resolve(DatasetFiles.MNIST.images(split));
        Path labels = dir.resolve(DatasetFiles.MNIST.labels(split));
        if (!gzip) {
            images = dir.resolve(DatasetFiles.uncompressed(images.getFileName().toString()));
            labels = dir.resolve(DatasetFiles.uncompressed(labels.getFileName().toString()));
        }
        IdxWriter.write(d, images, labels);
        return d;
    }

    @Test
    void explicitFolderWinsOverEnvironment() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Dataset d = writeFakeMnist(explicit, Split.TEST, true);
        MnistOptions o = MnistOptions.builder().directory(explicit).unverified()
                .environment(k -> k.equals("MNIST_DIR") ? tmp.resolve("env").toString() : null).build();
        IdxRoundTripProperties.assertSame(d, Mnist.load(Split.TEST, o));
    }

    @Test
    void environmentIsUsedWithoutExplicitFolder() throws IOException {
        Path env = tmp.resolve("env");
        Dataset d = writeFakeMnist(env, Split.TRAIN, true);
        MnistOptions o = MnistOptions.builder().unverified()
                .environment(k -> k.equals("MNIST_DIR") ? env.toString() : null).build();
        IdxRoundTripProperties.assertSame(d, Mnist.load(Split.TRAIN, o));
    }

    @Test
    void cacheFolderIsTheLastResort() throws IOException {
        Path cache = tmp.resolve("xdg");
        Dataset d = writeFakeMnist(cache.resolve("fhe4j").resolve("mnist"), Split.TEST, false);
        MnistOptions o = MnistOptions.builder().unverified()
                .environment(k -> k.equals("XDG_CACHE_HOME") ? cache.toString() : k.equals("MNIST_DIR") ? " " : null)
                .build();
        IdxRoundTripProperties.assertSame(d, Mnist.load(Split.TEST, o));
        assertEquals(cache.resolve("fhe4j").resolve("mnist"), Locator.directory(o).directory());
        assertTrue(Mnist.cacheDirectory().endsWith(Path.of("fhe4j", "mnist")));
    }

    @Test
    void uncompressedFilesAreAccepted() throws IOException {
        Dataset d = writeFakeMnist(tmp, Split.TRAIN, false);
        IdxRoundTripProperties.assertSame(d, Mnist.load(Split.TRAIN,
                MnistOptions.builder().directory(tmp).unverified().build()));
    }

    @Test
    void missingFilesWithoutDownloadSayWhatToDo() {
        MnistOptions o = MnistOptions.builder().directory(tmp).build();
        var e = assertThrows(DataNotFoundException.class, () -> Mnist.load(Split.TRAIN, o));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("MNIST_DIR") && e.getMessage().contains("download(true)"), e.getMessage());
        assertThrows(DataNotFoundException.class, () -> Mnist.locate(o));
    }

    @Test
    void locateReturnsTheFolderWhenAllFilesArePresent() throws IOException {
        writeFakeMnist(tmp, Split.TRAIN, true);
        assertThrows(DataNotFoundException.class, () -> Mnist.locate(MnistOptions.builder().directory(tmp).build()));
        writeFakeMnist(tmp, Split.TEST, false);
        assertEquals(tmp, Mnist.locate(MnistOptions.builder().directory(tmp).build()));
    }

    @Test
    void wrongContentUnderCanonicalNamesFailsVerification() throws IOException {
        writeFakeMnist(tmp, Split.TRAIN, true);
        var e = assertThrows(ChecksumMismatchException.class,
                () -> Mnist.load(Split.TRAIN, MnistOptions.builder().directory(tmp).build()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("unverified()"), e.getMessage());
        assertEquals(DatasetFiles.MNIST.sha256().get("train-images-idx3-ubyte.gz"), e.expected());
        assertEquals(Checksums.sha256(tmp.resolve("train-images-idx3-ubyte.gz")), e.actual());
    }

    @Test
    void wrongUncompressedContentFailsVerificationToo() throws IOException {
        writeFakeMnist(tmp, Split.TEST, false);
        var e = assertThrows(ChecksumMismatchException.class,
                () -> Mnist.load(Split.TEST, MnistOptions.builder().directory(tmp).build()));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void customFilesWithTheirOwnSumsAreVerified() throws IOException {
        Dataset d = writeFakeMnist(tmp, Split.TEST, true);
        Map<String, String> sums = Map.of(
                "t10k-images-idx3-ubyte.gz", Checksums.sha256(tmp.resolve("t10k-images-idx3-ubyte.gz")),
                "t10k-labels-idx1-ubyte.gz", Checksums.sha256(tmp.resolve("t10k-labels-idx1-ubyte.gz")));
        DatasetFiles mine = new DatasetFiles("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", sums);
        IdxRoundTripProperties.assertSame(d, Mnist.load(Split.TEST,
                MnistOptions.builder().directory(tmp).files(mine).build()));
    }

    @Test
    void optionsValidateTheirArguments() {
        MnistOptions.Builder b = MnistOptions.builder();
        assertThrows(IllegalArgumentException.class, () -> b.baseUri("ftp://example.org/mnist/"));
        assertThrows(IllegalArgumentException.class, () -> b.baseUri(URI.create("mnist/")));
        assertThrows(IllegalArgumentException.class, () -> b.classes(0));
        assertThrows(IllegalArgumentException.class, () -> b.classes(257));
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> b.directory(null));
        assertEquals(URI.create("http://127.0.0.1:1/x/"), b.baseUri("http://127.0.0.1:1/x").build().baseUri());
        MnistOptions d = MnistOptions.defaults();
        assertEquals(MnistOptions.DEFAULT_BASE_URI, d.baseUri());
        assertTrue(d.verify() && !d.download() && d.classes() == 10 && d.directory().isEmpty());
    }

    @Test
    void datasetFilesRejectFolders() {
        assertThrows(IllegalArgumentException.class,
                () -> new DatasetFiles("a/b.gz", "l.gz", "ti.gz", "tl.gz", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new DatasetFiles("", "l.gz", "ti.gz", "tl.gz", Map.of()));
        assertEquals("t10k-labels-idx1-ubyte.gz", DatasetFiles.MNIST.labels(Split.TEST));
    }
}
