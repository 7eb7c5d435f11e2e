package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.NoiseBudgetExhaustedException;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.ring.Parallel;
import io.fhe4j.slots.EncryptedArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner side's encryption and decryption of matrices in a {@link Layout}, with the secret key
 * (secret-key encryption: smaller noise than public-key encryption, and the owner's right).
 * Package-private; used by {@link DataOwner} and {@link Refresher}. Thread-safe: one encryptor per
 * thread.
 */
final class SlotCodec {
  private final EncryptedArray array;
  private final Decryptor decryptor;
  private final ThreadLocal<Encryptor> encryptor;
  private final ConcurrentHashMap<Long, Long> sizes = new ConcurrentHashMap<>();

  SlotCodec(SecretKey sk) {
    this.array = new EncryptedArray(sk.context());
    this.decryptor = new Decryptor(sk);
    this.encryptor = ThreadLocal.withInitial(() -> new Encryptor(sk));
  }

  int slots() {
    return array.size();
  }

  /** Encrypts {@code m} in {@code layout} at the top level, ciphertexts in parallel. */
  List<Ciphertext> encrypt(LongMatrix m, Layout layout) {
    return encrypt(m, layout, KeyHolder.Encoding.TOP);
  }

  /**
   * Encrypts {@code m} in {@code layout} in {@code encoding}, ciphertexts in parallel: fresh
   * secret-key encryptions (seed-compressed when serialized) of {@code factor * m mod t}; the
   * receiver records the factor ({@link io.fhe4j.bgv.Ciphertext#restore}), which the serialized
   * form of a fresh encryption does not carry.
   *
   * @throws IllegalArgumentException if the level is outside [0, L] or the factor not in [1, t)
   */
  List<Ciphertext> encrypt(LongMatrix m, Layout layout, KeyHolder.Encoding encoding) {
    return encrypt(m, layout, encoding, null);
  }

  /**
   * As {@link #encrypt(LongMatrix, Layout, KeyHolder.Encoding)}, handing each ciphertext to {@code
   * done} (if non-null) with its index as soon as it is encrypted, on the thread that encrypted it.
   */
  List<Ciphertext> encrypt(LongMatrix m, Layout layout, KeyHolder.Encoding encoding,
      java.util.function.ObjIntConsumer<Ciphertext> done) {
    checkShape(m, layout);
    int top = array.context().maxLevel();
    int level = encoding.level();
    long t = array.context().plaintextModulus();
    if (level > top || encoding.factor() >= t) {
      throw new IllegalArgumentException("encoding " + encoding + " is outside level [1, " + top + "] (0: the top)"
          + " or factor [1, " + t + ")");
    }
    int lv = level == 0 ? top : level;
    io.fhe4j.math.Modulus tm = array.context().plaintextModulusArithmetic();
    long f = encoding.factor();
    Ciphertext[] out = new Ciphertext[layout.ciphertexts()];
    long[] d = m.data();
    Parallel.forEach(out.length, 1L << 20, i -> {
      int[] map = layout.slotMap(i);
      long[] v = new long[map.length];
      for (int s = 0; s < v.length; s++) {
        v[s] = map[s] < 0 ? 0 : d[map[s]];
      }
      if (encoding.factor() != 1) {
        for (int s = 0; s < v.length; s++) {
          v[s] = tm.centered(tm.mul(tm.reduce(v[s]), f));
        }
      }
      out[i] = encryptor.get().encrypt(array.encode(v), lv);
      if (done != null) {
        done.accept(out[i], i);
      }
    });
    return Arrays.asList(out);
  }

  /** The plaintext modulus t. */
  long plaintextModulus() {
    return array.context().plaintextModulus();
  }

  /**
   * Decrypts a value laid out as {@code layout} (centered residues), checking that every copy of
   * an entry agrees.
   *
   * @throws NoiseBudgetExhaustedException with the layout named, if a ciphertext's noise is spent
   * @throws IllegalStateException if copies of one entry differ (a server layout bug)
   */
  LongMatrix decrypt(List<Ciphertext> cts, Layout layout, String what) {
    if (cts.size() != layout.ciphertexts()) {
      throw new IllegalArgumentException(what + ": " + cts.size() + " ciphertexts for layout " + layout + " of "
          + layout.ciphertexts());
    }
    long[][] slots = new long[cts.size()][];
    Parallel.forEach(cts.size(), 1L << 20, i -> {
      try {
        slots[i] = array.decodeCentered(decryptor.decrypt(cts.get(i)));
      } catch (NoiseBudgetExhaustedException e) {
        throw new NoiseBudgetExhaustedException(what + ", ciphertext " + i + " of " + layout + ": " + e.getMessage());
      }
    });
    long[] d = new long[layout.rows() * layout.cols()];
    boolean[] seen = new boolean[d.length];
    for (int i = 0; i < slots.length; i++) {
      int[] map = layout.slotMap(i);
      for (int s = 0; s < map.length; s++) {
        int idx = map[s];
        if (idx < 0) {
          continue;
        }
        if (!seen[idx]) {
          seen[idx] = true;
          d[idx] = slots[i][s];
        } else if (d[idx] != slots[i][s]) {
          throw new IllegalStateException(what + ": copies of entry " + idx + " of " + layout + " differ ("
              + d[idx] + " vs " + slots[i][s] + "): the server combined misaligned layouts");
        }
      }
    }
    return new LongMatrix(layout.rows(), layout.cols(), d, 0);
  }

  /**
   * Serialized size of a ciphertext (measured once per level, part count and whether it is a
   * seed-compressed fresh encryption).
   */
  long bytes(Ciphertext ct) {
    long key = (ct.level() * 16L + ct.size()) * 2 + (ct.seed() != null ? 1 : 0);
    return sizes.computeIfAbsent(key, k -> (long) BgvSerializer.toBytes(ct).length);
  }

  long bytes(List<Ciphertext> cts) {
    long b = 0;
    for (Ciphertext c : cts) {
      b += bytes(c);
    }
    return b;
  }

  static void checkShape(LongMatrix m, Layout layout) {
    if (m.rows() != layout.rows() || m.cols() != layout.cols()) {
      throw new IllegalArgumentException("a " + m.rows() + "x" + m.cols() + " matrix cannot be laid out as " + layout);
    }
  }

  static List<List<Ciphertext>> listOf(int n) {
    return new ArrayList<>(n);
  }
}
