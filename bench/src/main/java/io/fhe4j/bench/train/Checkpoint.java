package io.fhe4j.bench.train;

import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.SecretFiles;
import io.fhe4j.io.ContextLimits;
import io.fhe4j.io.SerializationException;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder of a resumable {@code train} run. It holds, for the data owner, the context and the
 * secret key ({@code context.bin}, {@code owner-secret.key}, written once, owner-only from creation
 * through {@link SecretFiles}; a folder the run creates is 0700), for the server, the encrypted model
 * after each checkpointed step ({@code model-<step>.bin}, recording the id of the key it is encrypted
 * under; {@link ModelFile}), and the run's bookkeeping ({@code run.properties}, {@link RunState}),
 * written at the start and replaced atomically after each model it names is complete and on disk
 * (every file 0600).
 *
 * <p>Keys and models are never overwritten or deleted: a model file whose name is taken (left by an
 * interrupted sitting) gets the next free {@code model-<step>-<k>.bin}; older models stay (delete
 * those before the one {@code run.properties} names yourself if space matters). A folder that holds
 * files but no {@code run.properties} is refused ({@link #open}), never started over.
 *
 * <p>Not thread-safe.
 */
final class Checkpoint {
  static final String STATE = "run.properties";
  static final String CONTEXT = "context.bin";
  static final String KEY = "owner-secret.key";
  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path dir;

  private Checkpoint(Path dir) {
    this.dir = dir;
  }

  /**
   * The checkpoint in {@code dir}: a new one if the folder is missing or empty, otherwise the one its
   * {@code run.properties} describes.
   *
   * @return the checkpoint and its state (null for a new run)
   * @throws CheckpointException if the folder holds files but no {@code run.properties}, or an invalid one
   */
  static Opened open(Path dir) throws IOException {
    Checkpoint ck = new Checkpoint(dir);
    Path state = dir.resolve(STATE);
    if (Files.isRegularFile(state)) {
      return new Opened(ck, RunState.read(state));
    }
    List<String> present = ck.files();
    if (!present.isEmpty()) {
      boolean models = present.stream().anyMatch(n -> RunState.MODEL_NAME.matcher(n).matches());
      throw new CheckpointException(dir + " holds " + summary(present) + " but no " + STATE + ", so it cannot be"
          + " resumed, and fhe4j never overwrites or deletes a key or a model. If it is this run's checkpoint,"
          + " restore " + STATE + " from a backup and rerun; to start a new run, name another --checkpoint folder"
          + " (a new or empty one)" + (models ? "" : ". With no model-<step>.bin it looks like a start interrupted"
          + " before its first checkpoint: if so, nothing is lost by deleting the folder yourself"));
    }
    return new Opened(ck, null);
  }

  /** A checkpoint and its state at opening (null: a new run). */
  record Opened(Checkpoint checkpoint, RunState state) {}

  Path dir() {
    return dir;
  }

  /** The names in the folder, sorted (none if it does not exist). */
  private List<String> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String summary(List<String> names) {
    List<String> shown = names.size() > 8 ? names.subList(0, 8) : names;
    return names.size() + (names.size() == 1 ? " file (" : " files (") + String.join(", ", shown)
        + (names.size() > shown.size() ? ", ..." : "") + ")";
  }

  /**
   * Writes a new run's files: the context and the secret key (owner-only, never replacing a file),
   * then {@code run.properties} at 0 steps, so that an interrupted first sitting can be resumed.
   */
  void start(Context context, DataOwner owner, RunState state) throws IOException {
    SecretFiles.write(dir.resolve(CONTEXT), out -> BgvSerializer.write(context, out));
    owner.writeSecretKey(dir.resolve(KEY));
    writeState(state);
  }

  /**
   * The context of the run; one under 128-bit security is read only if the run was started with
   * {@code --insecure} (the reader's opt-in, as the builder's).
   */
  Context context(boolean allowInsecure) throws IOException {
    Path p = dir.resolve(CONTEXT);
    ContextLimits limits = allowInsecure ? ContextLimits.defaults().allowInsecure() : ContextLimits.defaults();
    try (InputStream in = Files.newInputStream(p)) {
      return BgvSerializer.readContext(in, limits);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(p + " is missing: restore it from a backup (it is public: the context"
          + " the run's --m, --bits, --c and --t-bits built)", e);
    } catch (SerializationException e) {
      throw new CheckpointException(p + " is not a valid context: " + e.getMessage()
          + "; restore it from a backup", e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * The data owner of the run (its secret key, fresh evaluation keys), checked against the key id
   * in {@code state} (absent only in a format-1 checkpoint).
   */
  DataOwner owner(Context context, RunState state) throws IOException {
    Path p = dir.resolve(KEY);
    DataOwner owner;
    try {
      owner = DataOwner.readSecretKey(context, p);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(p + " is missing: without the owner's secret key the encrypted model cannot be"
          + " used; restore it from your backup, or start a new --checkpoint folder", e);
    } catch (SerializationException e) {
      throw new CheckpointException(p + " is not a secret key of " + dir.resolve(CONTEXT) + ": " + e.getMessage()
          + "; restore this run's key from your backup", e);
    }
    if (state.keyId != null && !state.keyId.equals(owner.keyId())) {
      throw new CheckpointException(p + " has key id " + owner.keyId() + " but " + dir.resolve(STATE)
          + " records key.id=" + state.keyId + ": it is another run's key; put this run's key back from your backup");
    }
    return owner;
  }

  /** The model {@code state} names, checked against the run's key and network. */
  List<Stored> model(Context context, RunState state, String keyId, NetworkSpec net, int slots) throws IOException {
    Path p = dir.resolve(state.model);
    if (!Files.isRegularFile(p)) {
      throw new CheckpointException(p + " is missing, but " + dir.resolve(STATE) + " names it (model=" + state.model
          + "): restore it from a backup, or start a new --checkpoint folder");
    }
    return ModelFile.read(p, context, state.steps, keyId, net, slots);
  }

  /**
   * Saves the model after {@code steps} steps under a free name, then the bookkeeping that names it
   * ({@code state}, updated).
   */
  void save(long steps, List<Stored> model, String keyId, RunState state) throws IOException {
    for (int k = 1; ; k++) {
      String name = "model-" + steps + (k == 1 ? "" : "-" + k) + ".bin";
      try {
        SecretFiles.write(dir.resolve(name), out -> {
          DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 20));
          ModelFile.write(d, steps, keyId, model);
        });
        state.steps = steps;
        state.model = name;
        writeState(state);
        return;
      } catch (FileAlreadyExistsException e) {
        // left by an interrupted sitting: keep it, take the next name
      }
    }
  }

  /** Replaces {@code run.properties} atomically with a complete, synced file. */
  private void writeState(RunState state) throws IOException {
    Path tmp = dir.resolve("." + STATE + ".tmp");
    Files.deleteIfExists(tmp);
    var options = java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    try (FileChannel ch = posix ? FileChannel.open(tmp, options, OWNER_ONLY) : FileChannel.open(tmp, options)) {
      Writer w = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
      state.toProperties().store(w, "fhe4j train checkpoint: keep this folder private (it holds the secret key)");
      w.flush();
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // a file system that cannot sync a folder: the rename is still atomic
    }
  }
}
