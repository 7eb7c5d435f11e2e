package io.fhe4j.nn.bitwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.nn.Sigmoid;
import io.fhe4j.nn.fixed.FixedPointOverflowException;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupTable;
import io.fhe4j.nn.fixed.PlainArithmetic;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@link BitwiseArithmetic} on the plain bit backend gives the integers of
 * {@link PlainArithmetic}: random matrices with ties and extremes, rescale by more bits than the
 * width, lookups whose inputs saturate on both sides, non-power-of-two and negative constants,
 * and a weight matrix with as many rows as the batch (layout conversions).
 */
class BitwiseArithmeticTest {
  private static final int BATCH = 6;
  private final PlainArithmetic plain = new PlainArithmetic();
  private final BitwiseArithmetic<long[]> bits = new BitwiseArithmetic<>(new PlainSlotBits(3), BATCH, 0, 2);
  private final SplittableRandom rnd = new SplittableRandom(9);

  private LongMatrix random(int rows, int cols, long bound) {
    long[][] v = new long[rows][cols];
    for (long[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = rnd.nextLong(-bound, bound + 1);
      }
    }
    v[0][0] = bound;
    v[rows - 1][cols - 1] = -bound;
    return LongMatrix.of(v);
  }

  private void same(LongMatrix expected, BitMatrix<long[]> actual) {
    assertEquals(expected, bits.decode(actual));
  }

  @Test
  void elementWiseAndConstants() {
    LongMatrix a = random(BATCH, 4, 200);
    LongMatrix b = random(BATCH, 4, 37);
    BitMatrix<long[]> ea = bits.encode(a);
    BitMatrix<long[]> eb = bits.encode(b);
    same(plain.add(a, b), bits.add(ea, eb));
    same(plain.subtract(a, b), bits.subtract(ea, eb));
    same(plain.hadamard(a, b), bits.hadamard(ea, eb));
    for (long c : new long[] {0, 1, 8, -1, -3, 5, 1 << 10}) {
      same(plain.multiplyConstant(a, c), bits.multiplyConstant(ea, c));
    }
    same(plain.addConstant(a, -5), bits.addConstant(ea, -5));
    LongMatrix row = random(1, 4, 90);
    same(plain.addRow(a, row), bits.addRow(ea, bits.encode(row)));
    assertEquals(a, bits.decode(ea));
  }

  @Test
  void rescaleRoundsHalfUpForEveryShift() {
    long[][] v = {{-6, -5, -4, -3, -2, -1}, {0, 1, 2, 3, 4, 5}, {6, 7, 8, -8, 127, -128}, {12, -12, 13, -13, 20, -20},
        {1, 2, 3, 4, 5, 6}, {-1, -2, -3, -4, -5, -6}};
    LongMatrix a = LongMatrix.of(v);
    for (int s = 1; s <= 10; s++) {
      same(plain.rescale(a, s), bits.rescale(bits.encode(a), s));
    }
  }

  @Test
  void productsAndSumsOverTheBatch() {
    LongMatrix x = random(BATCH, 7, 300);
    LongMatrix w = random(5, 7, 90);
    LongMatrix d = random(BATCH, 5, 60);
    BitMatrix<long[]> ex = bits.encode(x);
    BitMatrix<long[]> ew = bits.encode(w);
    BitMatrix<long[]> ed = bits.encode(d);
    same(plain.linear(x, w), bits.linear(ex, ew));
    same(plain.backLinear(d, w), bits.backLinear(ed, ew));
    same(plain.batchGradient(d, x), bits.batchGradient(ed, ex));
    same(plain.sumOverBatch(d), bits.sumOverBatch(ed));
    // a weight matrix with B rows is laid out like a batch and converted where a weight is needed
    LongMatrix w6 = random(BATCH, 7, 50);
    BitMatrix<long[]> ew6 = bits.encode(w6);
    assertEquals(BitMatrix.Layout.BATCH, ew6.layout());
    same(plain.linear(x, w6), bits.linear(ex, ew6));
    LongMatrix d6 = random(BATCH, BATCH, 20);
    same(plain.backLinear(d6, w6), bits.backLinear(bits.encode(d6), ew6));
    same(plain.subtract(w6, plain.rescale(plain.batchGradient(d6, x), 3)),
        bits.subtract(ew6, bits.rescale(bits.batchGradient(bits.encode(d6), ex), 3)));
    same(plain.addRow(plain.linear(x, w), plain.sumOverBatch(d)),
        bits.addRow(bits.linear(ex, ew), bits.sumOverBatch(ed)));
  }

  @Test
  void lookupReducesAndSaturatesLikeTheTable() {
    LookupTable sigmoid = LookupTable.tabulate(Sigmoid::sigmoid, 6, 2, 8);
    LongMatrix z = random(BATCH, 4, 1 << 12);
    for (int fz : new int[] {2, 5, 9}) {
      same(plain.lookup(z, fz, sigmoid), bits.lookup(bits.encode(z), fz, sigmoid));
    }
    LongMatrix small = random(BATCH, 4, 9);
    same(plain.lookup(small, 2, sigmoid), bits.lookup(bits.encode(small), 2, sigmoid));
  }

  @Test
  void refusesWhatCannotStayExact() {
    BitMatrix<long[]> big = bits.encode(random(BATCH, 2, 1L << 40));
    assertThrows(FixedPointOverflowException.class, () -> bits.hadamard(big, big));
    assertThrows(IllegalArgumentException.class, () -> bits.add(big, bits.encode(random(BATCH, 3, 1))));
    assertThrows(IllegalArgumentException.class, () -> new BitwiseArithmetic<>(new PlainSlotBits(4), 6, 0, 2));
  }
}
