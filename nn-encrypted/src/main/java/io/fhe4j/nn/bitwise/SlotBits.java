package io.fhe4j.nn.bitwise;

import io.fhe4j.circuits.BitBackend;

/**
 * A {@link BitBackend} together with what the bitwise trainer needs beyond the four GF(2)
 * operations: the number of slots, the data owner's encryption and decryption of one bit per
 * slot, and two slot-level operations without ciphertext products, a cyclic rotation of the slots
 * and a product with a public 0/1 mask (a plaintext product). These are what HElib's
 * {@code EncryptedArray} offers on GF(2) slots ({@code rotate}, {@code multByConstant}); the
 * trainer uses them to sum over the mini-batch ({@code totalSums}) and to move values between
 * the batch-in-slots and the replicated layouts of {@link BitMatrix}.
 *
 * <p>{@link #encrypt} and {@link #decrypt} are the data owner's (they hold the secret key in an
 * encrypted implementation): the arithmetic calls them only in {@code encode}, {@code decode} and
 * in its refresh, the stand-in for the paper's bootstrapping. Implementations count rotations
 * and masks and must be thread-safe if used from several threads.
 *
 * @param <B> the backend's bit value
 */
public interface SlotBits<B> {
  /** The four GF(2) operations and their product counters. */
  BitBackend<B> backend();

  /** Slots per bit value, at least 1. */
  int slots();

  /** Owner: a fresh value holding {@code bits[s]} (0 or 1) in slot s; {@code bits} is not modified. */
  B encrypt(long[] bits);

  /**
   * Owner: like {@link #encrypt(long[])} for a value whose bits will go through at most {@code
   * depth} more levels of ANDs before the owner sees them again; a levelled backend may encrypt it
   * lower in its chain (cheaper operations). The default ignores the depth.
   */
  default B encrypt(long[] bits, int depth) {
    return encrypt(bits);
  }

  /** Owner: the bit of every slot (a new array). */
  long[] decrypt(B value);

  /** {@code out[s] = v[(s + k) mod slots()]}; no ciphertext product; v is not modified. */
  B rotate(B v, int k);

  /**
   * {@code v[s] * mask[s]} slot by slot for a public 0/1 mask that is neither all zeros nor all
   * ones (the caller folds those); a plaintext product, no ciphertext product.
   */
  B mask(B v, long[] mask);

  /** Rotations so far. */
  long rotations();

  /** Mask products so far. */
  long masks();
}
