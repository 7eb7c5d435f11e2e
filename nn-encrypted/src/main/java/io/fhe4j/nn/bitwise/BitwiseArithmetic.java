package io.fhe4j.nn.bitwise;

import io.fhe4j.circuits.BinaryArith;
import io.fhe4j.circuits.BinaryInt;
import io.fhe4j.circuits.Bit;
import io.fhe4j.circuits.TableLookup;
import io.fhe4j.nn.bitwise.BitMatrix.Layout;
import io.fhe4j.nn.fixed.ArithmeticStats.Op;
import io.fhe4j.nn.fixed.FixedPointArithmetic;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupTable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The paper's representation behind the trainer's arithmetic: every fixed-point number is a
 * signed two's-complement {@link BinaryInt} of bits over GF(2), mini-batch samples across the
 * slots ({@link BitMatrix}), and every operation is a binary circuit of {@code io.fhe4j.circuits}
 * on a {@link SlotBits} backend: adders for {@code add}/{@code subtract}, Baugh-Wooley products
 * for {@code hadamard}, one carry-save compression per dot product for {@code linear},
 * {@code backLinear} and {@code batchGradient}, rotations and adders ({@code totalSums}) for the
 * sums over the batch, {@link BinaryArith#roundShiftRight} for {@code rescale} (round half up,
 * exactly {@link io.fhe4j.nn.fixed.Rounding#shiftRound}), and {@link TableLookup} for {@code
 * lookup} after the same reduction as {@link LookupTable#apply} (round, saturate to k bits).
 *
 * <h2>Exactness</h2>
 * Widths are chosen from the operands' widths so that nothing wraps: a sum of two w-bit numbers
 * gets w + 1 bits, a product wa + wb, a dot product of n terms wa + wb + lg n, a sum over S slots
 * one bit per adder of {@code totalSums}. So every operation computes exactly the integers of
 * {@link io.fhe4j.nn.fixed.PlainArithmetic}, and a width above 64 throws
 * {@link io.fhe4j.nn.fixed.FixedPointOverflowException}. {@code rescale} and {@code lookup} are
 * homomorphic too: in the bitwise representation dropping bits with rounding is a short
 * incrementer, so no operation needs the data owner for arithmetic.
 *
 * <h2>Refresh (the paper's bootstrapping)</h2>
 * Before an operation with ciphertext products deeper than an adder (hadamard, a product by a
 * constant other than a power of two, linear, backLinear, batchGradient, sumOverBatch, lookup),
 * every operand whose depth exceeds {@code refreshAbove} goes to the data owner, who decrypts it
 * and encrypts the same integers afresh (depth 0) at the smallest width that holds the matrix's
 * largest magnitude (at least {@code minWidth}); no arithmetic. With {@code refreshAbove = 0}
 * every deep circuit starts from fresh bits, as after the paper's bootstrapping; {@link
 * BitwiseStats#maxDepth()} is then the depth the levelled chain must provide. The width chosen
 * at a refresh (and at {@code encode}) reveals the bit length of the largest magnitude of the
 * matrix; fixed widths (the paper's 8 bits) are a {@code minWidth} at least that large.
 *
 * <h2>Layouts</h2>
 * {@code encode} lays out a matrix with as many rows as the mini-batch in {@link Layout#BATCH}
 * and any other in {@link Layout#REPLICATED}; an operation that needs the other layout converts
 * (masks and XOR rotations, no ciphertext product), so a weight matrix that happens to have B
 * rows is still exact. Sums over the batch need rotations: on {@link SimdSlotBits} (GF(2^d) slots
 * of an odd-m ring) they are automorphisms; the one-slot {@link EncryptedSlotBits} keeps each
 * sample in its own integers ({@code groups = B}), where they are additions.
 *
 * <h2>Segments and levelled chains per segment</h2>
 * Every owner encryption of a matrix (an upload by {@code encode}, or a refresh) starts a
 * <i>segment</i>, numbered in call order; a computed matrix belongs to the segments of its
 * operands. When a matrix is refreshed or decoded, its depth is recorded for each of its segments:
 * {@link #segmentDepths()} is then, per segment, the depth its values reached before the owner saw
 * them again. A run given those depths ({@link #BitwiseArithmetic(SlotBits, int, int, int, int[])},
 * learned from a plain run of the same steps) asks the backend for fresh bits that need only that
 * depth ({@link SlotBits#encrypt(long[], int)}): a levelled backend encrypts them lower in its
 * chain, so every segment runs on a chain sized for it, where the paper bootstrapped between
 * layers. A segment going deeper than its planned depth (a plan learned on a different run) throws.
 *
 * <p>Mutable (the statistics) and not thread-safe.
 *
 * @param <B> the backend's bit value
 */
public final class BitwiseArithmetic<B> implements FixedPointArithmetic<BitMatrix<B>> {
  private final SlotBits<B> slots;
  private final BinaryArith<B> ar;
  private final BitCircuits<B> circuits;
  private final int batch;
  private final int groups;
  private final int refreshAbove;
  private final int minWidth;
  private final BitwiseStats stats = new BitwiseStats();
  private final Map<LookupTable, TableLookup> tables = new IdentityHashMap<>();
  /** Refreshed copies, so that a value used by several deep circuits is refreshed once (identity keys). */
  private final Map<BitMatrix<B>, BitMatrix<B>> refreshed = new WeakHashMap<>();
  /** The segments (owner encryptions) each live matrix descends from (identity keys). */
  private final Map<BitMatrix<B>, BitSet> segments = new WeakHashMap<>();
  /** Per segment, the largest depth recorded at a refresh or decode. */
  private final List<Integer> segmentDepths = new ArrayList<>();
  private final int[] plan;

  /**
   * @param slots the bit backend; its slot count S must divide the batch size
   * @param batchSize B, the rows of the mini-batch matrices
   * @param refreshAbove refresh operands of deep circuits whose depth exceeds this (>= 0)
   * @param minWidth smallest width of encoded and refreshed numbers, in [2, 64]
   */
  public BitwiseArithmetic(SlotBits<B> slots, int batchSize, int refreshAbove, int minWidth) {
    this(slots, batchSize, refreshAbove, minWidth, null);
  }

  /**
   * The same with a depth plan: segment k's bits are encrypted by {@link SlotBits#encrypt(long[],
   * int)} for {@code plan[k]} levels (segments past the plan's end at full depth).
   *
   * @param plan per segment the depth it needs, as {@link #segmentDepths()} of a run of the same
   *     steps; null for none
   * @throws IllegalArgumentException if a planned depth is negative
   */
  public BitwiseArithmetic(SlotBits<B> slots, int batchSize, int refreshAbove, int minWidth, int[] plan) {
    if (plan != null) {
      for (int k = 0; k < plan.length; k++) {
        if (plan[k] < 0) {
          throw new IllegalArgumentException("planned depth of segment " + k + " is " + plan[k]
              + ": pass the segmentDepths() of a run of the same steps");
        }
      }
    }
    this.plan = plan == null ? null : plan.clone();
    if (batchSize < 1 || batchSize % slots.slots() != 0) {
      throw new IllegalArgumentException(
          "the batch size " + batchSize + " must be a positive multiple of the " + slots.slots() + " slots");
    }
    if (refreshAbove < 0 || minWidth < 2 || minWidth > BinaryInt.MAX_WIDTH) {
      throw new IllegalArgumentException(
          "refreshAbove must be >= 0 and minWidth in [2, 64], got " + refreshAbove + " and " + minWidth);
    }
    this.slots = slots;
    this.ar = new BinaryArith<>(slots.backend());
    this.circuits = new BitCircuits<>(slots, ar);
    this.batch = batchSize;
    this.groups = batchSize / slots.slots();
    this.refreshAbove = refreshAbove;
    this.minWidth = minWidth;
  }

  /** The statistics (live). */
  public BitwiseStats stats() {
    return stats;
  }

  /** The slot backend. */
  public SlotBits<B> slots() {
    return slots;
  }

  /**
   * Per segment (owner encryption, in call order) the largest depth its values reached at a
   * refresh or decode so far (0 if none yet): the plan for a levelled run of the same steps.
   */
  public int[] segmentDepths() {
    return segmentDepths.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Records the depth of m for each of its segments (m goes back to the owner). */
  private void endSegment(BitMatrix<B> m) {
    BitSet from = segments.get(m);
    if (from == null) {
      return;
    }
    int d = m.depth();
    for (int k = from.nextSetBit(0); k >= 0; k = from.nextSetBit(k + 1)) {
      if (plan != null && k < plan.length && d > plan[k]) {
        throw new IllegalStateException("segment " + k + " reached depth " + d + ", beyond its planned " + plan[k]
            + ": the plan must come from segmentDepths() of a run of the same steps on the same data");
      }
      segmentDepths.set(k, Math.max(segmentDepths.get(k), d));
    }
  }

  /** out descends from the segments of the given operands. */
  @SafeVarargs
  private BitMatrix<B> derive(BitMatrix<B> out, BitMatrix<B>... from) {
    BitSet all = new BitSet();
    for (BitMatrix<B> m : from) {
      BitSet s = segments.get(m);
      if (s != null) {
        all.or(s);
      }
    }
    segments.put(out, all);
    return out;
  }

  // ---- owner -----------------------------------------------------------------------------

  @Override
  public BitMatrix<B> encode(LongMatrix values) {
    return encode(values, Math.max(minWidth, BitCircuits.widthFor(values.maxAbs())),
        values.rows() == batch ? Layout.BATCH : Layout.REPLICATED);
  }

  private BitMatrix<B> encode(LongMatrix v, int w, Layout layout) {
    int segment = segmentDepths.size();
    segmentDepths.add(0);
    int depth = plan != null && segment < plan.length ? plan[segment] : -1;
    BitSet own = new BitSet();
    own.set(segment);
    BitMatrix<B> m = encodeAt(v, w, layout, depth);
    segments.put(m, own);
    return m;
  }

  private BitMatrix<B> encodeAt(LongMatrix v, int w, Layout layout, int depth) {
    int n = slots.slots();
    List<BinaryInt<B>> ints = new ArrayList<>();
    long[] vals = new long[n];
    if (layout == Layout.BATCH) {
      for (int c = 0; c < v.cols(); c++) {
        for (int g = 0; g < groups; g++) {
          for (int s = 0; s < n; s++) {
            vals[s] = v.get(g * n + s, c);
          }
          ints.add(encodeInt(vals, w, depth));
        }
      }
      return new BitMatrix<>(v.rows(), v.cols(), layout, groups, ints);
    }
    for (int r = 0; r < v.rows(); r++) {
      for (int c = 0; c < v.cols(); c++) {
        java.util.Arrays.fill(vals, v.get(r, c));
        ints.add(encodeInt(vals, w, depth));
      }
    }
    return new BitMatrix<>(v.rows(), v.cols(), layout, 0, ints);
  }

  /** One integer per slot; depth < 0: a full-depth encryption. */
  private BinaryInt<B> encodeInt(long[] vals, int w, int depth) {
    List<B> bits = new ArrayList<>(w);
    long[] b = new long[vals.length];
    for (int i = 0; i < w; i++) {
      for (int s = 0; s < vals.length; s++) {
        b[s] = (vals[s] >>> Math.min(i, 63)) & 1;
      }
      bits.add(depth < 0 ? slots.encrypt(b) : slots.encrypt(b, depth));
    }
    return BinaryInt.ofValues(bits, true);
  }

  @Override
  public LongMatrix decode(BitMatrix<B> m) {
    endSegment(m);
    long[] d = new long[m.rows() * m.cols()];
    int n = slots.slots();
    if (m.layout() == Layout.BATCH) {
      for (int c = 0; c < m.cols(); c++) {
        for (int g = 0; g < m.groups(); g++) {
          long[] v = decodeInt(m.batchInt(c, g));
          for (int s = 0; s < n; s++) {
            d[(g * n + s) * m.cols() + c] = v[s];
          }
        }
      }
    } else {
      for (int r = 0; r < m.rows(); r++) {
        for (int c = 0; c < m.cols(); c++) {
          d[r * m.cols() + c] = decodeInt(m.entry(r, c))[0];
        }
      }
    }
    return new LongMatrix(m.rows(), m.cols(), d, 0);
  }

  private long[] decodeInt(BinaryInt<B> x) {
    int n = slots.slots();
    long[] r = new long[n];
    int k = x.width();
    for (int i = 0; i < k; i++) {
      Bit<B> b = x.bit(i);
      if (b.isConstant()) {
        if (b.constantValue()) {
          for (int s = 0; s < n; s++) {
            r[s] |= 1L << i;
          }
        }
      } else {
        long[] v = slots.decrypt(b.value());
        for (int s = 0; s < n; s++) {
          r[s] |= (v[s] & 1) << i;
        }
      }
    }
    if (k < 64) {
      for (int s = 0; s < n; s++) {
        r[s] = r[s] << (64 - k) >> (64 - k);
      }
    }
    return r;
  }

  /** The owner's refresh: decrypt, encrypt the same integers afresh at the smallest width (>= minWidth). */
  private BitMatrix<B> refresh(BitMatrix<B> m) {
    LongMatrix v = decode(m);
    BitMatrix<B> r = encode(v, Math.max(minWidth, BitCircuits.widthFor(v.maxAbs())), m.layout());
    stats.recordRefresh(m.bitValues(), r.bitValues());
    return r;
  }

  private BitMatrix<B> fresh(BitMatrix<B> m) {
    if (m.depth() <= refreshAbove) {
      return m;
    }
    return refreshed.computeIfAbsent(m, this::refresh);
  }

  // ---- shapes and layouts ----------------------------------------------------------------

  @Override
  public int rows(BitMatrix<B> v) {
    return v.rows();
  }

  @Override
  public int cols(BitMatrix<B> v) {
    return v.cols();
  }

  private static void sameShape(String op, BitMatrix<?> a, BitMatrix<?> b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(op + " needs equal shapes, got " + a.rows() + "x" + a.cols() + " and "
          + b.rows() + "x" + b.cols());
    }
  }

  /** m in the BATCH layout (it must have B rows). */
  private BitMatrix<B> asBatch(String op, BitMatrix<B> m) {
    if (m.layout() == Layout.BATCH) {
      return m;
    }
    if (m.rows() != batch) {
      throw new IllegalArgumentException(op + " needs a mini-batch of " + batch + " rows, got " + m.rows() + "x"
          + m.cols());
    }
    int n = slots.slots();
    List<BinaryInt<B>> ints = new ArrayList<>();
    for (int c = 0; c < m.cols(); c++) {
      for (int g = 0; g < groups; g++) {
        List<Bit<B>> bits = new ArrayList<>(m.width());
        for (int i = 0; i < m.width(); i++) {
          List<Bit<B>> perSlot = new ArrayList<>(n);
          for (int s = 0; s < n; s++) {
            perSlot.add(m.entry(g * n + s, c).bit(i));
          }
          bits.add(circuits.gather(perSlot));
        }
        ints.add(BinaryInt.of(bits, true));
      }
    }
    return derive(new BitMatrix<>(m.rows(), m.cols(), Layout.BATCH, groups, ints), m);
  }

  /** m in the REPLICATED layout (masks and XOR rotations from BATCH). */
  private BitMatrix<B> asReplicated(BitMatrix<B> m) {
    if (m.layout() == Layout.REPLICATED) {
      return m;
    }
    int n = slots.slots();
    List<BinaryInt<B>> ints = new ArrayList<>();
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < m.cols(); c++) {
        ints.add(circuits.replicate(m.batchInt(c, r / n), r % n));
      }
    }
    return derive(new BitMatrix<>(m.rows(), m.cols(), Layout.REPLICATED, 0, ints), m);
  }

  /** Applies f entry by entry to two matrices of one shape in a common layout (BATCH if either is). */
  private BitMatrix<B> zip(Op op, BitMatrix<B> a, BitMatrix<B> b, BiFunction<BinaryInt<B>, BinaryInt<B>, BinaryInt<B>> f) {
    sameShape(op.name().toLowerCase(), a, b);
    if (a.layout() != b.layout()) {
      a = asBatch(op.name(), a);
      b = asBatch(op.name(), b);
    }
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>(a.ints().size());
    for (int i = 0; i < a.ints().size(); i++) {
      r.add(f.apply(a.ints().get(i), b.ints().get(i)));
    }
    return out(op, m0, new BitMatrix<>(a.rows(), a.cols(), a.layout(), a.groups(), r), a, b);
  }

  private BitMatrix<B> map(Op op, BitMatrix<B> a, UnaryOperator<BinaryInt<B>> f) {
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>(a.ints().size());
    for (BinaryInt<B> x : a.ints()) {
      r.add(f.apply(x));
    }
    return out(op, m0, new BitMatrix<>(a.rows(), a.cols(), a.layout(), a.groups(), r), a);
  }

  @SafeVarargs
  private BitMatrix<B> out(Op op, long m0, BitMatrix<B> m, BitMatrix<B>... from) {
    stats.record(op, slots.backend().multiplications() - m0, m.depth());
    return derive(m, from);
  }

  // ---- element-wise ----------------------------------------------------------------------

  @Override
  public BitMatrix<B> add(BitMatrix<B> a, BitMatrix<B> b) {
    return zip(Op.ADD, a, b, circuits::addExact);
  }

  @Override
  public BitMatrix<B> subtract(BitMatrix<B> a, BitMatrix<B> b) {
    return zip(Op.SUBTRACT, a, b, circuits::subtractExact);
  }

  @Override
  public BitMatrix<B> hadamard(BitMatrix<B> a, BitMatrix<B> b) {
    BitCircuits.checkWidth("hadamard", a.width() + b.width());
    return zip(Op.HADAMARD, fresh(a), fresh(b), ar::multiply);
  }

  @Override
  public BitMatrix<B> multiplyConstant(BitMatrix<B> a, long c) {
    if (c == 0) {
      return map(Op.MULTIPLY_CONSTANT, a, x -> BinaryInt.constant(0, 2, true));
    }
    if (c > 0 && Long.bitCount(c) == 1) {
      int e = Long.numberOfTrailingZeros(c);
      BitCircuits.checkWidth("multiplyConstant", a.width() + e);
      return map(Op.MULTIPLY_CONSTANT, a, x -> x.shiftLeft(e));
    }
    int wc = BitCircuits.widthFor(Math.abs(c));
    BitCircuits.checkWidth("multiplyConstant", a.width() + wc);
    BinaryInt<B> k = BinaryInt.constant(c, wc, true);
    return map(Op.MULTIPLY_CONSTANT, fresh(a), x -> ar.multiply(x, k));
  }

  @Override
  public BitMatrix<B> addConstant(BitMatrix<B> a, long c) {
    BinaryInt<B> k = BinaryInt.constant(c, BitCircuits.widthFor(Math.abs(c)), true);
    return map(Op.ADD_CONSTANT, a, x -> circuits.addExact(x, k));
  }

  @Override
  public BitMatrix<B> addRow(BitMatrix<B> a, BitMatrix<B> row) {
    if (row.rows() != 1 || row.cols() != a.cols()) {
      throw new IllegalArgumentException("addRow needs a 1x" + a.cols() + " row, got " + row.rows() + "x" + row.cols());
    }
    BitMatrix<B> rr = asReplicated(row);
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>(a.ints().size());
    if (a.layout() == Layout.BATCH) {
      for (int c = 0; c < a.cols(); c++) {
        for (int g = 0; g < a.groups(); g++) {
          r.add(circuits.addExact(a.batchInt(c, g), rr.entry(0, c)));
        }
      }
    } else {
      for (int i = 0; i < a.rows(); i++) {
        for (int c = 0; c < a.cols(); c++) {
          r.add(circuits.addExact(a.entry(i, c), rr.entry(0, c)));
        }
      }
    }
    return out(Op.ADD_ROW, m0, new BitMatrix<>(a.rows(), a.cols(), a.layout(), a.groups(), r), a, rr);
  }

  // ---- products and sums -----------------------------------------------------------------

  @Override
  public BitMatrix<B> linear(BitMatrix<B> x, BitMatrix<B> w) {
    if (x.cols() != w.cols()) {
      throw new IllegalArgumentException("linear needs x (B x in) and w (out x in) with equal in, got "
          + x.rows() + "x" + x.cols() + " and " + w.rows() + "x" + w.cols());
    }
    BitMatrix<B> xb = asBatch("linear", fresh(x));
    BitMatrix<B> wr = asReplicated(fresh(w));
    int in = x.cols();
    int width = xb.width() + wr.width() + BitCircuits.lg(in);
    BitCircuits.checkWidth("linear", width);
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>();
    for (int h = 0; h < w.rows(); h++) {
      List<BinaryInt<B>> row = new ArrayList<>(in);
      for (int j = 0; j < in; j++) {
        row.add(wr.entry(h, j));
      }
      for (int g = 0; g < groups; g++) {
        List<BinaryInt<B>> col = new ArrayList<>(in);
        for (int j = 0; j < in; j++) {
          col.add(xb.batchInt(j, g));
        }
        r.add(circuits.dot(col, row, width));
      }
    }
    return out(Op.LINEAR, m0, new BitMatrix<>(batch, w.rows(), Layout.BATCH, groups, r), xb, wr);
  }

  @Override
  public BitMatrix<B> backLinear(BitMatrix<B> d, BitMatrix<B> w) {
    if (d.cols() != w.rows()) {
      throw new IllegalArgumentException("backLinear needs d (B x out) and w (out x in) with equal out, got "
          + d.rows() + "x" + d.cols() + " and " + w.rows() + "x" + w.cols());
    }
    BitMatrix<B> db = asBatch("backLinear", fresh(d));
    BitMatrix<B> wr = asReplicated(fresh(w));
    int outN = d.cols();
    int width = db.width() + wr.width() + BitCircuits.lg(outN);
    BitCircuits.checkWidth("backLinear", width);
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>();
    for (int j = 0; j < w.cols(); j++) {
      List<BinaryInt<B>> col = new ArrayList<>(outN);
      for (int h = 0; h < outN; h++) {
        col.add(wr.entry(h, j));
      }
      for (int g = 0; g < groups; g++) {
        List<BinaryInt<B>> ds = new ArrayList<>(outN);
        for (int h = 0; h < outN; h++) {
          ds.add(db.batchInt(h, g));
        }
        r.add(circuits.dot(ds, col, width));
      }
    }
    return out(Op.BACK_LINEAR, m0, new BitMatrix<>(batch, w.cols(), Layout.BATCH, groups, r), db, wr);
  }

  @Override
  public BitMatrix<B> batchGradient(BitMatrix<B> d, BitMatrix<B> x) {
    if (d.rows() != x.rows()) {
      throw new IllegalArgumentException("batchGradient needs d (B x out) and x (B x in) with equal B, got "
          + d.rows() + "x" + d.cols() + " and " + x.rows() + "x" + x.cols());
    }
    BitMatrix<B> db = asBatch("batchGradient", fresh(d));
    BitMatrix<B> xb = asBatch("batchGradient", fresh(x));
    int width = db.width() + xb.width() + BitCircuits.lg(groups);
    BitCircuits.checkWidth("batchGradient", width + 2 * BitCircuits.lg(slots.slots()));
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>();
    for (int h = 0; h < d.cols(); h++) {
      List<BinaryInt<B>> ds = new ArrayList<>(groups);
      for (int g = 0; g < groups; g++) {
        ds.add(db.batchInt(h, g));
      }
      for (int j = 0; j < x.cols(); j++) {
        List<BinaryInt<B>> xs = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
          xs.add(xb.batchInt(j, g));
        }
        r.add(circuits.sumSlots(circuits.dot(ds, xs, width)));
      }
    }
    return out(Op.BATCH_GRADIENT, m0, new BitMatrix<>(d.cols(), x.cols(), Layout.REPLICATED, 0, r), db, xb);
  }

  @Override
  public BitMatrix<B> sumOverBatch(BitMatrix<B> d) {
    BitMatrix<B> db = asBatch("sumOverBatch", fresh(d));
    long m0 = slots.backend().multiplications();
    List<BinaryInt<B>> r = new ArrayList<>();
    for (int c = 0; c < d.cols(); c++) {
      BinaryInt<B> s = db.batchInt(c, 0);
      if (groups > 1) {
        List<BinaryInt<B>> xs = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
          xs.add(db.batchInt(c, g));
        }
        int w = db.width() + BitCircuits.lg(groups);
        BitCircuits.checkWidth("sumOverBatch", w);
        s = ar.sum(xs, w);
      }
      r.add(circuits.sumSlots(s));
    }
    return out(Op.SUM_OVER_BATCH, m0, new BitMatrix<>(1, d.cols(), Layout.REPLICATED, 0, r), db);
  }

  // ---- fixed point -----------------------------------------------------------------------

  @Override
  public BitMatrix<B> rescale(BitMatrix<B> a, int bits) {
    if (bits < 1 || bits > 62) {
      throw new IllegalArgumentException("rescale bits must be in [1, 62], got " + bits);
    }
    return map(Op.RESCALE, a, x -> circuits.roundShift(x, bits));
  }

  @Override
  public BitMatrix<B> lookup(BitMatrix<B> x, int xFracBits, LookupTable table) {
    if (xFracBits < table.inputFracBits()) {
      throw new IllegalArgumentException("lookup input has " + xFracBits + " fractional bits, fewer than the table's "
          + table.inputFracBits());
    }
    TableLookup t = tables.computeIfAbsent(table, BitwiseArithmetic::circuitOf);
    int shift = xFracBits - table.inputFracBits();
    int k = table.inputBits();
    return map(Op.LOOKUP, fresh(x), z -> {
      BinaryInt<B> i = shift > 0 ? circuits.roundShift(z, shift) : z;
      return t.apply(ar, circuits.saturate(i, k));
    });
  }

  /** The table as a circuit on the signed k-bit index, its output in the smallest signed width. */
  static TableLookup circuitOf(LookupTable table) {
    long max = 0;
    for (long i = table.minIndex(); i <= table.maxIndex(); i++) {
      max = Math.max(max, Math.abs(table.at(i)));
    }
    return TableLookup.of(table.inputBits(), true, BitCircuits.widthFor(max), true, table::at);
  }

  @Override
  public String toString() {
    return "BitwiseArithmetic(" + slots + ", batch " + batch + " in " + groups + " groups, refresh above depth "
        + refreshAbove + ", min width " + minWidth + ")";
  }
}
