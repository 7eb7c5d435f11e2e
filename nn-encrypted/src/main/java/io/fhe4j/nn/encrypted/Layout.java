package io.fhe4j.nn.encrypted;

/**
 * Where the entries of a {@code rows x cols} matrix sit in the slots of a list of ciphertexts of
 * {@code slots} slots each. The server names a layout; the data owner and the {@link Refresher}
 * encrypt values in it, so that the server's products line up slot by slot without rotations.
 *
 * <p>Every kind splits its "units" (blocks of consecutive slots) over as many ciphertexts as
 * needed, {@code slots / unit} units per ciphertext:
 * <ul>
 *   <li>{@link Kind#DENSE}: row r is the unit, slot {@code r' * cols + c} (r' the row within its
 *       ciphertext). The output layout of every product.
 *   <li>{@link Kind#COL_REP} (param K): one ciphertext group per column c; row r is a unit of K
 *       slots, all holding {@code v[r][c]}. The input x_j of {@code linear} (K = out units).
 *   <li>{@link Kind#COL_TILE} (param T): one group per column c; the whole column (rows 0..R-1) is
 *       the unit, repeated T times. The weights W_j of {@code linear} (T = batch size).
 *   <li>{@link Kind#ROW_TILE} (param T): one group per row r; the row (cols slots) repeated T
 *       times. The weights of {@code backLinear}, the inputs of {@code batchGradient}, biases.
 *   <li>{@link Kind#ROW_SPREAD} (param J): one group per row r; entry c is a unit of J slots all
 *       holding {@code v[r][c]}. The errors of {@code batchGradient} (J = in).
 *   <li>{@link Kind#ENTRY} (param T): one ciphertext per entry (row-major), the entry in slots
 *       {@code 0..T-1}. The weights of the paper's layout ({@link BatchSlots}, T = batch size).
 * </ul>
 * {@code ROW_TILE(1 x C, T)} and {@code DENSE(T x C)} put the same value at the same slots, which
 * is how {@code addRow} adds biases.
 *
 * <p><b>Packed</b> ({@code blocks = G > 1}, a power of two): when a whole group fits in one
 * ciphertext, G consecutive groups share a ciphertext, group {@code g} in block {@code g mod G} at
 * slot offset {@code (g mod G) * stride()}, the stride being the group's footprint rounded up to a
 * power of two (so that the blocks are aligned with the two rows of {@link
 * io.fhe4j.slots.EncryptedArray} and a rotation tree by multiples of the stride folds them: {@link
 * #foldSteps()}). {@link #packed()} takes as many blocks as fit, at most the number of groups rounded
 * up to a power of two, so the last ciphertext may have empty blocks ({@link #hasEmptyBlocks()}):
 * every encryption holds 0 there, and a product's fold adds those blocks into block 0, so a view with
 * empty blocks may only be combined by additions, subtractions and products (which keep the zeros),
 * never with an additive constant (slots outside the blocks' groups may hold anything: the server's
 * additive constants reach them). {@code blocks = 1} is the unpacked layout above. Immutable and
 * thread-safe; equal layouts have equal fields.
 *
 * @param kind the arrangement
 * @param rows matrix rows R
 * @param cols matrix columns C
 * @param param K, T or J (1 for DENSE)
 * @param slots slots per ciphertext N
 * @param blocks groups per ciphertext G (1: unpacked)
 */
public record Layout(Kind kind, int rows, int cols, int param, int slots, int blocks) {
  /** The arrangements. */
  public enum Kind {
    DENSE, COL_REP, COL_TILE, ROW_TILE, ROW_SPREAD, ENTRY
  }

  /** Validates that a unit fits in one ciphertext, and that a packing is possible. */
  public Layout {
    if (rows < 1 || cols < 1 || param < 1 || slots < 1 || blocks < 1) {
      throw new IllegalArgumentException("layout " + kind + " needs positive sizes, got " + rows + "x" + cols
          + " param " + param + " slots " + slots);
    }
    if (unit(kind, rows, cols, param) > slots) {
      throw new UnsupportedLayoutException("layout " + kind + " of a " + rows + "x" + cols + " matrix (param " + param
          + ") needs units of " + unit(kind, rows, cols, param) + " slots but a ciphertext has " + slots
          + ": use a larger ring or a smaller network");
    }
    if (blocks > 1) {
      int groups = groups(kind, rows, cols);
      long foot = footprint(kind, rows, cols, param);
      if (Integer.bitCount(blocks) != 1 || blocks >= 2L * groups || Integer.bitCount(slots) != 1
          || kind == Kind.DENSE || kind == Kind.ENTRY || (long) blocks * Long.highestOneBit(2 * foot - 1) > slots) {
        throw new UnsupportedLayoutException("layout " + kind + " of a " + rows + "x" + cols + " matrix (param " + param
            + ") cannot pack " + blocks + " groups of " + foot + " slots per ciphertext of " + slots
            + ": blocks must be a power of two below twice the " + groups + " groups, each in a power-of-two"
            + " stride, in a ciphertext of a power-of-two number of slots");
      }
    }
  }

  /** An unpacked layout ({@code blocks = 1}). */
  public Layout(Kind kind, int rows, int cols, int param, int slots) {
    this(kind, rows, cols, param, slots, 1);
  }

  /**
   * The same arrangement with as many groups per ciphertext as fit (a power of two, at most the
   * number of groups rounded up to a power of two, so the fewest ciphertexts with the fewest fold
   * rotations), or this layout if fewer than 2 groups fit or there is only one.
   */
  public Layout packed() {
    if (blocks > 1 || kind == Kind.DENSE || kind == Kind.ENTRY || Integer.bitCount(slots) != 1 || groups() < 2) {
      return this;
    }
    long foot = footprint(kind, rows, cols, param);
    if (foot > slots / 2) {
      return this;
    }
    int g = (int) Math.min(slots / Long.highestOneBit(2 * foot - 1), Integer.highestOneBit(2 * groups() - 1));
    return new Layout(kind, rows, cols, param, slots, g);
  }

  /**
   * Whether the last ciphertext has blocks without a group (packed, and the groups not a multiple
   * of the blocks). Such blocks hold 0 in every encryption; see the class comment.
   */
  public boolean hasEmptyBlocks() {
    return blocks > 1 && groups() % blocks != 0;
  }

  /** The unpacked arrangement ({@code blocks = 1}). */
  public Layout unpacked() {
    return blocks == 1 ? this : new Layout(kind, rows, cols, param, slots, 1);
  }

  /** Slots of one group: all its units. */
  private static long footprint(Kind kind, int rows, int cols, int param) {
    return (long) unitsPerGroup(kind, rows, cols, param) * unit(kind, rows, cols, param);
  }

  /** Slot offset between packed blocks: the group's footprint rounded up to a power of two. */
  public int stride() {
    return (int) Long.highestOneBit(2 * footprint(kind, rows, cols, param) - 1);
  }

  /**
   * The row rotations (left, by multiples of the stride) of the tree that adds all G blocks of a
   * packed ciphertext into block 0, in order, {@code acc += rotate(acc, k)}; a step equal to
   * {@code slots / 2} is the swap of the two rows. Empty for an unpacked layout.
   */
  public int[] foldSteps() {
    int n = Integer.numberOfTrailingZeros(blocks);
    int[] steps = new int[n];
    for (int i = 0; i < n; i++) {
      steps[i] = stride() << i;
    }
    return steps;
  }

  public static Layout dense(int rows, int cols, int slots) {
    return new Layout(Kind.DENSE, rows, cols, 1, slots, 1);
  }

  private static int unit(Kind kind, int rows, int cols, int param) {
    return switch (kind) {
      case DENSE, ROW_TILE -> cols;
      case COL_REP, ROW_SPREAD, ENTRY -> param;
      case COL_TILE -> rows;
    };
  }

  /** Slots per unit. */
  public int unit() {
    return unit(kind, rows, cols, param);
  }

  /** Units per ciphertext. */
  public int perCiphertext() {
    return slots / unit();
  }

  /** How many units each group has: rows (DENSE, COL_REP), copies (tiles) or columns (ROW_SPREAD). */
  private int unitsPerGroup() {
    return unitsPerGroup(kind, rows, cols, param);
  }

  private static int unitsPerGroup(Kind kind, int rows, int cols, int param) {
    return switch (kind) {
      case DENSE, COL_REP -> rows;
      case COL_TILE, ROW_TILE -> param;
      case ROW_SPREAD -> cols;
      case ENTRY -> 1;
    };
  }

  /** Groups: 1 (DENSE), one per column (COL_REP, COL_TILE) or one per row (ROW_TILE, ROW_SPREAD). */
  public int groups() {
    return groups(kind, rows, cols);
  }

  private static int groups(Kind kind, int rows, int cols) {
    return switch (kind) {
      case DENSE -> 1;
      case COL_REP, COL_TILE -> cols;
      case ROW_TILE, ROW_SPREAD -> rows;
      case ENTRY -> rows * cols;
    };
  }

  /** Ciphertexts per group (1 when packed). */
  public int chunks() {
    if (blocks > 1) {
      return 1;
    }
    int per = perCiphertext();
    return (unitsPerGroup() + per - 1) / per;
  }

  /**
   * Total ciphertexts: {@code groups() * chunks()}, group-major; {@code ceil(groups() / blocks)}
   * when packed.
   */
  public int ciphertexts() {
    return blocks > 1 ? (groups() + blocks - 1) / blocks : groups() * chunks();
  }

  /** Whether each group holds the entries of one matrix row (ROW_TILE, ROW_SPREAD). */
  public boolean perRow() {
    return kind == Kind.ROW_TILE || kind == Kind.ROW_SPREAD;
  }

  /** The same arrangement, unpacked, for a matrix with {@code r} rows. */
  public Layout withRows(int r) {
    return new Layout(kind, r, cols, param, slots, 1);
  }

  /**
   * For ciphertext {@code ct}, the row-major matrix index held by each slot, or -1 for an unused
   * slot. A fresh array.
   */
  public int[] slotMap(int ct) {
    if (ct < 0 || ct >= ciphertexts()) {
      throw new IndexOutOfBoundsException("ciphertext " + ct + " of a layout with " + ciphertexts());
    }
    int[] map = new int[slots];
    java.util.Arrays.fill(map, -1);
    if (blocks > 1) {
      Layout one = unpacked();
      int stride = stride();
      for (int b = 0; b < blocks && ct * blocks + b < groups(); b++) {
        int[] m = one.slotMap(ct * blocks + b);
        System.arraycopy(m, 0, map, b * stride, stride);
      }
      return map;
    }
    int chunks = chunks();
    int g = ct / chunks;
    int k = ct % chunks;
    int per = perCiphertext();
    int unit = unit();
    int from = k * per;
    int to = Math.min(unitsPerGroup(), from + per);
    for (int u = from; u < to; u++) {
      int base = (u - from) * unit;
      for (int q = 0; q < unit; q++) {
        map[base + q] = switch (kind) {
          case DENSE -> u * cols + q;
          case COL_REP -> u * cols + g;
          case COL_TILE -> q * cols + g;
          case ROW_TILE -> g * cols + q;
          case ROW_SPREAD -> g * cols + u;
          case ENTRY -> g;
        };
      }
    }
    return map;
  }

  @Override
  public String toString() {
    return kind + "(" + rows + "x" + cols + (kind == Kind.DENSE ? "" : ", " + param)
        + (blocks > 1 ? ", " + blocks + " per ciphertext" : "") + ")";
  }
}
