package io.fhe4j.nn.bitwise;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Decryptor;
import io.fhe4j.bgv.Encryptor;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.circuits.EncryptedBitBackend;
import io.fhe4j.slots.GeneralEncryptedArray;
import io.fhe4j.slots.PAlgebra;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * {@link SlotBits} on the GF(2^d) slots of an odd-m BGV ring (p = 2): a bit value is one
 * ciphertext holding one bit (0 or 1 of GF(2) inside GF(2^d)) in each of S <i>logical</i> slots,
 * the paper's packing of the mini-batch samples across the slots. ANDs and XORs act slot by slot
 * ({@link EncryptedBitBackend}); a rotation is an automorphism of the {@link GeneralEncryptedArray};
 * a mask is a plaintext product.
 *
 * <p><b>Placement.</b> The S logical slots sit where a cyclic rotation of them is cheapest:
 * <ul>
 *   <li>{@link Placement#LINE}: S equals the order of a hypercube dimension (every slot when the
 *       ring has one dimension): the slots of one line along it; a rotation is one {@code rotate1D}
 *       (one automorphism on a good dimension; two hoisted ones and a mask on a bad one);</li>
 *   <li>{@link Placement#WHOLE}: S equals the slot count of a ring of several dimensions: a
 *       rotation is {@link GeneralEncryptedArray#rotate} (one {@code rotate1D} per dimension and
 *       masked carries);</li>
 *   <li>{@link Placement#PARTIAL_LINE}: S is smaller than the order of some dimension (the
 *       smallest such, good ones first): the first S slots of a line; a cyclic rotation by r of
 *       the S slots is {@code rotate1D(r)} masked to {@code [0, S - r)} plus {@code rotate1D(r - S)}
 *       masked to {@code [S - r, S)}: two rotations and two masks;</li>
 *   <li>{@link Placement#PARTIAL_PREFIX}: otherwise the first S slots in slot order, the same
 *       two-rotation construction with whole-vector rotations.</li>
 * </ul>
 * The other slots of the ring are unused (they may hold anything; no logical slot ever reads
 * them). {@link #keyElements} lists the Galois elements the trainer's rotations need (direct keys
 * for every rotation amount of {@code totalSums} over S slots).
 *
 * <p><b>Levels.</b> {@link #encrypt(long[], int)} encrypts a value that needs only {@code depth}
 * more levels of ANDs at the level a {@code levelForDepth} function gives (for example {@link
 * #twoAndsPerPrime}), so that each segment between refreshes runs on a chain sized for it (see
 * {@link BitwiseArithmetic}); without one every fresh value is at the top of the chain.
 *
 * <p>Holds the encryptor and decryptor: it plays the data owner for {@link #encrypt} and
 * {@link #decrypt} (see {@link SlotBits}). Thread-safe (masks are cached, counters atomic).
 */
public final class SimdSlotBits implements SlotBits<Ciphertext> {
  /** Where the S logical slots sit in the ring's slots; see the class comment. */
  public enum Placement { LINE, WHOLE, PARTIAL_LINE, PARTIAL_PREFIX }

  private final EncryptedBitBackend backend;
  private final Evaluator eval;
  private final GeneralEncryptedArray array;
  private final Encryptor encryptor;
  private final Decryptor decryptor;
  private final int nSlots;
  private final Layout layout;
  private final Map<BitSet, Plaintext> masks = new ConcurrentHashMap<>();
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicLong maskCount = new AtomicLong();
  private final AtomicLong encryptions = new AtomicLong();
  private final AtomicLong decryptions = new AtomicLong();
  private final AtomicLong arrayRotations = new AtomicLong();
  private final AtomicLong freshLevels = new AtomicLong();
  private final IntUnaryOperator levelForDepth;

  /** The placement of S logical slots in an algebra: the kind, the dimension, physical slot of each logical one. */
  private record Layout(Placement placement, int dim, int[] physical) {
    static Layout of(PAlgebra a, int s) {
      int n = a.nSlots();
      if (s < 1 || s > n) {
        throw new IllegalArgumentException("cannot use " + s + " logical slots in a ring of " + n
            + " slots (m = " + a.m() + "): choose a slot count in [1, " + n + "], e.g. the mini-batch size,"
            + " or a larger m");
      }
      int exact = -1;
      for (int dim = 0; dim < a.numDims(); dim++) {
        if (a.order(dim) == s && (exact < 0 || a.isGood(dim) && !a.isGood(exact))) {
          exact = dim;
        }
      }
      if (exact >= 0) {
        return new Layout(Placement.LINE, exact, line(a, exact, s));
      }
      if (s == n) {
        return new Layout(Placement.WHOLE, -1, prefix(s));
      }
      int best = -1;
      for (int dim = 0; dim < a.numDims(); dim++) {
        if (a.order(dim) > s && (best < 0 || better(a, dim, best))) {
          best = dim;
        }
      }
      if (best >= 0) {
        return new Layout(Placement.PARTIAL_LINE, best, line(a, best, s));
      }
      return new Layout(Placement.PARTIAL_PREFIX, -1, prefix(s));
    }

    private static boolean better(PAlgebra a, int dim, int than) {
      if (a.isGood(dim) != a.isGood(than)) {
        return a.isGood(dim);
      }
      return a.order(dim) < a.order(than);
    }

    private static int[] line(PAlgebra a, int dim, int s) {
      int[] p = new int[s];
      int[] c = new int[a.numDims()];
      for (int i = 0; i < s; i++) {
        c[dim] = i;
        p[i] = a.slotAt(c);
      }
      return p;
    }

    private static int[] prefix(int s) {
      int[] p = new int[s];
      Arrays.setAll(p, i -> i);
      return p;
    }

    /** The physical rotations (dimension-wise amounts, or whole-vector ones) behind a logical rotation by r in (0, S). */
    int[] physicalAmounts(int r) {
      int s = physical.length;
      return placement == Placement.LINE || placement == Placement.WHOLE ? new int[] {r} : new int[] {r, r - s};
    }
  }

  /**
   * S logical slots of this array's ring, under this backend's evaluator (which must hold the
   * relinearization key and the Galois keys of {@link #keyElements}), encrypted and decrypted with
   * the owner's keys.
   *
   * @throws IllegalArgumentException if S is not in [1, slots of the ring] or the array and the
   *     backend belong to different contexts
   */
  public SimdSlotBits(EncryptedBitBackend backend, GeneralEncryptedArray array, int slots, Encryptor encryptor,
      Decryptor decryptor) {
    this(backend, array, slots, encryptor, decryptor, null);
  }

  /**
   * The same with levelled fresh encryptions: {@link #encrypt(long[], int)} encrypts at level
   * {@code levelForDepth(depth)} (clamped to [1, L]).
   *
   * @param levelForDepth the level a fresh value needs for a depth of ANDs; null: always the top
   */
  public SimdSlotBits(EncryptedBitBackend backend, GeneralEncryptedArray array, int slots, Encryptor encryptor,
      Decryptor decryptor, IntUnaryOperator levelForDepth) {
    this.levelForDepth = levelForDepth;
    if (!array.context().sameAs(backend.evaluator().context())) {
      throw new IllegalArgumentException("the slot array belongs to context " + array.context().fingerprint()
          + ", the backend's evaluator to " + backend.evaluator().context().fingerprint()
          + ": build both from the same context");
    }
    this.backend = backend;
    this.eval = backend.evaluator();
    this.array = array;
    this.encryptor = encryptor;
    this.decryptor = decryptor;
    this.nSlots = slots;
    this.layout = Layout.of(array.algebra(), slots);
  }

  /**
   * The Galois elements whose keys make every rotation of {@link BitwiseArithmetic} on S slots of
   * this array a direct one: the amounts of {@code totalSums} over S slots (which {@code replicate}
   * shares), through the placement's physical rotations. Without them the array composes rotations
   * from {@link GeneralEncryptedArray#powerOfTwoKeyElements()} (slower, same results).
   */
  public static long[] keyElements(GeneralEncryptedArray array, int slots) {
    Layout layout = Layout.of(array.algebra(), slots);
    if (layout.placement() == Placement.WHOLE || layout.placement() == Placement.PARTIAL_PREFIX) {
      return array.powerOfTwoKeyElements();
    }
    Set<Long> out = new LinkedHashSet<>();
    for (int r : totalSumsAmounts(slots)) {
      for (int k : layout.physicalAmounts(r)) {
        for (long e : array.rotationKeyElements(layout.dim(), k)) {
          out.add(e);
        }
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** The rotation amounts of {@code totalSums} over n slots, as {@link BitCircuits} runs it (each in (0, n)). */
  static int[] totalSumsAmounts(int n) {
    Set<Integer> out = new LinkedHashSet<>();
    int e = 1;
    for (int i = 30 - Integer.numberOfLeadingZeros(n); i >= 0; i--) {
      out.add(e % n);
      e *= 2;
      if (((n >> i) & 1) == 1) {
        out.add(e % n);
        e += 1;
      }
    }
    out.remove(0);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public EncryptedBitBackend backend() {
    return backend;
  }

  /** The array of the ring. */
  public GeneralEncryptedArray array() {
    return array;
  }

  /** Where the logical slots sit. */
  public Placement placement() {
    return layout.placement();
  }

  @Override
  public int slots() {
    return nSlots;
  }

  @Override
  public Ciphertext encrypt(long[] bits) {
    check(bits, "bits");
    encryptions.incrementAndGet();
    freshLevels.addAndGet(array.context().maxLevel());
    return encryptor.encrypt(array.encodeConstants(spread(bits)));
  }

  /** At the level {@code levelForDepth(depth)} if this backend has that function, else at the top. */
  @Override
  public Ciphertext encrypt(long[] bits, int depth) {
    if (levelForDepth == null) {
      return encrypt(bits);
    }
    check(bits, "bits");
    int top = array.context().maxLevel();
    int level = Math.max(1, Math.min(top, levelForDepth.applyAsInt(depth)));
    encryptions.incrementAndGet();
    freshLevels.addAndGet(level);
    return encryptor.encrypt(array.encodeConstants(spread(bits)), level);
  }

  /**
   * A level rule from the rule of thumb of the fhe-core circuits at p = 2 (about two ANDs per
   * 60-bit prime): {@code depth / 2 + 2} primes.
   */
  public static IntUnaryOperator twoAndsPerPrime() {
    return depth -> depth / 2 + 2;
  }

  /** Mean level of the fresh encryptions so far (the top level for those without a depth). */
  public double meanFreshLevel() {
    long n = encryptions.get();
    return n == 0 ? 0 : (double) freshLevels.get() / n;
  }

  @Override
  public long[] decrypt(Ciphertext value) {
    decryptions.incrementAndGet();
    long[] all = array.decodeConstants(decryptor.decrypt(value));
    long[] out = new long[nSlots];
    for (int s = 0; s < nSlots; s++) {
      out[s] = all[layout.physical()[s]];
    }
    return out;
  }

  @Override
  public Ciphertext rotate(Ciphertext v, int k) {
    int r = Math.floorMod(k, nSlots);
    rotations.incrementAndGet();
    if (r == 0) {
      return v;
    }
    int[] amounts = layout.physicalAmounts(r);
    if (amounts.length == 1) {
      return physicalRotate(v, amounts[0]);
    }
    long[] low = new long[nSlots];
    Arrays.fill(low, 0, nSlots - r, 1);
    long[] high = new long[nSlots];
    Arrays.fill(high, nSlots - r, nSlots, 1);
    Ciphertext a = eval.multiplyPlain(physicalRotate(v, amounts[0]), plaintextMask(low));
    Ciphertext b = eval.multiplyPlain(physicalRotate(v, amounts[1]), plaintextMask(high));
    return eval.add(a, b);
  }

  private Ciphertext physicalRotate(Ciphertext v, int k) {
    arrayRotations.incrementAndGet();
    return layout.dim() >= 0 ? array.rotate1D(eval, v, layout.dim(), k) : array.rotate(eval, v, k);
  }

  @Override
  public Ciphertext mask(Ciphertext v, long[] mask) {
    check(mask, "mask");
    maskCount.incrementAndGet();
    return eval.multiplyPlain(v, plaintextMask(mask));
  }

  private Plaintext plaintextMask(long[] mask) {
    BitSet key = new BitSet(nSlots);
    for (int s = 0; s < nSlots; s++) {
      if (mask[s] != 0) {
        key.set(s);
      }
    }
    return masks.computeIfAbsent(key, b -> array.encodeConstants(spread(mask)));
  }

  /** Logical slot values at their physical slots, 0 elsewhere. */
  private long[] spread(long[] bits) {
    long[] all = new long[array.size()];
    for (int s = 0; s < nSlots; s++) {
      all[layout.physical()[s]] = bits[s];
    }
    return all;
  }

  private void check(long[] bits, String what) {
    if (bits.length != nSlots) {
      throw new IllegalArgumentException(what + " of " + bits.length + " slots given to a backend of " + nSlots
          + " slots: pass one 0/1 value per logical slot");
    }
    for (long b : bits) {
      if (b != 0 && b != 1) {
        throw new IllegalArgumentException(what + " holds " + b + ": every slot must be 0 or 1");
      }
    }
  }

  @Override
  public long rotations() {
    return rotations.get();
  }

  @Override
  public long masks() {
    return maskCount.get();
  }

  /** Physical rotations of the array ({@code rotate1D} or whole-vector) behind the logical ones. */
  public long arrayRotations() {
    return arrayRotations.get();
  }

  /** Fresh bit encryptions so far (owner uploads and refreshes). */
  public long encryptions() {
    return encryptions.get();
  }

  /** Bit decryptions so far (refreshes and decodes). */
  public long decryptions() {
    return decryptions.get();
  }

  @Override
  public String toString() {
    return "SimdSlotBits(" + nSlots + " of the " + array + ", " + layout.placement()
        + (layout.dim() >= 0 ? " on dimension " + layout.dim() : "") + ")";
  }
}
