package io.fhe4j.nn.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.nn.fixed.ArithmeticStats.Op;
import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PlainArithmeticTest {
  private final PlainArithmetic ar = new PlainArithmetic();

  @Property(tries = 500)
  void shiftRoundIsRoundHalfUp(
      @ForAll @LongRange(min = -(1L << 61), max = 1L << 61) long x, @ForAll @IntRange(min = 0, max = 40) int bits) {
    long want = new BigDecimal(x).divide(new BigDecimal(2).pow(bits)).setScale(0, RoundingMode.HALF_UP).longValue();
    // BigDecimal HALF_UP rounds ties away from zero; ours rounds ties toward +infinity
    BigDecimal exact = new BigDecimal(x).divide(new BigDecimal(2).pow(bits));
    if (exact.signum() < 0 && exact.remainder(BigDecimal.ONE).abs().compareTo(new BigDecimal("0.5")) == 0) {
      want += 1;
    }
    assertEquals(want, Rounding.shiftRound(x, bits));
  }

  @Property(tries = 500)
  void saturatingRescaleRoundsThenClamps(
      @ForAll @LongRange(min = -(1L << 61), max = 1L << 61) long x, @ForAll @IntRange(min = 1, max = 40) int bits,
      @ForAll @LongRange(min = 1, max = 1L << 30) long bound) {
    // reference: the rounded quotient by BigDecimal (ties toward +infinity), then the clamp
    BigDecimal exact = new BigDecimal(x).divide(new BigDecimal(2).pow(bits));
    long rounded = exact.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).longValueExact();
    long want = Math.max(-bound, Math.min(bound, rounded));
    LongMatrix got = ar.rescale(LongMatrix.of(new long[][] {{x}}), bits, bound);
    assertEquals(want, got.get(0, 0));
    assertEquals(want, Rounding.shiftRoundClamp(x, bits, bound));
  }

  @Test
  void saturatingRescaleCountsTheValuesItClampsAndRefusesABadBound() {
    PlainArithmetic p = new PlainArithmetic();
    LongMatrix r = p.rescale(LongMatrix.of(new long[][] {{1000, -1000, 40, -41}}), 2, 10);
    assertEquals(LongMatrix.of(new long[][] {{10, -10, 10, -10}}), r);
    assertEquals(2, p.stats().clampedValues());
    assertThrows(IllegalArgumentException.class, () -> p.rescale(r, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> p.rescale(r, 0, 5));
  }

  @Test
  void tiesGoUp() {
    assertEquals(1, Rounding.shiftRound(2, 2)); // 0.5 -> 1
    assertEquals(0, Rounding.shiftRound(-2, 2)); // -0.5 -> 0
    assertEquals(-1, Rounding.shiftRound(-3, 2)); // -0.75 -> -1
    assertEquals(2, Rounding.encode(0.5, 2));
    assertEquals(0, Rounding.encode(-0.125, 2));
  }

  private static LongMatrix m(long[][] v) {
    return LongMatrix.of(v);
  }

  @Test
  void productsMatchDefinitions() {
    LongMatrix x = m(new long[][] {{1, 2, 3}, {4, 5, 6}}); // B=2, in=3
    LongMatrix w = m(new long[][] {{1, 0, -1}, {2, 1, 0}, {0, 0, 3}, {-1, -1, -1}}); // out=4, in=3
    assertEquals(m(new long[][] {{-2, 4, 9, -6}, {-2, 13, 18, -15}}), ar.linear(x, w));
    LongMatrix d = m(new long[][] {{1, 0, 2, -1}, {0, 1, 1, 1}}); // B=2, out=4
    assertEquals(m(new long[][] {{2, 1, 6}, {1, 0, 2}}), ar.backLinear(d, w));
    assertEquals(m(new long[][] {{1, 2, 3}, {4, 5, 6}, {6, 9, 12}, {3, 3, 3}}), ar.batchGradient(d, x));
    assertEquals(m(new long[][] {{1, 1, 3, 0}}), ar.sumOverBatch(d));
    assertEquals(m(new long[][] {{1, 4, 9}, {16, 25, 36}}), ar.hadamard(x, x));
    assertEquals(m(new long[][] {{2, 2, 6}, {5, 5, 9}}), ar.addRow(x, m(new long[][] {{1, 0, 3}})));
    assertEquals(m(new long[][] {{-3, -6, -9}, {-12, -15, -18}}), ar.multiplyConstant(x, -3));
    assertEquals(m(new long[][] {{2, 3, 4}, {5, 6, 7}}), ar.addConstant(x, 1));
    assertEquals(m(new long[][] {{0, 0, 0}, {0, 0, 0}}), ar.subtract(x, x));
    assertEquals(m(new long[][] {{0, 1, 1}, {1, 1, 2}}), ar.rescale(x, 2));
  }

  @Test
  void tracksDepthAndStats() {
    LongMatrix x = ar.encode(m(new long[][] {{3, -5}}));
    LongMatrix y = ar.hadamard(ar.hadamard(x, x), x);
    assertEquals(2, y.depth());
    assertEquals(1, ar.multiplyConstant(ar.hadamard(x, x), 7).depth());
    assertEquals(0, ar.rescale(y, 1).depth());
    assertEquals(125, ar.stats().maxAbs().get(Op.HADAMARD));
    assertEquals(2, ar.stats().maxDepth());
    assertEquals(2, ar.stats().rescaledValues());
    assertEquals(125, ar.stats().maxAbs().get(Op.RESCALE_INPUT));
  }

  @Test
  void overflowIsReported() {
    LongMatrix big = m(new long[][] {{1L << 40}});
    assertThrows(FixedPointOverflowException.class, () -> ar.hadamard(big, big));
    assertThrows(FixedPointOverflowException.class, () -> ar.multiplyConstant(big, 1L << 30));
    assertThrows(FixedPointOverflowException.class, () -> m(new long[][] {{1L << 62}}));
    LongMatrix near = m(new long[][] {{(1L << 61) + 5}});
    assertThrows(FixedPointOverflowException.class, () -> ar.add(near, near));
  }

  @Test
  void slowPathAgreesWithFastPath() {
    // magnitudes whose worst case exceeds 2^62 but whose actual sums stay small
    LongMatrix x = m(new long[][] {{1L << 31, -(1L << 31), 1}});
    LongMatrix w = m(new long[][] {{1L << 30, 1L << 30, 5}});
    assertEquals(m(new long[][] {{5}}), ar.linear(x, w));
    assertEquals(m(new long[][] {{1L << 61, 1L << 61, 5L << 31}}), ar.batchGradient(m(new long[][] {{1L << 31}}), w));
  }

  @Test
  void shapesAreChecked() {
    LongMatrix a = m(new long[][] {{1, 2}});
    LongMatrix b = m(new long[][] {{1, 2, 3}});
    assertThrows(IllegalArgumentException.class, () -> ar.add(a, b));
    assertThrows(IllegalArgumentException.class, () -> ar.linear(a, b));
    assertThrows(IllegalArgumentException.class, () -> ar.addRow(a, b));
    assertThrows(IllegalArgumentException.class, () -> ar.rescale(a, 0));
  }

  @Test
  void lookupRoundsSaturatesAndIndexes() {
    LookupTable t = LookupTable.tabulate(x -> x, 4, 1, 3); // inputs -4..3.5 step 0.5, outputs at 3 bits
    assertEquals(-8, t.minIndex());
    assertEquals(7, t.maxIndex());
    // x = 1.25 at 2 frac bits = 5 -> shiftRound(5, 1) = 3 -> 1.5 -> 12 at 3 bits
    assertEquals(m(new long[][] {{12, 28, -32}}), ar.lookup(m(new long[][] {{5, 1000, -1000}}), 2, t));
    assertThrows(IllegalArgumentException.class, () -> ar.lookup(m(new long[][] {{1}}), 0, t));
  }

  @Property(tries = 200)
  void integerPolynomialIsExact(
      @ForAll @LongRange(min = -(1L << 13), max = 1L << 13) long x,
      @ForAll @LongRange(min = -3000, max = 3000) long c0, @ForAll @LongRange(min = -3000, max = 3000) long c1,
      @ForAll @LongRange(min = -3000, max = 3000) long c2, @ForAll @LongRange(min = -3000, max = 3000) long c3) {
    int f = 10;
    IntegerPolynomial p = new IntegerPolynomial(new long[] {c0, c1, c2, c3}, 12);
    LongMatrix y = p.evaluate(new PlainArithmetic(), m(new long[][] {{x}}), f);
    // sum_k C_k X^k 2^((3-k) f)
    java.math.BigInteger bx = java.math.BigInteger.valueOf(x);
    java.math.BigInteger want = java.math.BigInteger.ZERO;
    long[] c = {c0, c1, c2, c3};
    for (int k = 0; k <= 3; k++) {
      want = want.add(java.math.BigInteger.valueOf(c[k]).multiply(bx.pow(k)).shiftLeft((3 - k) * f));
    }
    assertEquals(want.longValueExact(), y.get(0, 0));
    assertEquals(2, y.depth());
    assertEquals(12 + 3 * f, p.resultFracBits(f));
  }
}
