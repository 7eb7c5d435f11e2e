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
   * owner data, or a further view of a refreshed value).
   */
  List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts);

  /**
   * The {@link Refresher}: decrypts {@code input} (laid out as {@code inputLayout}), applies
   * {@code shiftRound(., bits)} to every entry, stores the result under a new handle and returns it
   * together with fresh encryptions in {@code layouts}.
   *
   * @throws io.fhe4j.bgv.NoiseBudgetExhaustedException if a ciphertext's noise bound is spent
   */
  Refreshed refresh(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts);

  /** Decrypts a value for the owner (the final model, evaluation and tests). */
  LongMatrix decrypt(List<Ciphertext> value, Layout layout);

  /** Forgets the plaintext stored under a handle (the server no longer needs more views of it). */
  void release(long handle);

  /** The counters of this exchange (live). */
  ExchangeStats stats();

  /** A refresh result: the new handle and the requested views. */
  record Refreshed(long handle, List<List<Ciphertext>> views) {}
}
