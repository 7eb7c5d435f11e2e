package io.fhe4j.nn.bitwise;

import io.fhe4j.circuits.BinaryArith;
import io.fhe4j.circuits.BinaryInt;
import io.fhe4j.circuits.Bit;
import io.fhe4j.nn.fixed.FixedPointOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The circuits of the bitwise trainer beyond {@link BinaryArith}'s, all on signed numbers and all
 * exact: the dot product as one carry-save compression of every partial product, the sum over
 * the slots ({@code totalSums}) by rotations and adders, the saturation of a number to k bits,
 * the rounding shift of {@link io.fhe4j.nn.fixed.Rounding#shiftRound} for any shift, and the
 * mask and replicate moves between layouts. Thread-safe if the slot backend is.
 */
final class BitCircuits<B> {
  private final SlotBits<B> slots;
  private final BinaryArith<B> ar;

  BitCircuits(SlotBits<B> slots, BinaryArith<B> ar) {
    this.slots = slots;
    this.ar = ar;
  }

  static void checkWidth(String op, int w) {
    if (w > BinaryInt.MAX_WIDTH) {
      throw new FixedPointOverflowException(op + " needs " + w + "-bit numbers to stay exact, more than "
          + BinaryInt.MAX_WIDTH + ": use fewer fractional bits");
    }
  }

  /** {@code ceil(log2 n)}. */
  static int lg(int n) {
    return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  /** The smallest signed width holding every value of magnitude at most m (at least 2). */
  static int widthFor(long m) {
    return Math.max(2, 65 - Long.numberOfLeadingZeros(m));
  }

  /**
   * {@code sum_i a_i b_i} exactly, in w bits (the caller guarantees the sum fits). The partial
   * products {@code a_i[p] AND b_i} of all pairs are rows of one Dadda compression and one final
   * adder ({@link BinaryArith#sum}): {@code sum ka kb} ANDs for the partial products, about one
   * per partial-product bit for the compression, and one adder, instead of one adder per product.
   * Signed operands: the row of a's sign bit enters negated ({@code -y = NOT y + 1}), the ones
   * are collected in one public constant.
   */
  BinaryInt<B> dot(List<BinaryInt<B>> a, List<BinaryInt<B>> b, int w) {
    List<BinaryInt<B>> rows = new ArrayList<>();
    long constant = 0;
    for (int t = 0; t < a.size(); t++) {
      BinaryInt<B> x = a.get(t);
      BinaryInt<B> y = b.get(t);
      if (x.width() > y.width()) {
        BinaryInt<B> z = x;
        x = y;
        y = z;
      }
      int ka = x.width();
      int kb = y.width();
      for (int p = 0; p < ka; p++) {
        List<Bit<B>> bits = new ArrayList<>(kb);
        for (int q = 0; q < kb; q++) {
          bits.add(ar.and(x.bit(p), y.bit(q)));
        }
        BinaryInt<B> row = BinaryInt.of(bits, true);
        if (p == ka - 1) {
          row = ar.not(row);
          constant += 1L << p;
        }
        rows.add(row.shiftLeft(p));
      }
    }
    rows.add(BinaryInt.constant(constant, w, true));
    return ar.sum(rows, w);
  }

  /** {@code a + b} exactly: both widened to {@code max + 1} bits first (free), then one adder. */
  BinaryInt<B> addExact(BinaryInt<B> a, BinaryInt<B> b) {
    int w = Math.max(a.width(), b.width()) + 1;
    checkWidth("add", w);
    return ar.add(a.resize(w), b.resize(w));
  }

  /** {@code a - b} exactly, in {@code max + 1} bits. */
  BinaryInt<B> subtractExact(BinaryInt<B> a, BinaryInt<B> b) {
    int w = Math.max(a.width(), b.width()) + 1;
    checkWidth("subtract", w);
    return ar.subtract(a.resize(w), b.resize(w));
  }

  /**
   * {@code shiftRound(x, bits)} = {@code floor((x + 2^(bits-1)) / 2^bits)} by {@link
   * BinaryArith#roundShiftRight} (floor shift plus the dropped top bit as carry-in, which is
   * exactly round half up); a shift of at least the width first sign-extends (free).
   */
  BinaryInt<B> roundShift(BinaryInt<B> x, int bits) {
    BinaryInt<B> y = bits >= x.width() ? x.resize(bits + 1) : x;
    return ar.roundShiftRight(y, bits);
  }

  /**
   * x saturated to the k-bit range {@code [-2^(k-1), 2^(k-1) - 1]}, in k bits. It fits iff bits
   * k-1..w-1 all equal the sign s: {@code ok} is the AND of {@code NOT(x_i ^ s)} over those bits
   * (w - k - 1 products, depth lg(w - k)); then bit k-1 is s and bit i < k-1 is
   * {@code ok ? x_i : NOT s} (k - 1 products), which gives the minimum or maximum when it does not fit.
   */
  BinaryInt<B> saturate(BinaryInt<B> x, int k) {
    int w = x.width();
    if (w <= k) {
      return x.resize(k);
    }
    Bit<B> s = x.topBit();
    List<Bit<B>> eq = new ArrayList<>();
    for (int i = k - 1; i < w - 1; i++) {
      eq.add(ar.not(ar.xor(x.bit(i), s)));
    }
    Bit<B> ok = andAll(eq, 0, eq.size());
    Bit<B> notS = ar.not(s);
    List<Bit<B>> r = new ArrayList<>(k);
    for (int i = 0; i < k - 1; i++) {
      r.add(ar.select(ok, x.bit(i), notS));
    }
    r.add(s);
    return BinaryInt.of(r, true);
  }

  private Bit<B> andAll(List<Bit<B>> x, int from, int to) {
    if (to - from == 1) {
      return x.get(from);
    }
    int mid = from + (to - from + 1) / 2;
    return ar.and(andAll(x, from, mid), andAll(x, mid, to));
  }

  /** Every non-constant bit rotated by k slots. */
  BinaryInt<B> rotate(BinaryInt<B> x, int k) {
    if (Math.floorMod(k, slots.slots()) == 0) {
      return x;
    }
    List<Bit<B>> r = new ArrayList<>(x.width());
    for (Bit<B> b : x.bits()) {
      r.add(b.isConstant() ? b : Bit.of(slots.rotate(b.value(), k), b.depth()));
    }
    return BinaryInt.of(r, x.isSigned());
  }

  /**
   * One bit value per slot gathered from n bits: slot s of the result is slot s of {@code
   * bits.get(s)} (masks and XORs, no ciphertext product). Constant bits contribute their public
   * value; a public non-uniform pattern P is formed from any non-constant bit v as
   * {@code mask(v, P) ^ mask(NOT v, P)}.
   */
  Bit<B> gather(List<Bit<B>> bits) {
    int n = slots.slots();
    if (n == 1) {
      return bits.get(0);
    }
    long[] ones = new long[n];
    boolean allConstant = true;
    boolean anyOne = false;
    boolean anyZero = false;
    Bit<B> some = null;
    for (int s = 0; s < n; s++) {
      Bit<B> b = bits.get(s);
      if (b.isConstant()) {
        ones[s] = b.constantValue() ? 1 : 0;
        anyOne |= b.constantValue();
        anyZero |= !b.constantValue();
      } else {
        allConstant = false;
        some = b;
      }
    }
    if (allConstant && !(anyOne && anyZero)) {
      return bits.get(0);
    }
    if (some == null) {
      throw new IllegalStateException("cannot form a public non-uniform bit pattern without a bit value to mask");
    }
    Bit<B> acc = Bit.zero();
    for (int s = 0; s < n; s++) {
      Bit<B> b = bits.get(s);
      if (!b.isConstant()) {
        long[] m = new long[n];
        m[s] = 1;
        acc = ar.xor(acc, Bit.of(slots.mask(b.value(), m), b.depth()));
      }
    }
    if (anyOne) {
      Bit<B> p = ar.xor(Bit.of(slots.mask(some.value(), ones), some.depth()),
          Bit.of(slots.mask(ar.not(some).value(), ones), some.depth()));
      acc = ar.xor(acc, p);
    }
    return acc;
  }

  /**
   * HElib's {@code totalSums} over the n slots: every slot gets {@code op} folded over all slots,
   * with {@code floor(log2 n) + popcount(n) - 1} rotations and combinations (windows doubled, one
   * more slot added where n has a 1 bit).
   */
  BinaryInt<B> totalSums(BinaryInt<B> x, BinaryOperator<BinaryInt<B>> op) {
    int n = slots.slots();
    if (n == 1) {
      return x;
    }
    BinaryInt<B> cur = x;
    int e = 1;
    for (int i = 30 - Integer.numberOfLeadingZeros(n); i >= 0; i--) {
      cur = op.apply(cur, rotate(cur, e));
      e *= 2;
      if (((n >> i) & 1) == 1) {
        cur = op.apply(cur, rotate(x, e));
        e += 1;
      }
    }
    return cur;
  }

  /** Exact sum over the slots (width grows by one per adder). */
  BinaryInt<B> sumSlots(BinaryInt<B> x) {
    return totalSums(x, this::addExact);
  }

  /** Slot {@code slot} of x copied to every slot: per non-constant bit a mask and a totalSums by XOR (no products). */
  BinaryInt<B> replicate(BinaryInt<B> x, int slot) {
    int n = slots.slots();
    if (n == 1) {
      return x;
    }
    long[] m = new long[n];
    m[slot] = 1;
    List<Bit<B>> r = new ArrayList<>(x.width());
    for (Bit<B> b : x.bits()) {
      if (b.isConstant()) {
        r.add(b);
        continue;
      }
      Bit<B> kept = Bit.of(slots.mask(b.value(), m), b.depth());
      Bit<B> cur = kept;
      int e = 1;
      for (int i = 30 - Integer.numberOfLeadingZeros(n); i >= 0; i--) {
        cur = ar.xor(cur, rotateBit(cur, e));
        e *= 2;
        if (((n >> i) & 1) == 1) {
          cur = ar.xor(cur, rotateBit(kept, e));
          e += 1;
        }
      }
      r.add(cur);
    }
    return BinaryInt.of(r, true);
  }

  private Bit<B> rotateBit(Bit<B> b, int k) {
    return b.isConstant() ? b : Bit.of(slots.rotate(b.value(), k), b.depth());
  }
}
