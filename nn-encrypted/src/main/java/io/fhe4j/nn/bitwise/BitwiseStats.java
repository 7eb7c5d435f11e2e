package io.fhe4j.nn.bitwise;

import io.fhe4j.nn.fixed.ArithmeticStats.Op;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters kept by {@link BitwiseArithmetic}: ciphertext products (ANDs) per operation, the
 * refreshes (the levelled stand-in for the paper's bootstrapping) with the number of bit values
 * sent to and received from the data owner, and the largest multiplicative depth any bit reached
 * between refreshes, which is the depth the levelled parameters must provide. Products are the
 * backend's counts, so they are the same on the plain and the encrypted backend.
 *
 * <p>Mutable and not thread-safe.
 */
public final class BitwiseStats {
  private final EnumMap<Op, Long> products = new EnumMap<>(Op.class);
  private final EnumMap<Op, Integer> depth = new EnumMap<>(Op.class);
  private long refreshes;
  private long refreshedIn;
  private long refreshedOut;
  private int maxDepth;

  void record(Op op, long ands, int outDepth) {
    products.merge(op, ands, Long::sum);
    depth.merge(op, outDepth, Math::max);
    maxDepth = Math.max(maxDepth, outDepth);
  }

  void recordRefresh(long bitsIn, long bitsOut) {
    refreshes++;
    refreshedIn += bitsIn;
    refreshedOut += bitsOut;
  }

  /** Clears every counter. */
  public void reset() {
    products.clear();
    depth.clear();
    refreshes = 0;
    refreshedIn = 0;
    refreshedOut = 0;
    maxDepth = 0;
  }

  /** ANDs per operation (a copy; refreshes are free of products). */
  public Map<Op, Long> products() {
    return new EnumMap<>(products);
  }

  /** Largest output depth per operation (a copy). */
  public Map<Op, Integer> depths() {
    return new EnumMap<>(depth);
  }

  /** All ANDs. */
  public long totalProducts() {
    long n = 0;
    for (long v : products.values()) {
      n += v;
    }
    return n;
  }

  /** Matrices refreshed. */
  public long refreshes() {
    return refreshes;
  }

  /** Bit values (ciphertexts) sent to the owner for refreshing. */
  public long refreshedBitsIn() {
    return refreshedIn;
  }

  /** Fresh bit values (ciphertexts) the owner sent back (the new widths may differ). */
  public long refreshedBitsOut() {
    return refreshedOut;
  }

  /** Largest depth of any bit between refreshes. */
  public int maxDepth() {
    return maxDepth;
  }

  @Override
  public String toString() {
    return "BitwiseStats{products=" + totalProducts() + ", maxDepth=" + maxDepth + ", refreshes=" + refreshes
        + ", refreshed bits in/out=" + refreshedIn + "/" + refreshedOut + ", perOp=" + products + "}";
  }
}
