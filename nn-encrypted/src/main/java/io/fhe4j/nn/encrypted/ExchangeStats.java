package io.fhe4j.nn.encrypted;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of what crosses the boundary between the training server and the data owner: owner
 * uploads (encryptions of inputs, labels and weights in the layouts the server asks for), refresh
 * rounds (ciphertexts sent to the {@link Refresher}, values rounded, fresh ciphertexts returned),
 * extra views of refreshed values, and the owner-side time spent. Bytes are exactly those of the
 * ciphertexts' serialized form ({@link io.fhe4j.io.BgvSerializer}, what the protocol's messages
 * carry, without their own framing): at the level each was sent, fresh secret-key encryptions as
 * part 0 and a 32-byte seed. Thread-safe (atomic counters); {@link #snapshot()} gives an
 * immutable copy and {@link Snapshot#minus} per-step differences.
 */
public final class ExchangeStats {
  final AtomicLong uploads = new AtomicLong();
  final AtomicLong uploadCiphertexts = new AtomicLong();
  final AtomicLong uploadBytes = new AtomicLong();
  final AtomicLong uploadNanos = new AtomicLong();
  final AtomicLong refreshes = new AtomicLong();
  final AtomicLong viewRequests = new AtomicLong();
  final AtomicLong toRefresherCiphertexts = new AtomicLong();
  final AtomicLong toRefresherBytes = new AtomicLong();
  final AtomicLong fromRefresherCiphertexts = new AtomicLong();
  final AtomicLong fromRefresherBytes = new AtomicLong();
  final AtomicLong refreshedValues = new AtomicLong();
  final AtomicLong refreshNanos = new AtomicLong();

  /** An immutable copy of the counters. */
  public Snapshot snapshot() {
    return new Snapshot(uploads.get(), uploadCiphertexts.get(), uploadBytes.get(), uploadNanos.get(), refreshes.get(),
        viewRequests.get(), toRefresherCiphertexts.get(), toRefresherBytes.get(), fromRefresherCiphertexts.get(),
        fromRefresherBytes.get(), refreshedValues.get(), refreshNanos.get());
  }

  /**
   * The counters at one time.
   *
   * @param uploads owner upload requests (one per value and batch of layouts)
   * @param uploadCiphertexts ciphertexts the owner encrypted for uploads
   * @param uploadBytes their bytes
   * @param uploadNanos owner time encrypting uploads
   * @param refreshes refresh rounds (server sends ciphertexts, refresher rounds and returns)
   * @param viewRequests later requests for further layouts of an already refreshed value
   * @param toRefresherCiphertexts ciphertexts sent to the refresher
   * @param toRefresherBytes their bytes
   * @param fromRefresherCiphertexts fresh ciphertexts returned by the refresher (all requests)
   * @param fromRefresherBytes their bytes
   * @param refreshedValues matrix entries rounded by the refresher
   * @param refreshNanos refresher time (decrypt, round, re-encrypt)
   */
  public record Snapshot(long uploads, long uploadCiphertexts, long uploadBytes, long uploadNanos, long refreshes,
      long viewRequests, long toRefresherCiphertexts, long toRefresherBytes, long fromRefresherCiphertexts,
      long fromRefresherBytes, long refreshedValues, long refreshNanos) {
    /** This minus an earlier snapshot. */
    public Snapshot minus(Snapshot o) {
      return new Snapshot(uploads - o.uploads, uploadCiphertexts - o.uploadCiphertexts, uploadBytes - o.uploadBytes,
          uploadNanos - o.uploadNanos, refreshes - o.refreshes, viewRequests - o.viewRequests,
          toRefresherCiphertexts - o.toRefresherCiphertexts, toRefresherBytes - o.toRefresherBytes,
          fromRefresherCiphertexts - o.fromRefresherCiphertexts, fromRefresherBytes - o.fromRefresherBytes,
          refreshedValues - o.refreshedValues, refreshNanos - o.refreshNanos);
    }

    /**
     * Bytes from the owner to the server: uploads and refresh outputs, each ciphertext in its
     * serialized form ({@link io.fhe4j.io.BgvSerializer}) at the level sent, fresh ones as part 0
     * and the seed of part 1.
     */
    public long ownerToServerBytes() {
      return uploadBytes + fromRefresherBytes;
    }

    /** Bytes from the server to the owner: the ciphertexts sent to the refresher, serialized at the level sent. */
    public long serverToOwnerBytes() {
      return toRefresherBytes;
    }

    /** Owner-side nanoseconds (uploads and refreshes). */
    public long ownerNanos() {
      return uploadNanos + refreshNanos;
    }
  }
}
