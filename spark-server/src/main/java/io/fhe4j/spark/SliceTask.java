package io.fhe4j.spark;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.ContextLimits;
import io.fhe4j.nn.encrypted.SliceProducts;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One partial sum of {@link SliceProducts}' contract as it travels to a Spark executor: the slice's
 * operand ciphertexts, each in {@link BgvSerializer}'s format (Spark sees only byte arrays, never a
 * ciphertext's internal arrays), and its index {@code k * slices + s}. {@link #compute} reads them
 * back with the broadcast context, multiplies and adds them in the contract's order and returns the
 * sum in the same format. Immutable; the context cache is thread-safe.
 */
final class SliceTask implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Contexts read on this JVM, by the SHA-256 of their serialized form: read once per executor. */
  private static final Map<String, Context> CONTEXTS = new ConcurrentHashMap<>();

  final int index;
  private final byte[][] a;
  private final byte[][] b;

  SliceTask(int index, byte[][] a, byte[][] b) {
    if (a.length == 0 || a.length != b.length) {
      throw new IllegalArgumentException("a slice needs as many first as second operands, at least one, got "
          + a.length + " and " + b.length);
    }
    this.index = index;
    this.a = a;
    this.b = b;
  }

  /** Operand bytes of this task (both sides). */
  long bytes() {
    long n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i].length + b[i].length;
    }
    return n;
  }

  /**
   * The slice's partial sum, serialized: the products of the operand pairs in order, the first one
   * the accumulator ({@link SliceProducts#slice}'s order, so the noise bound is the same double).
   *
   * @param contextBytes the operands' context in {@link BgvSerializer}'s format
   */
  byte[] compute(byte[] contextBytes) {
    Context context = context(contextBytes);
    List<Ciphertext> x = new ArrayList<>(a.length);
    List<Ciphertext> y = new ArrayList<>(b.length);
    for (int i = 0; i < a.length; i++) {
      x.add(BgvSerializer.readCiphertext(a[i], context));
      y.add(BgvSerializer.readCiphertext(b[i], context));
    }
    // one chunk, the slice's terms as one slice: SliceProducts.slice computes exactly the contract's sum
    Ciphertext sum = SliceProducts.slice(new Evaluator(context), x, y, 1, a.length, 1, 0);
    return BgvSerializer.toBytes(sum);
  }

  /**
   * The context of {@code bytes}, read once per JVM. It comes from the driver, which accepted it under its
   * own limits (insecure contexts only with the server's {@code --insecure}), so it is read here without
   * the 128-bit floor.
   */
  static Context context(byte[] bytes) {
    return CONTEXTS.computeIfAbsent(sha256(bytes),
        k -> BgvSerializer.readContext(bytes, ContextLimits.defaults().allowInsecure()));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "slice task " + index + " of " + a.length + " terms";
  }
}
