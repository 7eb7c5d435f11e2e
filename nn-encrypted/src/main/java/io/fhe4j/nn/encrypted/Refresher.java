package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.Rounding;
import java.util.ArrayList;
import java.util.List;

/**
 * The data owner's refresh service, the levelled stand-in for bootstrapping: it decrypts the
 * ciphertexts the server sends, applies exactly {@link Rounding#shiftRound} (the rounding of
 * {@link io.fhe4j.nn.fixed.FixedPointArithmetic#rescale}) to every entry, and encrypts the result
 * afresh in the slot layouts the server names (a permutation or replication of the entries). It
 * does no other arithmetic: sums, products, activations and updates stay with the server.
 *
 * <p>Holds the secret key (through its codec); owned by {@link DataOwner}, which keeps the rounded
 * values so that further layouts of them can be requested later. Thread-safe.
 */
public final class Refresher {
  private final SlotCodec codec;
  private final ExchangeStats stats;

  Refresher(SlotCodec codec, ExchangeStats stats) {
    this.codec = codec;
    this.stats = stats;
  }

  /**
   * Decrypts, rounds by {@code bits} (0: unchanged, the re-encryption of a checkpointed parameter)
   * and returns the rounded matrix (kept by the owner) and its fresh encryptions in {@code layouts}.
   */
  RefreshResult refresh(List<Ciphertext> input, Layout inputLayout, int bits, List<Layout> layouts) {
    if (bits < 0 || bits > 62) {
      throw new IllegalArgumentException("rescale bits must be in [0, 62] (0: re-encrypt unchanged), got " + bits);
    }
    long t0 = System.nanoTime();
    stats.refreshes.incrementAndGet();
    stats.toRefresherCiphertexts.addAndGet(input.size());
    stats.toRefresherBytes.addAndGet(codec.bytes(input));
    LongMatrix in = codec.decrypt(input, inputLayout, "refresh by " + bits + " bits");
    long[] x = in.data();
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Rounding.shiftRound(x[i], bits);
    }
    LongMatrix out = new LongMatrix(in.rows(), in.cols(), r, 0);
    stats.refreshedValues.addAndGet(r.length);
    List<List<Ciphertext>> views = encrypt(out, layouts);
    stats.refreshNanos.addAndGet(System.nanoTime() - t0);
    return new RefreshResult(out, views);
  }

  /** Further layouts of a value refreshed earlier. */
  List<List<Ciphertext>> views(LongMatrix value, List<Layout> layouts) {
    long t0 = System.nanoTime();
    stats.viewRequests.incrementAndGet();
    List<List<Ciphertext>> views = encrypt(value, layouts);
    stats.refreshNanos.addAndGet(System.nanoTime() - t0);
    return views;
  }

  private List<List<Ciphertext>> encrypt(LongMatrix value, List<Layout> layouts) {
    List<List<Ciphertext>> views = new ArrayList<>(layouts.size());
    for (Layout l : layouts) {
      List<Ciphertext> v = codec.encrypt(value, l);
      stats.fromRefresherCiphertexts.addAndGet(v.size());
      stats.fromRefresherBytes.addAndGet(codec.bytes(v));
      views.add(v);
    }
    return views;
  }

  /** The rounded value and its fresh views. */
  record RefreshResult(LongMatrix value, List<List<Ciphertext>> views) {}
}
