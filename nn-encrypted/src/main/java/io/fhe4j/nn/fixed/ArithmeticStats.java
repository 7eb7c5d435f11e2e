package io.fhe4j.nn.fixed;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters kept by {@link PlainArithmetic}: calls and largest output magnitude per operation, the
 * number of values rescaled, and the largest multiplicative depth reached between rescales. The
 * largest magnitude bounds the plaintext modulus an encrypted run needs ({@code t > 2 *
 * maxAbs}); depth and rescale counts are what the levelled parameters and the {@code Refresher}
 * must provide.
 *
 * <p>Mutable and not thread-safe.
 */
public final class ArithmeticStats {
  /** The operations of {@link FixedPointArithmetic}. */
  public enum Op {
    ENCODE, ADD, SUBTRACT, HADAMARD, MULTIPLY_CONSTANT, ADD_CONSTANT, ADD_ROW, LINEAR, BACK_LINEAR,
    BATCH_GRADIENT, SUM_OVER_BATCH, RESCALE_INPUT, RESCALE, LOOKUP
  }

  private final EnumMap<Op, Long> calls = new EnumMap<>(Op.class);
  private final EnumMap<Op, Long> maxAbs = new EnumMap<>(Op.class);
  private long rescaledValues;
  private long clampedValues;
  private int maxDepth;

  void record(Op op, LongMatrix out) {
    calls.merge(op, 1L, Long::sum);
    maxAbs.merge(op, out.maxAbs(), Math::max);
    maxDepth = Math.max(maxDepth, out.depth());
  }

  void recordRescaleInput(LongMatrix in) {
    maxAbs.merge(Op.RESCALE_INPUT, in.maxAbs(), Math::max);
    rescaledValues += in.data().length;
  }

  void recordClamped(long n) {
    clampedValues += n;
  }

  /** Clears all counters. */
  public void reset() {
    calls.clear();
    maxAbs.clear();
    rescaledValues = 0;
    clampedValues = 0;
    maxDepth = 0;
  }

  /** Calls per operation (a copy). */
  public Map<Op, Long> calls() {
    return new EnumMap<>(calls);
  }

  /** Largest |output| per operation (a copy); RESCALE_INPUT is the largest value fed to rescale. */
  public Map<Op, Long> maxAbs() {
    return new EnumMap<>(maxAbs);
  }

  public long calls(Op op) {
    return calls.getOrDefault(op, 0L);
  }

  /** Total number of individual values that went through {@code rescale}. */
  public long rescaledValues() {
    return rescaledValues;
  }

  /** Values a saturating rescale changed (rounded beyond its bound, set to the bound). */
  public long clampedValues() {
    return clampedValues;
  }

  /** Largest ciphertext-by-ciphertext depth reached between rescales. */
  public int maxDepth() {
    return maxDepth;
  }

  /** Largest |value| of any operation output. */
  public long maxAbsOverall() {
    long m = 0;
    for (long v : maxAbs.values()) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** Bits of the largest magnitude: {@code t} must exceed {@code 2^(bits+1)}. */
  public int maxBits() {
    return 64 - Long.numberOfLeadingZeros(maxAbsOverall());
  }

  @Override
  public String toString() {
    return "ArithmeticStats{maxBits=" + maxBits() + ", maxDepth=" + maxDepth + ", rescaledValues="
        + rescaledValues + ", calls=" + calls + "}";
  }
}
