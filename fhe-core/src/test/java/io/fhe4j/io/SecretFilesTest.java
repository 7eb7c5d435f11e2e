package io.fhe4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.SecretKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SecretFiles}: the file is owner-only while it is being written (observed from inside the
 * write), its new folders are 0700, an existing file is never replaced, a failed write leaves
 * nothing, and non-POSIX file systems are refused unless asked.
 */
class SecretFilesTest {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    @TempDir
    Path tmp;

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void fileIsOwnerOnlyFromCreationAndNewFoldersAre0700() throws IOException {
        Path dir = tmp.resolve("a/b");
        Path target = dir.resolve("sk.bin");
        List<Set<PosixFilePermission>> seenWhileWriting = new ArrayList<>();
        List<Set<PosixFilePermission>> foldersWhileWriting = new ArrayList<>();
        SecretFiles.write(target, out -> {
            assertFalse(Files.exists(target), "the target appears only when complete");
            List<Path> files = list(dir);
            assertEquals(1, files.size(), files.toString());
            assertTrue(files.get(0).getFileName().toString().startsWith(".sk.bin."), files.toString());
            seenWhileWriting.add(Files.getPosixFilePermissions(files.get(0)));
            foldersWhileWriting.add(Files.getPosixFilePermissions(dir));
            foldersWhileWriting.add(Files.getPosixFilePermissions(dir.getParent()));
            out.write("secret".getBytes(StandardCharsets.US_ASCII));
        });
        assertEquals(List.of(OWNER_RW), seenWhileWriting);
        assertEquals(List.of(OWNER_RWX, OWNER_RWX), foldersWhileWriting);
        assertEquals(OWNER_RW, Files.getPosixFilePermissions(target));
        assertEquals(List.of(target), list(dir), "no temporary file left");
        assertEquals("secret", Files.readString(target));
    }

    @Test
    void existingFileIsNeverReplaced() throws IOException {
        Path target = tmp.resolve("sk.bin");
        Files.writeString(target, "old key");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> SecretFiles.write(target, out -> out.write(1)));
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("refusing to overwrite"),
                e.getMessage());
        assertEquals("old key", Files.readString(target));
        assertEquals(List.of(target), list(tmp));
    }

    @Test
    void targetCreatedDuringTheWriteIsNotReplaced() throws IOException {
        Path target = tmp.resolve("sk.bin");
        assertThrows(FileAlreadyExistsException.class, () -> SecretFiles.write(target, out -> {
            Files.writeString(target, "someone else's");
            out.write(1);
        }));
        assertEquals("someone else's", Files.readString(target));
        assertEquals(List.of(target), list(tmp), "the temporary file is removed");
    }

    @Test
    void failedWriteLeavesNothing() throws IOException {
        Path target = tmp.resolve("sk.bin");
        IOException e = assertThrows(IOException.class, () -> SecretFiles.write(target, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void secretKeyRoundTripsThroughAnOwnerOnlyFile() throws IOException {
        Path target = tmp.resolve("keys/sk.bin");
        SecretFiles.writeSecretKey(target, IoFixtures.SK, IoFixtures.ACCESS);
        assertEquals(OWNER_RW, Files.getPosixFilePermissions(target));
        assertEquals(OWNER_RWX, Files.getPosixFilePermissions(target.getParent()));
        SecretKey back = SecretFiles.readSecretKey(target, IoFixtures.SMALL, IoFixtures.ACCESS);
        assertArrayEquals(IoFixtures.SK.coefficients(IoFixtures.ACCESS), back.coefficients(IoFixtures.ACCESS));
        assertThrows(FileAlreadyExistsException.class,
                () -> SecretFiles.writeSecretKey(target, IoFixtures.SK, IoFixtures.ACCESS));
    }

    @Test
    void nonPosixFileSystemIsRefusedUnlessInheritIsAsked() throws IOException {
        URI zip = URI.create("jar:" + tmp.resolve("store.zip").toUri());
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path target = fs.getPath("/keys/sk.bin");
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> SecretFiles.write(target, out -> out.write(7)));
            assertTrue(e.getMessage().contains("no POSIX permissions"), e.getMessage());
            assertFalse(Files.exists(fs.getPath("/keys")), "nothing written when refused");

            SecretFiles.write(target, out -> out.write(7), SecretFiles.NonPosix.INHERIT);
            assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
            assertEquals(List.of(target), list(target.getParent()));
            assertThrows(FileAlreadyExistsException.class,
                    () -> SecretFiles.write(target, out -> out.write(8), SecretFiles.NonPosix.INHERIT));
            assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        }
    }
}
