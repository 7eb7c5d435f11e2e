package io.fhe4j.mnist;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: an HTTP server on 127.0.0.1 serving a small generated MNIST-style dataset under the canonical names,
 * well or badly depending on the first path segment: {@code good}, {@code chunked} (no Content-Length),
 * {@code corrupt} (one byte flipped), {@code truncated} (connection closed half-way through the announced length),
 * {@code short} (half the file with a matching Content-Length), {@code stall} (half, then silence for 1.5 s), anything else answers 404.
 */
final class LocalMirror implements AutoCloseable {
    final Dataset train = IdxRoundTripProperties.random(50, 28, 28, 10, 1);
    final Dataset test = IdxRoundTripProperties.random(20, 28, 28, 10, 2);
    final Map<String, byte[]> content = new HashMap<>();
    final DatasetFiles files;
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    LocalMirror() throws IOException {
        DatasetFiles names = DatasetFiles.MNIST;
        content.put(names.trainImages(), IdxFiles.gzip(bytes(train, true)));
        content.put(names.trainLabels(), IdxFiles.gzip(bytes(train, false)));
        content.put(names.testImages(), IdxFiles.gzip(bytes(test, true)));
        content.put(names.testLabels(), IdxFiles.gzip(bytes(test, false)));
        Map<String, String> sums = new HashMap<>();
        content.forEach((name, data) -> sums.put(name, sha256(data)));
        files = new DatasetFiles(names.trainImages(), names.trainLabels(), names.testImages(), names.testLabels(),
                sums);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL of one serving mode, e.g. {@code base("good")}. */
    URI base(String mode) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + mode + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String mode = parts.length > 1 ? parts[1] : "";
        byte[] data = parts.length > 2 ? content.get(parts[2]) : null;
        if (data != null && mode.equals("truncated")) {
            // Announce the full length, send half, then fail the handler: the server drops the connection.
            exchange.sendResponseHeaders(200, data.length);
            exchange.getResponseBody().write(data, 0, data.length / 2);
            exchange.getResponseBody().flush();
            throw new IOException("test server: connection cut on purpose");
        }
        if (data != null && mode.equals("stall")) {
            // Announce the full length, send half, then go silent for longer than the client's read timeout.
            exchange.sendResponseHeaders(200, data.length);
            exchange.getResponseBody().write(data, 0, data.length / 2);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("test server: stalled on purpose");
        }
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            if (data == null || !Map.of("good", 1, "chunked", 1, "corrupt", 1, "truncated", 1, "short", 1)
                    .containsKey(mode)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            switch (mode) {
                case "good" -> {
                    exchange.sendResponseHeaders(200, data.length);
                    out.write(data);
                }
                case "chunked" -> {
                    exchange.sendResponseHeaders(200, 0);
                    out.write(data);
                }
                case "corrupt" -> {
                    byte[] bad = data.clone();
                    bad[bad.length / 2] ^= 0x40;
                    exchange.sendResponseHeaders(200, bad.length);
                    out.write(bad);
                }
                default -> {
                    byte[] half = Arrays.copyOf(data, data.length / 2);
                    exchange.sendResponseHeaders(200, half.length);
                    out.write(half);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(Checksums.sha256().digest(data));
    }

    private static byte[] bytes(Dataset d, boolean images) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (images) {
                IdxWriter.writeImages(d, out);
            } else {
                IdxWriter.writeLabels(d, out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
