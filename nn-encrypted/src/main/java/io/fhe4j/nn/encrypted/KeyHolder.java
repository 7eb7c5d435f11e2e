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
   * As {@link #encrypt(long, List)}, in {@code encoding}: the server asks for the lowest level that
   * its products before the next refresh leave enough capacity for (fewer residues on the link).
   * This default answers at the top level, which a server accepts only for a plain encoding.
   */
  default List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
    return encrypt(handle, layouts);
  }

  /**
   * How the owner encrypts a value: at {@code level} (in [1, L]; 0: the top level), with BGV's
   * plaintext factor {@code factor} in [1, t) (HElib's {@code intFactor}: the slots hold {@code
   * factor * value mod t} and the ciphertext records the factor, so it decrypts to the value; 1:
   * none). A model parameter's updates are asked for with the factor the parameter has at that
   * level, so that their sum needs no alignment (which costs up to log2 t bits of noise).
   */
  record Encoding(int level, long factor) {
    /** The top level, no factor. */
    public static final Encoding TOP = new Encoding(0, 1);

    /** Validates the ranges that do not depend on the context. */
    public Encoding {
      if (level < 0 || factor < 1) {
        throw new IllegalArgumentException("an encoding needs level >= 0 (0: the top) and factor >= 1, got level "
            + level + ", factor " + factor);
      }
    }
  }

  /**
   * One round with the {@link Refresher}: for each request, decrypts its ciphertexts (laid out as
   * its input layout), applies {@code shiftRound(., bits)} to every entry (then clamps it to {@code
   * [-bound, bound]} if the request has a bound), stores the result under
   * a new handle and returns it with fresh encryptions in the requested layouts (possibly none:
   * further views come later through {@link #encrypt}). Results in request order.
   *
   * @throws io.fhe4j.bgv.NoiseBudgetExhaustedException if a ciphertext's noise bound is spent
   * @throws PlaintextMagnitudeException if a decrypted value exceeds t/4 in magnitude (t too small for the run)
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
   * wanted back, how to encrypt them ({@link Encoding}) and the clamp bound of a saturating rescale
   * ({@link io.fhe4j.nn.fixed.FixedPointArithmetic#rescale(Object, int, long)}: the rounded value is
   * clamped to {@code [-bound, bound]}; 0: no clamp). The refresher checks the bound against t.
   */
  record RefreshRequest(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts,
      Encoding encoding, long bound) {
    /** Validates that the bound is not negative. */
    public RefreshRequest {
      if (bound < 0) {
        throw new IllegalArgumentException("a refresh's clamp bound must be >= 0 (0: none), got " + bound);
      }
    }

    /** No clamp. */
    public RefreshRequest(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts,
        Encoding encoding) {
      this(input, inputLayout, bits, layouts, encoding, 0);
    }

    /** Results at the top level, no clamp. */
    public RefreshRequest(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts) {
      this(input, inputLayout, bits, layouts, Encoding.TOP, 0);
    }
  }

  /** A refresh result: the new handle and the requested views. */
  record Refreshed(long handle, List<List<Ciphertext>> views) {}
}
