package io.fhe4j.io;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Files that hold secret material (a {@link SecretKey}), written so that no other user can read them
 * at any moment and so that an existing file is never replaced.
 *
 * <p>On a POSIX file system, {@link #write} creates missing folders with mode 0700 and a temporary
 * file in the target's folder with mode 0600, both through attributes given at creation (never a
 * {@code chmod} afterwards; the umask can only remove bits), writes it, forces it to disk, links it
 * to the target name (the link fails if the name exists, atomically: {@link
 * FileAlreadyExistsException}), removes the temporary name and forces the folder. An interrupted
 * write leaves at most a hidden, owner-only temporary file, never a partial target. On a file
 * system without hard links the last step is a move that refuses an existing target (checked, then
 * renamed: not atomic against a concurrent writer of the same name).
 *
 * <p>On a file system without POSIX permissions (Windows, some network shares) the owner-only mode
 * cannot be set at creation, so {@link NonPosix#REFUSE} (the default) throws before anything is
 * written; {@link NonPosix#INHERIT} writes anyway, protected only by the folder's inherited ACL,
 * which is then the caller's responsibility.
 *
 * <p>Stateless and thread-safe; concurrent writers of the same target: one wins, the others get
 * {@link FileAlreadyExistsException}.
 */
public final class SecretFiles {
    private static final FileAttribute<?> FILE_0600 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> DIR_0700 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** What {@link #write} does on a file system without POSIX permissions. */
    public enum NonPosix {
        /** Throw a {@link FileSystemException} naming the path before writing anything (the default). */
        REFUSE,
        /** Write with the folder's inherited permissions (ACL): protecting the folder is up to the caller. */
        INHERIT
    }

    /** The content of a secret file, written to an unbuffered stream (so no copy stays in a buffer). */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out} (do not close it). */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code secretKey} to a new file {@code target} (the bytes of {@link
     * BgvSerializer#writeSecretKey}, readable back with {@link #readSecretKey}), owner-only from the
     * start; the temporary copy in memory is wiped.
     *
     * @param access the token that marks this call site as handling the secret key
     * @throws FileAlreadyExistsException if {@code target} exists (a key is never overwritten)
     * @throws FileSystemException if the file system has no POSIX permissions
     * @throws IOException if the folder or the file cannot be written
     */
    public static void writeSecretKey(Path target, SecretKey secretKey, SecretKey.Access access) throws IOException {
        Objects.requireNonNull(secretKey, "secretKey");
        write(target, out -> BgvSerializer.writeSecretKey(secretKey, access, out), NonPosix.REFUSE);
    }

    /**
     * Reads a secret key written by {@link #writeSecretKey} (the length is checked against the
     * largest key of {@code context} before anything is allocated; the buffered copy is wiped).
     *
     * @throws SerializationException if the file is not a secret key of {@code context}
     * @throws IOException if the file cannot be read
     */
    public static SecretKey readSecretKey(Path file, Context context, SecretKey.Access access) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BgvSerializer.readSecretKey(in, context, access);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@link #write(Path, Content, NonPosix)} refusing non-POSIX file systems. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, NonPosix.REFUSE);
    }

    /**
     * Writes a new secret file as described in the class comment.
     *
     * @throws FileAlreadyExistsException if {@code target} exists (it is left untouched)
     * @throws FileSystemException with {@link NonPosix#REFUSE} on a file system without POSIX permissions
     * @throws IOException if the content or the file system fails; the temporary file is removed
     */
    public static void write(Path target, Content content, NonPosix nonPosix) throws IOException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(nonPosix, "nonPosix");
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw new FileSystemException(target.toString(), null, "not a file name: name a file inside a folder");
        }
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix && nonPosix == NonPosix.REFUSE) {
            throw new FileSystemException(target.toString(), null, "this file system has no POSIX permissions, so the"
                    + " file cannot be made owner-only at creation; use a POSIX file system, or NonPosix.INHERIT"
                    + " with a folder whose ACL admits only you");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(target);
        }
        createFolders(dir, posix);
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        Path tmp = dir.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(id) + ".tmp");
        EnumSet<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean done = false;
        try {
            try (FileChannel ch = posix ? FileChannel.open(tmp, options, FILE_0600) : FileChannel.open(tmp, options)) {
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            publish(tmp, file, target);
            done = true;
        } finally {
            Files.deleteIfExists(tmp);
            if (done) {
                forceFolder(dir);
            }
        }
    }

    /** Gives {@code tmp} the name {@code file} without replacing an existing file. */
    private static void publish(Path tmp, Path file, Path target) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            throw refused(target);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here (FAT, some network file systems): a move that refuses an existing target
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(target);
            }
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException again) {
                throw refused(target);
            }
        }
    }

    private static FileAlreadyExistsException refused(Path target) {
        return new FileAlreadyExistsException(target.toString(), null,
                "refusing to overwrite an existing secret file: move it away or choose another name");
    }

    /** Creates the missing folders of {@code dir}, each 0700 at creation on POSIX, each made durable. */
    private static void createFolders(Path dir, boolean posix) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                if (posix) {
                    Files.createDirectory(p, DIR_0700);
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw new FileSystemException(p.toString(), null, "exists and is not a folder");
                }
                continue; // created meanwhile by someone else: not ours, keep its mode
            }
            if (p.getParent() != null) {
                forceFolder(p.getParent());
            }
        }
    }

    /** Makes a folder's entries durable; file systems that cannot open or sync a folder are tolerated. */
    private static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; some file systems refuse fsync on one
        }
    }
}
