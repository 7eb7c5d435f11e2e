package io.fhe4j.party;

import com.google.protobuf.CodedInputStream;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.SerializationException;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.party.proto.FinalModel;
import io.fhe4j.party.proto.OpenRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's folder: only public material. {@code run.bin} (the owner's opening: run id, spec,
 * context fingerprint), {@code context.bin} and {@code evaluation-keys.bin} (as the owner sent
 * them), and {@code model.bin} (the encrypted model after the last completed step, with the step
 * count). Every file is written to a temporary name, forced to disk and renamed over the old one,
 * so a kill at any moment leaves the previous complete file. The model is serialized by the caller
 * and written by a background thread while training goes on ({@link #saveModel}); at most one
 * write is in flight, and {@link #awaitWrites} waits for it (a failed write is reported there or
 * by the next save). Not thread-safe otherwise (the training thread and the key upload never
 * overlap: keys come before the first step); reads may run on other threads, and see the previous
 * or the new file.
 */
final class ServerCheckpoint {
  private final Path dir;
  private final long maxModelBytes;

  private final io.fhe4j.io.ContextLimits limits;
  /** Writes the model in the background: one thread at most, which ends when idle. */
  private final java.util.concurrent.ThreadPoolExecutor writer = new java.util.concurrent.ThreadPoolExecutor(0, 1,
      5, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "fhe4j-checkpoint-writer");
        t.setDaemon(true);
        return t;
      });
  /** The model write in flight, or null. */
  private java.util.concurrent.Future<?> pending;

  ServerCheckpoint(Path dir, long maxModelBytes, io.fhe4j.io.ContextLimits limits) {
    this.dir = dir;
    this.maxModelBytes = maxModelBytes;
    this.limits = limits;
  }

  Path dir() {
    return dir;
  }

  /** The opening of the run this folder holds, or null for an empty folder. */
  OpenRequest run() throws IOException {
    Path p = dir.resolve("run.bin");
    if (!Files.isRegularFile(p)) {
      return null;
    }
    if (Files.size(p) > 1 << 16) {
      throw new IOException(p + " is larger than a run description can be");
    }
    return OpenRequest.parseFrom(Files.readAllBytes(p));
  }

  void saveRun(OpenRequest r) throws IOException {
    Files.createDirectories(dir);
    write("run.bin", r.toByteArray());
  }

  boolean hasKeys() {
    return Files.isRegularFile(dir.resolve("evaluation-keys.bin")) && Files.isRegularFile(dir.resolve("context.bin"));
  }

  void saveKeys(byte[] context, byte[] keys) throws IOException {
    write("context.bin", context);
    write("evaluation-keys.bin", keys);
  }

  Context context() throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve("context.bin"))) {
      return BgvSerializer.readContext(in, limits);
    } catch (SerializationException e) {
      throw new IOException(dir.resolve("context.bin") + " is not a valid context: " + e.getMessage(), e);
    }
  }

  EvaluationKeys evaluationKeys(Context context) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve("evaluation-keys.bin"))) {
      return BgvSerializer.readEvaluationKeys(in, context);
    } catch (SerializationException e) {
      throw new IOException(dir.resolve("evaluation-keys.bin") + " is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * Saves the model after {@code steps} steps (weights and biases alternating): serialized now,
   * written to disk by the background thread once the previous write is done.
   *
   * @throws IOException if the previous write failed
   */
  void saveModel(long steps, List<Stored> model) throws IOException {
    awaitWrites();
    FinalModel.Builder b = FinalModel.newBuilder().setSteps(steps);
    for (Stored s : model) {
      b.addValues(Wire.toValue(s));
    }
    byte[] data = b.build().toByteArray();
    pending = writer.submit(() -> {
      write("model.bin", data);
      return null;
    });
  }

  /**
   * Waits until the model write in flight (if any) is on disk.
   *
   * @throws IOException if it failed
   */
  void awaitWrites() throws IOException {
    java.util.concurrent.Future<?> p = pending;
    pending = null;
    if (p == null) {
      return;
    }
    try {
      p.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while the model was being written");
    }
  }

  /** The last saved model, or null if none was saved. */
  Saved model(Context context) throws IOException {
    Path p = dir.resolve("model.bin");
    if (!Files.isRegularFile(p)) {
      return null;
    }
    if (Files.size(p) > maxModelBytes) {
      throw new IOException(p + " is larger than " + maxModelBytes + " bytes");
    }
    try (InputStream in = Files.newInputStream(p)) {
      CodedInputStream c = CodedInputStream.newInstance(in);
      c.setSizeLimit((int) Math.min(Integer.MAX_VALUE, maxModelBytes));
      FinalModel m = FinalModel.parseFrom(c);
      List<Stored> out = new ArrayList<>();
      for (var v : m.getValuesList()) {
        out.add(Wire.value(v, context));
      }
      return new Saved(m.getSteps(), out);
    } catch (ProtocolException e) {
      throw new IOException(p + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** A saved model: the steps done and the values. */
  record Saved(long steps, List<Stored> model) {}

  private void write(String name, byte[] data) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING); OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
      os.write(data);
      os.flush();
      ch.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e.getMessage(), e);
  }
}
