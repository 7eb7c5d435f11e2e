package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.nn.fixed.LongMatrix;
import java.util.List;

/**
 * What the training server may ask of the data owner's side: the seam where a network connection
 * would sit. The server holds only this interface; the implementation ({@link DataOwner}, with its
 * {@link Refresher}) holds the secret key and the plaintext values it was given or has refreshed,
 * each under a numeric handle.
 *
 * <p>Implementations must be thread-safe.
 */
public interface KeyHolder {
  /** The owner stores a matrix it encodes (inputs, labels, initial weights) and returns its handle. */
  long submit(LongMatrix values);

  /**
   * The owner encrypts the stored value {@code handle} in each of {@code layouts} (an upload of
   * owner data, or a further view of a refreshed value), at the top level.
   */
  List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts);

  /**
   * As {@link #encrypt(long, List)}, at {@code level} (in [1, L]; 0: the top level): the server
   * asks for the lowest level that its products before the next refresh leave enough capacity for
   * (fewer residues on the link). An owner may answer at a higher level, never a lower one; this
   * default answers at the top level.
   */
  default List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, int level) {
    return encrypt(handle, layouts);
  }

  /**
   * One round with the {@link Refresher}: for each request, decrypts its ciphertexts (laid out as
   * its input layout), applies {@code shiftRound(., bits)} to every entry, stores the result under
   * a new handle and returns it with fresh encryptions in the requested layouts (possibly none:
   * further views come later through {@link #encrypt}). Results in request order.
   *
   * @throws io.fhe4j.bgv.NoiseBudgetExhaustedException if a ciphertext's noise bound is spent
   */
  List<Refreshed> refresh(List<RefreshRequest> requests);

  /** Decrypts a value for the owner (the final model, evaluation and tests). */
  LongMatrix decrypt(List<Ciphertext> value, Layout layout);

  /** Forgets the plaintext stored under a handle (the server no longer needs more views of it). */
  void release(long handle);

  /** The counters of this exchange (live). */
  ExchangeStats stats();

  /**
   * What one value of a refresh round is: its ciphertexts, their layout, the rounding, the layouts
   * wanted back and the level to encrypt them at (in [1, L]; 0: the top level; see {@link
   * #encrypt(long, List, int)}).
   */
  record RefreshRequest(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts, int level) {
    /** Results at the top level. */
    public RefreshRequest(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts) {
      this(input, inputLayout, bits, layouts, 0);
    }
  }

  /** A refresh result: the new handle and the requested views. */
  record Refreshed(long handle, List<List<Ciphertext>> views) {}
}
