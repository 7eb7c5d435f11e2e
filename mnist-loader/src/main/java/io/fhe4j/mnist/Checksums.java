package io.fhe4j.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and its verification against a known sum. Stateless and thread-safe. */
final class Checksums {
    private Checksums() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Lowercase hex SHA-256 of the file's bytes. */
    static String sha256(Path file) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Throws {@link ChecksumMismatchException} unless the file's SHA-256 is {@code expected}. */
    static void verify(Path file, String expected) {
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ChecksumMismatchException(file + " has SHA-256 " + actual + " but the known sum is " + expected
                    + ". The file is corrupted or incomplete: delete it and load again with download allowed"
                    + " (MnistOptions.builder().download(true)), or copy a good one there. If it is a different"
                    + " dataset stored under the same name (Fashion-MNIST uses the MNIST names), load it with"
                    + " MnistOptions.builder().unverified().", expected.toLowerCase(java.util.Locale.ROOT), actual);
        }
    }
}
