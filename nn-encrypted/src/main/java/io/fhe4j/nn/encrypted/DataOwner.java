package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.KeyGenerator;
import io.fhe4j.bgv.SecretKey;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.SecretFiles;
import io.fhe4j.nn.fixed.LongMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data owner: generates and keeps the secret key, encrypts its mini-batches, labels and initial
 * weights in the layouts the server asks for, owns the {@link Refresher}, and decrypts the final
 * model. It hands the server only public material: the context and the evaluation keys ({@link
 * #evaluationKeys()}), and itself as a {@link KeyHolder} (the seam of a network connection).
 *
 * <p>It keeps the plaintext of every value it encoded or refreshed under a handle until the server
 * releases it. The evaluation keys hold the relinearization key and the Galois keys of {@link
 * io.fhe4j.slots.EncryptedArray#powerOfTwoKeyElements()} (row rotations by powers of two and the row
 * swap), which fold the blocks of packed layouts. Thread-safe.
 */
public final class DataOwner implements KeyHolder {
  private final Context context;
  private final SecretKey secretKey;
  private final String keyId;
  private final EvaluationKeys evaluationKeys;
  private final SlotCodec codec;
  private final Refresher refresher;
  private final ExchangeStats stats = new ExchangeStats();
  private final ConcurrentHashMap<Long, LongMatrix> store = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(1);

  /** Fresh keys from {@code SecureRandom}. */
  public DataOwner(Context context) {
    this(new KeyGenerator(context));
  }

  private DataOwner(KeyGenerator kg) {
    this(kg, kg.secretKey());
  }

  private DataOwner(KeyGenerator kg, SecretKey secretKey) {
    this.secretKey = secretKey;
    this.context = secretKey.context();
    this.keyId = keyId(secretKey);
    this.evaluationKeys = kg.evaluationKeys(secretKey, true,
        new io.fhe4j.slots.EncryptedArray(context).powerOfTwoKeyElements());
    this.codec = new SlotCodec(secretKey);
    this.refresher = new Refresher(codec, stats);
  }

  /**
   * The owner of a checkpointed run: its secret key read back from {@link #writeSecretKey} output,
   * with fresh evaluation keys.
   *
   * @throws io.fhe4j.io.SerializationException if the data is not a secret key of {@code context}
   */
  public static DataOwner readSecretKey(Context context, InputStream in) {
    SecretKey sk = BgvSerializer.readSecretKey(in, context, SecretKey.Access.insecureSecretKeyAccess());
    return new DataOwner(new KeyGenerator(context), sk);
  }

  /**
   * Writes the secret key (so that the owner can resume a run later). The bytes are the key in
   * clear: the owner must keep them as private as the key itself; to a file, use {@link
   * #writeSecretKey(Path)}, which makes it owner-only from its creation.
   */
  public void writeSecretKey(OutputStream out) {
    BgvSerializer.writeSecretKey(secretKey, SecretKey.Access.insecureSecretKeyAccess(), out);
  }

  /**
   * Writes the secret key to a new file, owner-only from its creation (mode 0600, new folders 0700,
   * forced to disk; {@link SecretFiles}). Read it back with {@link #readSecretKey(Context, Path)}.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists: a key is never overwritten
   * @throws java.nio.file.FileSystemException if the file system has no POSIX permissions
   */
  public void writeSecretKey(Path file) throws IOException {
    SecretFiles.writeSecretKey(file, secretKey, SecretKey.Access.insecureSecretKeyAccess());
  }

  /**
   * The owner whose secret key {@link #writeSecretKey(Path)} wrote to {@code file}, with fresh
   * evaluation keys.
   *
   * @throws io.fhe4j.io.SerializationException if the file is not a secret key of {@code context}
   */
  public static DataOwner readSecretKey(Context context, Path file) throws IOException {
    SecretKey sk = SecretFiles.readSecretKey(file, context, SecretKey.Access.insecureSecretKeyAccess());
    return new DataOwner(new KeyGenerator(context), sk);
  }

  /**
   * A public name of the secret key, 32 hex digits: the first 128 bits of SHA-256 over a domain tag
   * and the key's serialized form. The same key read back has the same id, another key another one;
   * a one-way hash of a high-entropy key, it reveals nothing usable about it. Files encrypted under
   * the key (a checkpointed model) record it, so that a key and a model of different runs are told
   * apart by name.
   */
  public String keyId() {
    return keyId;
  }

  private static String keyId(SecretKey sk) {
    byte[] b = BgvSerializer.secretKeyToBytes(sk, SecretKey.Access.insecureSecretKeyAccess());
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("fhe4j secret key id v1\0".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(md.digest(b), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Reproducible keys for tests (they protect nothing). */
  public static DataOwner deterministicForTests(Context context, long seed) {
    return new DataOwner(KeyGenerator.deterministicForTests(context, seed));
  }

  /** The context (public). */
  public Context context() {
    return context;
  }

  /** The evaluation keys the server needs (public): relinearization and power-of-two rotations. */
  public EvaluationKeys evaluationKeys() {
    return evaluationKeys;
  }

  /** The owner's refresh service. */
  public Refresher refresher() {
    return refresher;
  }

  @Override
  public long submit(LongMatrix values) {
    long h = nextHandle.getAndIncrement();
    store.put(h, new LongMatrix(values.rows(), values.cols(), values.data().clone(), 0));
    return h;
  }

  @Override
  public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
    return encrypt(handle, layouts, Encoding.TOP);
  }

  /** Secret-key encryptions in {@code encoding}, each sent as part 0 and a seed. */
  @Override
  public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
    LongMatrix v = stored(handle);
    if (refreshed.containsKey(handle)) {
      return refresher.views(v, layouts, encoding);
    }
    long t0 = System.nanoTime();
    stats.uploads.incrementAndGet();
    List<List<Ciphertext>> out = SlotCodec.listOf(layouts.size());
    for (Layout l : layouts) {
      List<Ciphertext> cts = codec.encrypt(v, l, encoding);
      stats.uploadCiphertexts.addAndGet(cts.size());
      stats.uploadBytes.addAndGet(codec.bytes(cts));
      out.add(cts);
    }
    stats.uploadNanos.addAndGet(System.nanoTime() - t0);
    return out;
  }

  private final ConcurrentHashMap<Long, Boolean> refreshed = new ConcurrentHashMap<>();

  /**
   * Tells the owner which SGD step (counting from 1) the requests that follow belong to, so that a
   * {@link PlaintextMagnitudeException} names it. The caller that drives the steps calls it.
   */
  public void atStep(long step) {
    refresher.atStep(step);
  }

  @Override
  public List<Refreshed> refresh(List<RefreshRequest> requests) {
    return refresh(requests, null);
  }

  /**
   * Where a refresh hands each fresh ciphertext as soon as it is encrypted, so that a caller can
   * send it while the others are being encrypted. Called from several threads at once, in no
   * particular order; implementations must be thread-safe.
   */
  @FunctionalInterface
  public interface CiphertextSink {
    /** Ciphertext {@code index} of layout {@code view} of request {@code item} of the round. */
    void accept(int item, int view, int index, Ciphertext ciphertext);
  }

  /**
   * {@link #refresh(List)}, handing every fresh ciphertext to {@code sink} (if non-null) as soon as
   * it is encrypted; the result holds the same ciphertexts.
   */
  public List<Refreshed> refresh(List<RefreshRequest> requests, CiphertextSink sink) {
    List<Refreshed> out = new java.util.ArrayList<>(requests.size());
    for (Refresher.RefreshResult r : refresher.refresh(requests, sink)) {
      long h = nextHandle.getAndIncrement();
      store.put(h, r.value());
      refreshed.put(h, Boolean.TRUE);
      out.add(new Refreshed(h, r.views()));
    }
    return out;
  }

  @Override
  public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
    return codec.decrypt(value, layout, "owner decryption");
  }

  @Override
  public void release(long handle) {
    store.remove(handle);
    refreshed.remove(handle);
  }

  /** Values currently kept for the server (encoded or refreshed, not yet released). */
  public int storedValues() {
    return store.size();
  }

  @Override
  public ExchangeStats stats() {
    return stats;
  }

  private LongMatrix stored(long handle) {
    LongMatrix v = store.get(handle);
    if (v == null) {
      throw new IllegalStateException("the owner holds no value under handle " + handle
          + ": it was released or never submitted");
    }
    return v;
  }
}
