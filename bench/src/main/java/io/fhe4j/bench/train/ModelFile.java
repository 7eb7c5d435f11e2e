package io.fhe4j.bench.train;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.SerializationException;
import io.fhe4j.io.TruncatedDataException;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.encrypted.Layout;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte format of an encrypted model: a checkpoint's {@code model-<step>.bin} ({@code FHE4JCK2},
 * the steps, the {@link io.fhe4j.nn.encrypted.DataOwner#keyId() id of the key} it is encrypted
 * under, the layers, then each weight and bias matrix as its layout and ciphertexts) and the {@code
 * --out} export ({@code FHE4JNN3}: the context, the key id, the layers, the same matrices).
 * {@link #read} checks the header against the run (steps, key id, layers) before reading any
 * ciphertext, and each layout against the shape the network needs, naming the file, the matrix and
 * the field it refuses. Format {@code FHE4JCK1} (before key ids) is read without the key check.
 * Stateless.
 */
final class ModelFile {
  static final String MAGIC = "FHE4JCK2";
  static final String MAGIC_1 = "FHE4JCK1";
  static final String EXPORT_MAGIC = "FHE4JNN3";

  private ModelFile() {}

  /** Writes a checkpoint model after {@code steps} steps (weights and biases alternating, layer by layer). */
  static void write(DataOutputStream d, long steps, String keyId, List<Stored> model) throws IOException {
    d.writeBytes(MAGIC);
    d.writeLong(steps);
    d.writeUTF(keyId);
    d.writeInt(model.size() / 2);
    for (Stored m : model) {
      writeStored(d, m);
    }
    d.flush();
  }

  /** Writes the {@code --out} export: the context, the key id, then the model as a checkpoint holds it. */
  static void writeExport(DataOutputStream d, Context context, String keyId, List<Stored> model) throws IOException {
    d.writeBytes(EXPORT_MAGIC);
    BgvSerializer.write(context, d);
    d.writeUTF(keyId);
    d.writeInt(model.size() / 2);
    for (Stored m : model) {
      writeStored(d, m);
    }
    d.flush();
  }

  /**
   * The model in {@code p}: weights (even indices) and biases (odd), layer by layer.
   *
   * @param keyId the id of the run's key (the owner's, as {@code run.properties} records it)
   * @throws CheckpointException if the file is not this run's model after {@code steps} steps of
   *     {@code net} under {@code keyId}, or is damaged
   */
  static List<Stored> read(Path p, Context context, long steps, String keyId, NetworkSpec net, int slots)
      throws IOException {
    String recover = ": restore this run's " + p.getFileName() + " from a backup, or start a new --checkpoint folder";
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
      byte[] magic = new byte[MAGIC.length()];
      d.readFully(magic);
      String m = new String(magic, StandardCharsets.ISO_8859_1);
      if (!m.equals(MAGIC) && !m.equals(MAGIC_1)) {
        throw new CheckpointException(p + " is not an fhe4j checkpoint model (it starts with "
            + Arrays.toString(magic) + ", not " + MAGIC + ")" + recover);
      }
      long s = d.readLong();
      String fileKey = m.equals(MAGIC) ? d.readUTF() : null;
      int layers = d.readInt();
      if (fileKey != null && !fileKey.equals(keyId)) {
        throw new CheckpointException(p + " is encrypted under the key with id " + fileKey + ", but this run's key"
            + " (owner-secret.key, key.id in run.properties) has id " + keyId + ": it is another run's model" + recover);
      }
      if (s != steps || layers != net.layers()) {
        throw new CheckpointException(p + " holds " + layers + " layers after " + s + " steps; run.properties and --net "
            + net + " expect " + net.layers() + " layers after " + steps + recover);
      }
      List<Stored> out = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        out.add(readStored(d, context, slots, p, "layer " + (l + 1) + " weights", net.size(l + 1), net.size(l)));
        out.add(readStored(d, context, slots, p, "layer " + (l + 1) + " biases", 1, net.size(l + 1)));
      }
      return out;
    } catch (EOFException e) {
      throw new CheckpointException(p + " is truncated" + recover, e);
    } catch (SerializationException e) {
      throw new CheckpointException(p + " is corrupt: " + e.getMessage() + recover, e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
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

  private static Stored readStored(DataInputStream d, Context context, int slots, Path p, String what, int rows,
      int cols) throws IOException {
    String kindName = d.readUTF();
    Layout.Kind kind;
    try {
      kind = Layout.Kind.valueOf(kindName);
    } catch (IllegalArgumentException e) {
      throw corrupt(p, what, "layout kind '" + printable(kindName) + "' is not one of "
          + Arrays.toString(Layout.Kind.values()));
    }
    int r = d.readInt();
    int c = d.readInt();
    int param = d.readInt();
    int blocks = d.readInt();
    if (r != rows || c != cols) {
      throw corrupt(p, what, "layout rows x cols is " + r + "x" + c + " but the network needs " + rows + "x" + cols);
    }
    Layout l;
    try {
      l = new Layout(kind, r, c, param, slots, blocks);
    } catch (IllegalArgumentException e) {
      throw corrupt(p, what, "layout " + kind + " " + r + "x" + c + " param=" + param + " blocks=" + blocks
          + " is impossible in " + slots + " slots (" + e.getMessage() + ")");
    }
    int n = d.readInt();
    if (n != l.ciphertexts()) {
      throw corrupt(p, what, "layout " + l + " needs " + l.ciphertexts() + " ciphertexts, the file says " + n);
    }
    List<Ciphertext> cts = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      try {
        cts.add(BgvSerializer.readCiphertext(d, context));
      } catch (TruncatedDataException e) {
        throw new CheckpointException(p + " is truncated: it ends inside " + what + ", ciphertext " + (i + 1) + " of "
            + n + "; restore it from a backup, or start a new --checkpoint folder", e);
      } catch (SerializationException e) {
        throw corrupt(p, what, "ciphertext " + (i + 1) + " of " + n + ": " + e.getMessage());
      }
    }
    return new Stored(l, cts);
  }

  private static String printable(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static CheckpointException corrupt(Path p, String what, String detail) {
    return new CheckpointException(p + " is corrupt: " + what + ": " + detail
        + "; restore it from a backup, or start a new --checkpoint folder");
  }
}
