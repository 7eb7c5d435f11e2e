package io.fhe4j.nn.bitwise;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.circuits.EncryptedBitBackend;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SlotBits} on {@link EncryptedBitBackend}: BGV ciphertexts over GF(2) with one bit in the
 * constant coefficient, i.e. <b>one slot</b>, because the power-of-two rings of {@code io.fhe4j.bgv}
 * have no GF(2) slots (see {@link EncryptedBitBackend}). With one slot a rotation is the identity
 * and the bitwise trainer keeps every sample of the mini-batch in its own ciphertexts. The paper's
 * packing (the mini-batch across GF(2) slots) is {@link SimdSlotBits}, on an odd-m ring.
 *
 * <p>Holds the encryptor and decryptor: it plays the data owner for {@link #encrypt} and
 * {@link #decrypt} (see {@link SlotBits}). Thread-safe.
 */
public final class EncryptedSlotBits implements SlotBits<Ciphertext> {
  private final EncryptedBitBackend backend;
  private final Context context;
  private final Encryptor encryptor;
  private final Decryptor decryptor;
  private final AtomicLong encryptions = new AtomicLong();
  private final AtomicLong decryptions = new AtomicLong();

  /** Bits under this backend's evaluator, encrypted and decrypted with the owner's keys. */
  public EncryptedSlotBits(EncryptedBitBackend backend, Encryptor encryptor, Decryptor decryptor) {
    this.backend = backend;
    this.context = backend.evaluator().context();
    this.encryptor = encryptor;
    this.decryptor = decryptor;
  }

  @Override
  public EncryptedBitBackend backend() {
    return backend;
  }

  @Override
  public int slots() {
    return 1;
  }

  @Override
  public Ciphertext encrypt(long[] bits) {
    if (bits.length != 1) {
      throw new IllegalArgumentException("one bit per ciphertext, got " + bits.length);
    }
    encryptions.incrementAndGet();
    return encryptor.encrypt(Plaintext.constant(context, bits[0] & 1));
  }

  @Override
  public long[] decrypt(Ciphertext value) {
    decryptions.incrementAndGet();
    return new long[] {decryptor.decrypt(value).coefficient(0) & 1};
  }

  /** With one slot every rotation is the identity. */
  @Override
  public Ciphertext rotate(Ciphertext v, int k) {
    return v;
  }

  /** Never called: with one slot every mask is all zeros or all ones, which the caller folds. */
  @Override
  public Ciphertext mask(Ciphertext v, long[] mask) {
    throw new IllegalArgumentException("a one-slot backend has only all-0 and all-1 masks, which are folded before");
  }

  @Override
  public long rotations() {
    return 0;
  }

  @Override
  public long masks() {
    return 0;
  }

  /** Fresh bit encryptions so far (owner uploads and refreshes). */
  public long encryptions() {
    return encryptions.get();
  }

  /** Bit decryptions so far (refreshes and decodes). */
  public long decryptions() {
    return decryptions.get();
  }

  @Override
  public String toString() {
    return "EncryptedSlotBits(" + context.fingerprint() + ", 1 slot)";
  }
}
