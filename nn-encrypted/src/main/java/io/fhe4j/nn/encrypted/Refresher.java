package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.Rounding;
import java.util.ArrayList;
import java.util.List;

/**
 * The data owner's refresh service, the levelled stand-in for bootstrapping: it decrypts the
 * ciphertexts the server sends, applies exactly {@link Rounding#shiftRound} (the rounding of
 * {@link io.fhe4j.nn.fixed.FixedPointArithmetic#rescale}) to every entry, then, for a saturating
 * rescale, clamps it to the request's bound ({@link Rounding#shiftRoundClamp}), and encrypts the result
 * afresh in the slot layouts the server names (a permutation or replication of the entries), at
 * the level and plaintext factor the server asks for (secret-key encryptions: part 1 travels as a
 * seed). It
 * does no other arithmetic: sums, products, activations and updates stay with the server.
 *
 * <p>It checks what it decrypts: a value beyond t/4 in magnitude means the run is about to leave
 * (-t/2, t/2) and wrap around mod t silently, so the round stops with a {@link
 * PlaintextMagnitudeException} instead.
 *
 * <p>Holds the secret key (through its codec); owned by {@link DataOwner}, which keeps the rounded
 * values so that further layouts of them can be requested later. Thread-safe.
 */
public final class Refresher {
  private final SlotCodec codec;
  private final ExchangeStats stats;
  /** The SGD step the owner is answering, counting from 1 (0: unknown). */
  private volatile long step;

  Refresher(SlotCodec codec, ExchangeStats stats) {
    this.codec = codec;
    this.stats = stats;
  }

  /** Records that the requests that follow belong to SGD step {@code step} (counting from 1). */
  void atStep(long step) {
    this.step = step;
  }

  /**
   * One round: for each request, decrypts, rounds by its {@code bits} (0: unchanged, the
   * re-encryption of a checkpointed parameter) and returns the rounded matrix (kept by the owner)
   * and its fresh encryptions in the requested layouts.
   */
  List<RefreshResult> refresh(List<KeyHolder.RefreshRequest> requests) {
    return refresh(requests, null);
  }

  /**
   * As {@link #refresh(List)}, handing every fresh ciphertext to {@code sink} (if non-null) as soon
   * as it is encrypted.
   */
  List<RefreshResult> refresh(List<KeyHolder.RefreshRequest> requests, DataOwner.CiphertextSink sink) {
    long t = codec.plaintextModulus();
    for (KeyHolder.RefreshRequest q : requests) {
      if (q.bits() < 0 || q.bits() > 62) {
        throw new IllegalArgumentException("rescale bits must be in [0, 62] (0: re-encrypt unchanged), got " + q.bits());
      }
      if (q.bound() < 0 || (q.bound() != 0 && q.bound() >= t / 2)) {
        throw new IllegalArgumentException("a refresh's clamp bound must be 0 (none) or in [1, t/2) = [1, " + (t / 2)
            + "), got " + q.bound());
      }
    }
    long t0 = System.nanoTime();
    long round = stats.refreshes.incrementAndGet();
    List<RefreshResult> out = new ArrayList<>(requests.size());
    for (int item = 0; item < requests.size(); item++) {
      KeyHolder.RefreshRequest q = requests.get(item);
      stats.toRefresherCiphertexts.addAndGet(q.input().size());
      stats.toRefresherBytes.addAndGet(codec.bytes(q.input()));
      LongMatrix in = codec.decrypt(q.input(), q.inputLayout(), "refresh by " + q.bits() + " bits");
      long[] x = in.data();
      checkMagnitudes(x, t, q, round, step);
      long[] r = new long[x.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = q.bound() == 0 ? Rounding.shiftRound(x[i], q.bits()) : Rounding.shiftRoundClamp(x[i], q.bits(), q.bound());
      }
      LongMatrix value = new LongMatrix(in.rows(), in.cols(), r, 0);
      stats.refreshedValues.addAndGet(r.length);
      out.add(new RefreshResult(value, encrypt(value, q.layouts(), q.encoding(), sink, item)));
    }
    stats.refreshNanos.addAndGet(System.nanoTime() - t0);
    return out;
  }

  /**
   * Throws {@link PlaintextMagnitudeException} if some |x| exceeds t/4: values that large are a doubling away
   * from wrapping around mod t, which no later step could detect.
   */
  static void checkMagnitudes(long[] x, long t, KeyHolder.RefreshRequest q, long round, long step) {
    long quarter = t / 4;
    long max = 0;
    for (long v : x) {
      max = Math.max(max, Math.abs(v));
    }
    if (max > quarter) {
      int vBits = 64 - Long.numberOfLeadingZeros(max);
      int tBits = 64 - Long.numberOfLeadingZeros(t);
      Layout l = q.inputLayout();
      throw new PlaintextMagnitudeException((step > 0 ? "step " + step + ", " : "") + "refresh round " + round + ", a " + l.rows() + "x" + l.cols()
          + " value in layout " + l + " (rounding by " + q.bits() + " bits): a decrypted entry of magnitude " + max
          + " (" + vBits + " bits) exceeds t/4 (t = " + t + ", " + tBits + " bits), so the run is near a silent"
          + " wrap-around mod t; stopped. Use a larger t (--t-bits " + (vBits + 3) + " or more) or a configuration"
          + " with smaller values (fewer fractional bits, a smaller learning rate)", step);
    }
  }

  /** Further layouts of a value refreshed earlier. */
  List<List<Ciphertext>> views(LongMatrix value, List<Layout> layouts, KeyHolder.Encoding encoding) {
    long t0 = System.nanoTime();
    stats.viewRequests.incrementAndGet();
    List<List<Ciphertext>> views = encrypt(value, layouts, encoding, null, 0);
    stats.refreshNanos.addAndGet(System.nanoTime() - t0);
    return views;
  }

  private List<List<Ciphertext>> encrypt(LongMatrix value, List<Layout> layouts, KeyHolder.Encoding encoding,
      DataOwner.CiphertextSink sink, int item) {
    List<List<Ciphertext>> views = new ArrayList<>(layouts.size());
    for (int j = 0; j < layouts.size(); j++) {
      int view = j;
      List<Ciphertext> v = codec.encrypt(value, layouts.get(j), encoding,
          sink == null ? null : (c, index) -> sink.accept(item, view, index, c));
      stats.fromRefresherCiphertexts.addAndGet(v.size());
      stats.fromRefresherBytes.addAndGet(codec.bytes(v));
      views.add(v);
    }
    return views;
  }

  /** The rounded value and its fresh views. */
  record RefreshResult(LongMatrix value, List<List<Ciphertext>> views) {}
}
