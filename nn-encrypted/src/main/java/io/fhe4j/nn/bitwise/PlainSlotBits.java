package io.fhe4j.nn.bitwise;

import io.fhe4j.circuits.PlainBitBackend;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SlotBits} on {@link PlainBitBackend}: a bit value is a {@code long[]} of 0/1 slots, and
 * rotation and masking are the plain slot operations. The reference semantics of the bitwise
 * trainer, with the same product counts as an encrypted run of the same layout. Thread-safe.
 */
public final class PlainSlotBits implements SlotBits<long[]> {
  private final PlainBitBackend backend;
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicLong masks = new AtomicLong();

  /** A plain backend with this many slots per bit value. */
  public PlainSlotBits(int slots) {
    this.backend = new PlainBitBackend(slots);
  }

  @Override
  public PlainBitBackend backend() {
    return backend;
  }

  @Override
  public int slots() {
    return backend.slots();
  }

  @Override
  public long[] encrypt(long[] bits) {
    check(bits);
    return bits.clone();
  }

  @Override
  public long[] decrypt(long[] value) {
    check(value);
    return value.clone();
  }

  @Override
  public long[] rotate(long[] v, int k) {
    check(v);
    rotations.incrementAndGet();
    int n = v.length;
    int shift = Math.floorMod(k, n);
    long[] r = new long[n];
    for (int s = 0; s < n; s++) {
      r[s] = v[(s + shift) % n];
    }
    return r;
  }

  @Override
  public long[] mask(long[] v, long[] mask) {
    check(v);
    check(mask);
    masks.incrementAndGet();
    long[] r = new long[v.length];
    for (int s = 0; s < r.length; s++) {
      r[s] = v[s] & mask[s];
    }
    return r;
  }

  @Override
  public long rotations() {
    return rotations.get();
  }

  @Override
  public long masks() {
    return masks.get();
  }

  private void check(long[] a) {
    if (a.length != slots()) {
      throw new IllegalArgumentException("a value of " + a.length + " slots given to a backend of " + slots() + " slots");
    }
  }

  @Override
  public String toString() {
    return "PlainSlotBits(" + slots() + " slots)";
  }
}
