package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Packed layouts against the unpacked arrangement they pack, and the products' fold against a
 * plain sum: groups in blocks, empty blocks of the last ciphertext, and the rotation tree
 * simulated on plain slot vectors (rows of {@code slots / 2}, rotated left; the last step swaps them).
 */
class LayoutPackingProperties {
  private static final Layout.Kind[] PACKABLE = {
      Layout.Kind.COL_REP, Layout.Kind.COL_TILE, Layout.Kind.ROW_TILE, Layout.Kind.ROW_SPREAD};

  private static Layout unpacked(int kind, int rows, int cols, int param, int logSlots) {
    Layout.Kind k = PACKABLE[kind];
    int slots = 1 << logSlots;
    try {
      return new Layout(k, rows, cols, param, slots);
    } catch (UnsupportedLayoutException e) {
      Assume.that(false);
      return null;
    }
  }

  @Property(tries = 400)
  void packedBlocksHoldTheUnpackedGroupsInOrder(@ForAll @IntRange(min = 0, max = 3) int kind,
      @ForAll @IntRange(min = 1, max = 24) int rows, @ForAll @IntRange(min = 1, max = 24) int cols,
      @ForAll @IntRange(min = 1, max = 9) int param, @ForAll @IntRange(min = 5, max = 11) int logSlots) {
    Layout one = unpacked(kind, rows, cols, param, logSlots);
    Layout p = one.packed();
    Assume.that(p.blocks() > 1);
    int groups = one.groups();
    assertEquals(1, one.chunks(), "a packable group fits one ciphertext");
    assertTrue(p.blocks() < 2 * groups, p + " has more blocks than groups need");
    assertTrue(p.blocks() * p.stride() <= p.slots());
    assertEquals((groups + p.blocks() - 1) / p.blocks(), p.ciphertexts());
    assertEquals(groups % p.blocks() != 0, p.hasEmptyBlocks());
    // fewest ciphertexts: twice the blocks would not fit, or would exceed the groups
    assertTrue(2 * p.blocks() * p.stride() > p.slots() || p.blocks() >= groups);
    int[] count = new int[rows * cols];
    int[] countOne = new int[rows * cols];
    for (int c = 0; c < p.ciphertexts(); c++) {
      int[] map = p.slotMap(c);
      for (int b = 0; b < p.blocks(); b++) {
        int g = c * p.blocks() + b;
        int[] block = Arrays.copyOfRange(map, b * p.stride(), (b + 1) * p.stride());
        if (g < groups) {
          assertArrayEquals(Arrays.copyOf(one.slotMap(g), p.stride()), block, p + " block " + b + " of " + c);
        } else {
          assertTrue(Arrays.stream(block).allMatch(i -> i < 0), p + ": empty block " + b + " of " + c + " is used");
        }
      }
      for (int i = p.blocks() * p.stride(); i < map.length; i++) {
        assertEquals(-1, map[i]);
      }
      for (int i : map) {
        if (i >= 0) {
          count[i]++;
        }
      }
    }
    for (int g = 0; g < one.ciphertexts(); g++) {
      for (int i : one.slotMap(g)) {
        if (i >= 0) {
          countOne[i]++;
        }
      }
    }
    assertArrayEquals(countOne, count, p + " places entries as often as " + one);
  }

  /**
   * As the server's product: per-slot values summed over the ciphertexts (empty blocks 0, as every
   * encryption leaves them), then {@code acc += rotate(acc, step)} for each fold step; block 0 must
   * hold the sum over all groups of each group's slot.
   */
  @Property(tries = 400)
  void foldAddsEveryGroupIntoBlockZero(@ForAll @IntRange(min = 0, max = 3) int kind,
      @ForAll @IntRange(min = 1, max = 24) int rows, @ForAll @IntRange(min = 1, max = 24) int cols,
      @ForAll @IntRange(min = 1, max = 9) int param, @ForAll @IntRange(min = 5, max = 11) int logSlots,
      @ForAll long seed) {
    Layout one = unpacked(kind, rows, cols, param, logSlots);
    Layout p = one.packed();
    Assume.that(p.blocks() > 1);
    java.util.Random rnd = new java.util.Random(seed);
    int stride = p.stride();
    long[][] group = new long[one.groups()][stride];
    long[] expected = new long[stride];
    for (int g = 0; g < group.length; g++) {
      int[] m = one.slotMap(g);
      for (int q = 0; q < stride; q++) {
        group[g][q] = m[q] < 0 ? rnd.nextInt(1000) : rnd.nextInt(1_000_000);
        expected[q] += group[g][q];
      }
    }
    long[] acc = new long[p.slots()];
    for (int c = 0; c < p.ciphertexts(); c++) {
      for (int b = 0; b < p.blocks() && c * p.blocks() + b < group.length; b++) {
        for (int q = 0; q < stride; q++) {
          acc[b * stride + q] += group[c * p.blocks() + b][q];
        }
      }
    }
    for (int step : p.foldSteps()) {
      long[] r = rotateRows(acc, step);
      for (int i = 0; i < acc.length; i++) {
        acc[i] += r[i];
      }
    }
    int[] block0 = one.slotMap(0);
    for (int q = 0; q < stride; q++) {
      if (block0[q] >= 0) {
        assertEquals(expected[q], acc[q], p + " slot " + q);
      }
    }
  }

  /** Left rotation of each half by {@code k} slots; {@code k = slots / 2} swaps the halves. */
  private static long[] rotateRows(long[] v, int k) {
    int half = v.length / 2;
    long[] r = new long[v.length];
    if (k == half) {
      System.arraycopy(v, half, r, 0, half);
      System.arraycopy(v, 0, r, half, half);
      return r;
    }
    for (int row = 0; row < 2; row++) {
      for (int i = 0; i < half; i++) {
        r[row * half + i] = v[row * half + (i + k) % half];
      }
    }
    return r;
  }
}
