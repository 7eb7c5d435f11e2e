package io.fhe4j.spark;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.ContextLimits;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor JVM keeps between a {@link SparkProducts} session's jobs: the contexts it has
 * read, and the current version of each model-parameter operand ({@link Operand#keep}), by session
 * and operand id, with the job that stored it. A version is dropped when its update arrives
 * ({@link #resolve}), or when the driver says that nothing stored before a given job is needed any
 * more ({@link #evictBefore}). Nothing here is needed for correctness: an operand that is not found
 * makes its task report a miss and the driver sends it whole. Thread-safe.
 */
final class ExecutorCache {
  private static final Map<String, Context> CONTEXTS = new ConcurrentHashMap<>();
  private static final Map<Key, Kept> KEPT = new ConcurrentHashMap<>();

  private record Key(long session, long id) {}

  private record Kept(Ciphertext ciphertext, long job) {}

  private ExecutorCache() {}

  /**
   * The context of {@code bytes}, read once per JVM. It comes from the driver, which accepted it under its
   * own limits (insecure contexts only with the server's {@code --insecure}), so it is read here without
   * the 128-bit floor.
   */
  static Context context(byte[] bytes) {
    return CONTEXTS.computeIfAbsent(sha256(bytes),
        k -> BgvSerializer.readContext(bytes, ContextLimits.defaults().allowInsecure()));
  }

  /**
   * The operand's ciphertext: the kept one of its id, else read from its bytes, else its previous
   * version (kept here) minus its update ({@link Evaluator#sub}, as on the driver), the previous
   * version then dropped; null if that previous version is not here. Kept if the operand says so.
   */
  static Ciphertext resolve(long session, long job, Operand op, Context context, Evaluator eval) {
    Key key = new Key(session, op.id);
    Kept have = KEPT.get(key);
    if (have != null) {
      return have.ciphertext();
    }
    Ciphertext c;
    if (op.bytes != null) {
      c = BgvSerializer.readCiphertext(op.bytes, context);
    } else {
      Kept previous = KEPT.get(new Key(session, op.previous));
      if (previous == null) {
        return null;
      }
      c = eval.sub(previous.ciphertext(), BgvSerializer.readCiphertext(op.update, context));
      KEPT.remove(new Key(session, op.previous));
    }
    if (op.keep) {
      KEPT.put(key, new Kept(c, job));
    }
    return c;
  }

  /** Drops the session's operands stored before {@code job}. */
  static void evictBefore(long session, long job) {
    KEPT.entrySet().removeIf(e -> e.getKey().session() == session && e.getValue().job() < job);
  }

  /** Drops everything of the session (its end, or a test's lost executor). */
  static void clear(long session) {
    KEPT.keySet().removeIf(k -> k.session() == session);
  }

  /** Operands of the session kept in this JVM. */
  static int kept(long session) {
    int n = 0;
    for (Key k : KEPT.keySet()) {
      if (k.session() == session) {
        n++;
      }
    }
    return n;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
