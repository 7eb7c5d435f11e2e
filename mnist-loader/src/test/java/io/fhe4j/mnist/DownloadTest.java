package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against a local HTTP server, including servers that send broken content. */
class DownloadTest {
    private LocalMirror mirror;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        mirror = new LocalMirror();
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private MnistOptions.Builder options(String mode) {
        return MnistOptions.builder().directory(dir).download(true).baseUri(mirror.base(mode)).files(mirror.files)
                .timeout(Duration.ofSeconds(10)).progress(null);
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void downloadsVerifiesAndLoads() throws IOException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        MnistOptions o = options("good").progress(new PrintStream(progress, true, StandardCharsets.UTF_8)).build();
        Dataset train = Mnist.load(Split.TRAIN, o);
        IdxRoundTripProperties.assertSame(mirror.train, train);
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), filesInDir());
        for (String name : filesInDir()) {
            assertArrayEquals(mirror.content.get(name), Files.readAllBytes(dir.resolve(name)));
        }
        String bar = progress.toString(StandardCharsets.UTF_8);
        assertTrue(bar.contains("train-images-idx3-ubyte.gz [####################] 100%"), bar);
        assertTrue(bar.contains("ETA"), bar);
    }

    @Test
    void locateFetchesAllFourOnceAndNoMore() throws IOException {
        MnistOptions o = options("good").build();
        assertEquals(dir, Mnist.locate(o));
        assertEquals(4, filesInDir().size());
        assertEquals(4, mirror.requests.get());
        IdxRoundTripProperties.assertSame(mirror.test, Mnist.load(Split.TEST, o));
        assertEquals(4, mirror.requests.get(), "files already present are not fetched again");
    }

    @Test
    void downloadsWithoutContentLength() {
        IdxRoundTripProperties.assertSame(mirror.test, Mnist.load(Split.TEST, options("chunked")
                .progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build()));
    }

    @Test
    void corruptedContentIsRejectedAndNotKept() throws IOException {
        var e = assertThrows(ChecksumMismatchException.class, () -> Mnist.load(Split.TRAIN, options("corrupt").build()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertEquals(mirror.files.sha256().get("train-images-idx3-ubyte.gz"), e.expected());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void connectionClosedEarlyIsRejectedAndNotKept() throws IOException {
        var e = assertThrows(DownloadException.class, () -> Mnist.load(Split.TRAIN, options("truncated").build()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("announced") || e.getMessage().contains("broke off"), e.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void stalledServerTimesOutAndLeavesNothing() throws IOException {
        MnistOptions o = options("stall").timeout(Duration.ofMillis(300)).build();
        var e = assertThrows(DownloadException.class, () -> Mnist.load(Split.TEST, o));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void shortFileWithMatchingLengthFailsTheChecksum() throws IOException {
        assertThrows(ChecksumMismatchException.class, () -> Mnist.load(Split.TEST, options("short").build()));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void unverifiedDownloadOfShortFileIsCaughtByTheReader() throws IOException {
        assertThrows(TruncatedFileException.class, () -> Mnist.load(Split.TEST, options("short").unverified().build()));
    }

    @Test
    void httpErrorStatusIsReported() throws IOException {
        var e = assertThrows(DownloadException.class, () -> Mnist.load(Split.TRAIN, options("nothing-here").build()));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void unreachableServerIsReported() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MnistOptions o = options("good").baseUri("http://127.0.0.1:" + port + "/mnist").build();
        var e = assertThrows(DownloadException.class, () -> Mnist.load(Split.TRAIN, o));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void createsTheTargetFolder() {
        Path nested = dir.resolve("a").resolve("b");
        MnistOptions o = options("good").directory(nested).build();
        assertEquals(20, Mnist.load(Split.TEST, o).size());
        assertTrue(Files.isRegularFile(nested.resolve("t10k-images-idx3-ubyte.gz")));
    }
}
