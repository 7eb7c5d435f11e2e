package io.fhe4j.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads one file over HTTP(S) to a temporary file next to the target, checks its length and SHA-256 while it
 * streams, and only then renames it into place (atomically where the file system can). On any failure the
 * temporary file is deleted, so the target either appears complete and verified or not at all. The timeout bounds
 * the connection and every single read, so a stalled server fails instead of hanging. Uses
 * {@link HttpURLConnection} (which, unlike {@code java.net.http.HttpClient}, has a read timeout); redirects
 * within the same scheme are followed. Stateless and thread-safe.
 */
final class Downloader {
    private final int timeoutMillis;

    Downloader(Duration timeout) {
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /**
     * Fetches {@code uri} into {@code target}.
     *
     * @param expectedSha256 lowercase hex SHA-256 the body must have, or null to accept any content
     * @param progress       where to draw a progress bar, or null for none
     * @throws DownloadException          on connection failures, a status other than 200, or a short body
     * @throws ChecksumMismatchException  if the complete body has the wrong SHA-256
     */
    void download(URI uri, Path target, String expectedSha256, PrintStream progress) {
        String name = target.getFileName().toString();
        HttpURLConnection connection = connect(uri, target);
        Path tmp = null;
        try (InputStream body = connection.getInputStream()) {
            long length = connection.getContentLengthLong();
            tmp = Files.createTempFile(target.getParent(), "." + name + ".", ".part");
            ProgressBar bar = progress == null ? null : new ProgressBar(name, length, ProgressBar.Unit.BYTES, progress);
            MessageDigest md = Checksums.sha256();
            long received;
            try {
                received = copy(body, tmp, md, bar, uri, length);
            } finally {
                if (bar != null) {
                    bar.finish();
                }
            }
            if (length >= 0 && received != length) {
                throw new DownloadException("GET " + uri + " announced " + length + " bytes but sent " + received
                        + ". Nothing was kept; try again, or use another mirror.");
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (expectedSha256 != null && !actual.equalsIgnoreCase(expectedSha256)) {
                throw new ChecksumMismatchException("GET " + uri + " sent " + received + " bytes with SHA-256 " + actual
                        + " but " + name + " must have " + expectedSha256 + ". The mirror served a damaged or"
                        + " different file; nothing was kept. Try again or use another mirror"
                        + " (MnistOptions.builder().baseUri(...)).", expectedSha256, actual);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new DownloadException("GET " + uri + " into " + target + " failed: " + e + ". Nothing was kept;"
                    + " try again.", e);
        } finally {
            deleteQuietly(tmp);
            connection.disconnect();
        }
    }

    private HttpURLConnection connect(URI uri, Path target) {
        String hint = " Check the network and the base URL (MnistOptions.builder().baseUri(...)), or put "
                + target.getFileName() + " into " + target.getParent() + " by hand.";
        HttpURLConnection http;
        try {
            URLConnection c = uri.toURL().openConnection();
            if (!(c instanceof HttpURLConnection)) {
                throw new DownloadException(uri + " is not an http or https URL." + hint);
            }
            http = (HttpURLConnection) c;
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setInstanceFollowRedirects(true);
            http.setRequestProperty("Accept-Encoding", "identity");
            int status = http.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new DownloadException("GET " + uri + " answered HTTP " + status + ", expected 200." + hint);
            }
            return http;
        } catch (IOException e) {
            throw new DownloadException("GET " + uri + " failed: " + e + "." + hint, e);
        }
    }

    private static long copy(InputStream body, Path tmp, MessageDigest md, ProgressBar bar, URI uri, long length)
            throws IOException {
        long received = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(tmp)) {
            int n;
            while (true) {
                try {
                    n = body.read(buf);
                } catch (IOException e) {
                    throw new DownloadException("GET " + uri + " broke off after " + received + " of "
                            + (length >= 0 ? length : "?") + " bytes: " + e.getMessage()
                            + ". Nothing was kept; try again.", e);
                }
                if (n < 0) {
                    break;
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
                received += n;
                if (bar != null) {
                    bar.update(received);
                }
            }
        }
        return received;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the name starts with '.' and ends with '.part', so it is never taken for data
            }
        }
    }
}
