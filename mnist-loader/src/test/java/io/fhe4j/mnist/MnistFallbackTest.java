package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Mnist#loadOrEmbedded}: configured folders and a complete cache are used (and their errors reported),
 * anything else falls back to the embedded subset, saying so. No network: the download goes to a closed port.
 */
class MnistFallbackTest {
    @TempDir
    Path tmp;

    /** An environment with only {@code vars} set (an empty cache under {@code tmp} unless one is given). */
    private UnaryOperator<String> env(String... vars) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        for (int i = 0; i < vars.length; i += 2) {
            m.put(vars[i], vars[i + 1]);
        }
        return m::get;
    }

    private static void writeFake(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Split split : Split.values()) {
            IdxWriter.write(IdxFiles.pattern(split == Split.TRAIN ? 20 : 8, 28, 28, 10),
                    dir.resolve(DatasetFiles.MNIST.images(split)), dir.resolve(DatasetFiles.MNIST.labels(split)));
        }
    }

    private static void assertEmbedded(MnistSplits s) {
        assertTrue(s.embedded());
        assertEquals(EmbeddedMnist.TRAIN_SIZE, s.train().size());
        assertEquals(EmbeddedMnist.TEST_SIZE, s.test().size());
        assertTrue(s.source().startsWith("embedded MNIST subset: 12,000 training / 2,000 test images"), s.source());
    }

    @Test
    void nothingConfiguredCachedOrDownloadableFallsBackToTheSubset() {
        MnistSplits s = Mnist.loadOrEmbedded(MnistOptions.builder().environment(env()).build());
        assertEmbedded(s);
        assertEquals(EmbeddedMnist.description(), s.source());
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing is written to the cache");
    }

    @Test
    void aFailedDownloadFallsBackAndSaysWhy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        MnistOptions o = MnistOptions.builder().environment(env()).download(true).progress(null)
                .timeout(Duration.ofSeconds(5)).baseUri("http://127.0.0.1:" + port + "/mnist/").build();
        MnistSplits s = Mnist.loadOrEmbedded(o);
        assertEmbedded(s);
        assertTrue(s.source().contains("the download failed") && s.source().contains("127.0.0.1:" + port), s.source());
    }

    @Test
    void aWorkingDownloadIsUsed() throws IOException {
        try (LocalMirror mirror = new LocalMirror()) {
            MnistSplits s = Mnist.loadOrEmbedded(MnistOptions.builder().environment(env()).download(true)
                    .unverified().progress(null).baseUri(mirror.base("good")).build());
            assertFalse(s.embedded());
            IdxRoundTripProperties.assertSame(mirror.train, s.train());
            assertEquals("MNIST downloaded into " + tmp.resolve("cache").resolve("fhe4j").resolve("mnist")
                    .toAbsolutePath() + ": 50 training / 20 test images", s.source());
        }
    }

    @Test
    void aCompleteCacheIsUsed() throws IOException {
        Path cache = tmp.resolve("xdg");
        writeFake(cache.resolve("fhe4j").resolve("mnist"));
        MnistSplits s = Mnist.loadOrEmbedded(MnistOptions.builder().unverified()
                .environment(env("XDG_CACHE_HOME", cache.toString())).build());
        assertFalse(s.embedded());
        assertEquals(20, s.train().size());
        assertTrue(s.source().startsWith("MNIST from the per-user cache "), s.source());
        assertTrue(s.source().endsWith(": 20 training / 8 test images"), s.source());
    }

    @Test
    void aConfiguredFolderIsUsedAndItsProblemsAreErrors() throws IOException {
        Path dir = tmp.resolve("mnist");
        writeFake(dir);
        MnistSplits s = Mnist.loadOrEmbedded(MnistOptions.builder().unverified()
                .environment(env("MNIST_DIR", dir.toString())).build());
        assertFalse(s.embedded());
        assertEquals("MNIST from " + dir.toAbsolutePath() + ": 20 training / 8 test images", s.source());

        // verified: the fake files are not MNIST, and that is an error rather than a silent fallback
        assertThrows(ChecksumMismatchException.class,
                () -> Mnist.loadOrEmbedded(MnistOptions.builder().directory(dir).environment(env()).build()));
        Path empty = tmp.resolve("empty");
        var e = assertThrows(DataNotFoundException.class, () -> Mnist.loadOrEmbedded(MnistOptions.builder()
                .environment(env("MNIST_DIR", empty.toString())).build()));
        assertTrue(e.getMessage().contains("MNIST_DIR"), e.getMessage());
    }

    @Test
    void otherDatasetsNeverFallBack() {
        DatasetFiles fashion = new DatasetFiles("a.gz", "b.gz", "c.gz", "d.gz", Map.of());
        assertThrows(DataNotFoundException.class, () -> Mnist.loadOrEmbedded(MnistOptions.builder()
                .files(fashion).environment(env()).build()));
    }
}
