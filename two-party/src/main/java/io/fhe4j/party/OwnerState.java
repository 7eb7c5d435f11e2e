package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.ContextLimits;
import io.fhe4j.io.SerializationException;
import io.fhe4j.nn.encrypted.DataOwner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The data owner's private folder: {@code context.bin}, {@code owner-secret.key} (mode 0600) and
 * {@code run.properties} (the run's name and configuration). {@link #open} reads the owner back
 * when the folder holds the run, and creates the folder (0700) with a fresh context and keys
 * otherwise. Files are written to a temporary name and renamed; the key is never overwritten.
 * Stateless.
 */
public final class OwnerState {
  private OwnerState() {}

  /**
   * The owner of run {@code runId} in {@code dir}: read back if the folder holds it (the same
   * configuration), else created with the context of {@code o}.
   *
   * @throws UsageException if the folder holds another run or configuration
   * @throws IOException if the folder cannot be read or written, or its files are damaged
   */
  public static DataOwner open(Path dir, String runId, String configuration, TrainOptions o, PrintStream out)
      throws IOException {
    return open(dir, runId, configuration, holdsRun(dir) ? null : o.context(), o.insecure(), out);
  }

  /** Whether {@code dir} holds a run (its {@code run.properties}). */
  public static boolean holdsRun(Path dir) {
    return Files.isRegularFile(dir.resolve("run.properties"));
  }

  /**
   * The owner of run {@code runId} in {@code dir}: read back if the folder holds it (the same
   * configuration; its context read with {@code insecure} limits), else created in {@code fresh}.
   *
   * @throws UsageException if the folder holds another run or configuration
   * @throws IOException if the folder cannot be read or written, or its files are damaged
   */
  public static DataOwner open(Path dir, String runId, String configuration, Context fresh, boolean insecure,
      PrintStream out) throws IOException {
    Path props = dir.resolve("run.properties");
    if (Files.isRegularFile(props)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      if (!configuration.equals(p.getProperty("configuration")) || !runId.equals(p.getProperty("run"))) {
        throw new UsageException(dir + " holds run '" + p.getProperty("run") + "' of " + p.getProperty("configuration")
            + " but this command asks for run '" + runId + "' of " + configuration
            + "; rerun with that run's flags, or name another folder");
      }
      Context ctx;
      try (InputStream in = Files.newInputStream(dir.resolve("context.bin"))) {
        ctx = BgvSerializer.readContext(in, insecure ? ContextLimits.defaults().allowInsecure()
            : ContextLimits.defaults());
      } catch (SerializationException e) {
        throw new IOException("context.bin is not a context: " + e.getMessage(), e);
      }
      try (InputStream in = Files.newInputStream(dir.resolve("owner-secret.key"))) {
        out.println("resuming run " + runId + " with the secret key of " + dir);
        return DataOwner.readSecretKey(ctx, in);
      } catch (SerializationException e) {
        throw new IOException("owner-secret.key is not this run's secret key: " + e.getMessage(), e);
      }
    }
    if (Files.exists(dir.resolve("owner-secret.key"))) {
      throw new IOException(dir + " holds owner-secret.key but no run.properties; restore run.properties from a"
          + " backup, or name another folder (a key is never overwritten)");
    }
    Context ctx = fresh;
    DataOwner owner = new DataOwner(ctx);
    createPrivate(dir);
    write(dir, "context.bin", false, os -> BgvSerializer.write(ctx, os));
    write(dir, "owner-secret.key", true, owner::writeSecretKey);
    Properties p = new Properties();
    p.setProperty("run", runId);
    p.setProperty("configuration", configuration);
    write(dir, "run.properties", false, os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      p.store(w, "fhe4j owner state: keep this folder private (it holds the secret key)");
      w.flush();
    });
    return owner;
  }

  /** Creates {@code dir} and its missing parents, readable by the user only (0700) where supported. */
  public static void createPrivate(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Writes a new file atomically (temporary name, then rename); a secret one with mode 0600. */
  private static void write(Path dir, String name, boolean secret, Body body) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret) {
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
    }
    try (OutputStream os = Files.newOutputStream(tmp)) {
      body.write(os);
    }
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
