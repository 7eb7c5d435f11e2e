package io.fhe4j.bench.train;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.ContextLimits;
import io.fhe4j.io.SerializationException;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.encrypted.Layout;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The folder of a resumable {@code train} run. It holds, for the data owner, the context and the
 * secret key ({@code context.bin}, {@code owner-secret.key}: keep the folder private), for the
 * server, the encrypted model after the last completed step ({@code model-<step>.bin}: every weight
 * and bias matrix as a layout and its ciphertexts), and the run's bookkeeping ({@code
 * run.properties}: the configuration, steps done, cumulative wall time and counters, accuracy after
 * each epoch). {@code run.properties} is replaced atomically after the model file it names is
 * complete, so an interrupted write leaves the previous checkpoint intact.
 *
 * <p>Not thread-safe.
 */
final class Checkpoint {
  static final String FORMAT = "fhe4j-train-checkpoint-1";
  private static final String MODEL_MAGIC = "FHE4JCK1";

  private final Path dir;

  Checkpoint(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Whether the folder holds a checkpoint to resume. */
  boolean exists() {
    return Files.isRegularFile(dir.resolve("run.properties"));
  }

  /** Writes the owner's files at the start of a run (context and secret key). */
  void start(Context context, DataOwner owner) throws IOException {
    Files.createDirectories(dir);
    writeAtomically("context.bin", out -> BgvSerializer.write(context, out));
    writeAtomically("owner-secret.key", owner::writeSecretKey);
    try {
      Files.setPosixFilePermissions(dir.resolve("owner-secret.key"), PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own protection applies
    }
  }

  /**
   * The context of the run; one under 128-bit security is read only if the run was started with
   * {@code --insecure} (the reader's opt-in, as the builder's).
   */
  Context context(boolean allowInsecure) throws IOException {
    ContextLimits limits = allowInsecure ? ContextLimits.defaults().allowInsecure() : ContextLimits.defaults();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve("context.bin")))) {
      return BgvSerializer.readContext(in, limits);
    } catch (SerializationException e) {
      throw new IOException(dir.resolve("context.bin") + " is not a valid context: " + e.getMessage(), e);
    }
  }

  /** The data owner of the run: its secret key, fresh evaluation keys. */
  DataOwner owner(Context context) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve("owner-secret.key")))) {
      return DataOwner.readSecretKey(context, in);
    } catch (SerializationException e) {
      throw new IOException(dir.resolve("owner-secret.key") + " is not this run's secret key: " + e.getMessage(), e);
    }
  }

  /** The bookkeeping of the last checkpoint. */
  Properties state() throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("run.properties"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new IOException(dir.resolve("run.properties") + " is not a " + FORMAT + " file (format="
          + p.getProperty("format") + ")");
    }
    return p;
  }

  /**
   * Saves the model after {@code steps} steps (weights and biases alternating, layer by layer), then
   * the bookkeeping that names it, then removes older model files.
   */
  void save(long steps, List<Stored> model, Properties state) throws IOException {
    String file = "model-" + steps + ".bin";
    writeAtomically(file, os -> {
      DataOutputStream d = new DataOutputStream(os);
      d.writeBytes(MODEL_MAGIC);
      d.writeLong(steps);
      d.writeInt(model.size() / 2);
      for (Stored m : model) {
        writeStored(d, m);
      }
      d.flush();
    });
    state.setProperty("format", FORMAT);
    state.setProperty("steps", Long.toString(steps));
    state.setProperty("model", file);
    writeAtomically("run.properties", os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      state.store(w, "fhe4j train checkpoint: keep this folder private (it holds the secret key)");
      w.flush();
    });
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("model-") && n.endsWith(".bin") && !n.equals(file)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * The model {@code state} (this folder's {@link #state()}) names: weights (even indices) and
   * biases (odd), layer by layer.
   */
  List<Stored> model(Context context, Properties state, int layers, int slots) throws IOException {
    long steps = Long.parseLong(state.getProperty("steps"));
    Path p = dir.resolve(state.getProperty("model", "model-" + steps + ".bin"));
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(p)))) {
      byte[] magic = new byte[MODEL_MAGIC.length()];
      d.readFully(magic);
      if (!MODEL_MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new IOException(p + " is not an fhe4j checkpoint model (bad magic)");
      }
      long s = d.readLong();
      int l = d.readInt();
      if (s != steps || l != layers) {
        throw new IOException(p + " holds " + l + " layers after " + s + " steps; run.properties expects " + layers
            + " layers after " + steps);
      }
      List<Stored> out = new ArrayList<>();
      for (int i = 0; i < 2 * layers; i++) {
        out.add(readStored(d, context, slots, p));
      }
      return out;
    } catch (EOFException e) {
      throw new IOException(p + " is truncated: resume from an earlier checkpoint or start a new folder", e);
    } catch (SerializationException | IllegalArgumentException e) {
      throw new IOException(p + " is corrupt: " + e.getMessage(), e);
    }
  }

  static void writeStored(DataOutputStream d, Stored s) throws IOException {
    Layout l = s.layout();
    d.writeUTF(l.kind().name());
    d.writeInt(l.rows());
    d.writeInt(l.cols());
    d.writeInt(l.param());
    d.writeInt(l.blocks());
    d.writeInt(s.ciphertexts().size());
    for (Ciphertext c : s.ciphertexts()) {
      BgvSerializer.write(c, d);
    }
  }

  private static Stored readStored(DataInputStream d, Context context, int slots, Path p) throws IOException {
    Layout.Kind kind = Layout.Kind.valueOf(d.readUTF());
    Layout l = new Layout(kind, d.readInt(), d.readInt(), d.readInt(), slots, d.readInt());
    int n = d.readInt();
    if (n != l.ciphertexts()) {
      throw new IOException(p + ": layout " + l + " needs " + l.ciphertexts() + " ciphertexts, the file says " + n);
    }
    List<Ciphertext> cts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      cts.add(BgvSerializer.readCiphertext(d, context));
    }
    return new Stored(l, cts);
  }

  /** A body that writes a file's content. */
  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private void writeAtomically(String name, Body body) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      body.write(os);
    }
    try {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
