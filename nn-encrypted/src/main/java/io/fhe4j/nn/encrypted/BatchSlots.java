package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.bgv.Plaintext;
import io.fhe4j.ring.Parallel;
import io.fhe4j.slots.EncryptedArray;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The paper's layout ({@link EncryptedArithmetic.Packing#PAPER}): the mini-batch across the slots.
 * A {@code B x C} activation or error is C ciphertexts, column c holding {@code v[s][c]} in slot s
 * ({@link Layout.Kind#COL_TILE} with one copy: {@link #batch}); every weight is its own ciphertext,
 * the entry in slots {@code 0..B-1} ({@link Layout.Kind#ENTRY}); a bias row for {@code addRow} is one
 * ciphertext per unit, the entry in slots {@code 0..B-1} ({@code COL_TILE(1 x C, B)}).
 *
 * <p>Invariant: slots from B on hold 0 in every value of these layouts (fresh encryptions leave
 * them 0; additions, products and constant factors keep them 0; {@link #addConstant} adds the
 * constant to slots {@code 0..B-1} only). That lets the sums over the batch ({@code batchGradient},
 * {@code sumOverBatch}) run a rotation tree over the first {@code 2^ceil(log2 B)} slots: the sum lands
 * in slot 0 ({@code ENTRY} or {@code COL_TILE} with one slot), which only the refresher reads (it
 * returns clean copies in whatever layouts come next). An update without rescale (learning-rate
 * shift at most 0) would need the sum in all B slots and is refused.
 *
 * <p>Cost (counted, per layer of {@code in -> out}): linear and backLinear {@code in * out} tensor
 * products each; batchGradient {@code in * out} products, relinearizations and {@code log2 B}-step
 * rotation trees. Package-private; used by one {@link EncryptedArithmetic}. Thread-safe.
 */
final class BatchSlots {
  private final Evaluator eval;
  private final EncryptedArray array;
  private final int slots;
  private final AtomicLong tensorProducts;
  private final AtomicLong relinearizations;
  private final AtomicLong rotations;
  private final Map<List<Long>, Plaintext> constants = new ConcurrentHashMap<>();

  BatchSlots(Evaluator eval, EncryptedArray array, AtomicLong tensorProducts, AtomicLong relinearizations,
      AtomicLong rotations) {
    this.eval = eval;
    this.array = array;
    this.slots = array.size();
    this.tensorProducts = tensorProducts;
    this.relinearizations = relinearizations;
    this.rotations = rotations;
  }

  /** A {@code B x C} value, batch in the slots of one ciphertext per column. */
  Layout batch(int rows, int cols) {
    if (rows > slots / 2) {
      throw new UnsupportedLayoutException("the paper layout puts the batch in the slots of one row of "
          + slots / 2 + " slots; a batch of " + rows + " does not fit");
    }
    return new Layout(Layout.Kind.COL_TILE, rows, cols, 1, slots);
  }

  /** Every entry in its own ciphertext, in slots {@code 0..bs-1}. */
  Layout entries(int rows, int cols, int bs) {
    return new Layout(Layout.Kind.ENTRY, rows, cols, bs, slots);
  }

  /** A {@code 1 x C} row, entry c in slots {@code 0..bs-1} of ciphertext c (what addRow adds). */
  Layout rowOverBatch(int cols, int bs) {
    return new Layout(Layout.Kind.COL_TILE, 1, cols, bs, slots);
  }

  /** {@code z[., h] = sum_j x[., j] * w[h][j]}. */
  EncryptedMatrix linear(EncryptedMatrix x, EncryptedMatrix w) {
    int bs = x.rows();
    int in = x.cols();
    int out = w.rows();
    List<Ciphertext> xv = x.view(batch(bs, in));
    List<Ciphertext> wv = w.view(entries(out, in, bs));
    Ciphertext[] z = new Ciphertext[out];
    Parallel.forEach(out, 1L << 20, h -> {
      Ciphertext acc = null;
      for (int j = 0; j < in; j++) {
        Ciphertext t = eval.multiplyWithoutRelinearization(xv.get(j), wv.get(h * in + j));
        acc = acc == null ? t : eval.add(acc, t);
      }
      z[h] = eval.relinearize(acc);
    });
    tensorProducts.addAndGet((long) out * in);
    relinearizations.addAndGet(out);
    return EncryptedMatrix.concrete(bs, out, Map.of(batch(bs, out), Arrays.asList(z)), EncryptedMatrix.lineage(x, w));
  }

  /** {@code e[., j] = sum_h d[., h] * w[h][j]}. */
  EncryptedMatrix backLinear(EncryptedMatrix d, EncryptedMatrix w) {
    int bs = d.rows();
    int out = d.cols();
    int in = w.cols();
    List<Ciphertext> dv = d.view(batch(bs, out));
    List<Ciphertext> wv = w.view(entries(out, in, bs));
    Ciphertext[] e = new Ciphertext[in];
    Parallel.forEach(in, 1L << 20, j -> {
      Ciphertext acc = null;
      for (int h = 0; h < out; h++) {
        Ciphertext t = eval.multiplyWithoutRelinearization(dv.get(h), wv.get(h * in + j));
        acc = acc == null ? t : eval.add(acc, t);
      }
      e[j] = eval.relinearize(acc);
    });
    tensorProducts.addAndGet((long) out * in);
    relinearizations.addAndGet(in);
    return EncryptedMatrix.concrete(bs, in, Map.of(batch(bs, in), Arrays.asList(e)), EncryptedMatrix.lineage(d, w));
  }

  /** {@code g[h][j] = sum_s d[s][h] x[s][j]}, in slot 0 of ciphertext {@code h * in + j}. */
  EncryptedMatrix batchGradient(EncryptedMatrix d, EncryptedMatrix x) {
    int bs = d.rows();
    int out = d.cols();
    int in = x.cols();
    List<Ciphertext> dv = d.view(batch(bs, out));
    List<Ciphertext> xv = x.view(batch(bs, in));
    Ciphertext[] g = new Ciphertext[out * in];
    Parallel.forEach(g.length, 1L << 20, i -> g[i] = sumSlots(eval.multiply(dv.get(i / in), xv.get(i % in)), bs));
    tensorProducts.addAndGet(g.length);
    relinearizations.addAndGet(g.length);
    return EncryptedMatrix.concrete(out, in, Map.of(entries(out, in, 1), Arrays.asList(g)), EncryptedMatrix.lineage(d, x));
  }

  /** {@code sum_s d[s][c]}, in slot 0 of ciphertext c. */
  EncryptedMatrix sumOverBatch(EncryptedMatrix d) {
    int bs = d.rows();
    int cols = d.cols();
    List<Ciphertext> dv = d.view(batch(bs, cols));
    Ciphertext[] s = new Ciphertext[cols];
    Parallel.forEach(cols, 1L << 20, c -> s[c] = sumSlots(dv.get(c), bs));
    return EncryptedMatrix.concrete(1, cols, Map.of(batch(1, cols), Arrays.asList(s)), d.lineage);
  }

  /** {@code a[s][c] + row[c]}. */
  EncryptedMatrix addRow(EncryptedMatrix a, EncryptedMatrix row) {
    Layout l = batch(a.rows(), a.cols());
    List<Ciphertext> x = a.view(l);
    List<Ciphertext> y = row.view(rowOverBatch(a.cols(), a.rows()));
    Ciphertext[] out = new Ciphertext[x.size()];
    Parallel.forEach(out.length, 1L << 20, i -> out[i] = eval.add(x.get(i), y.get(i)));
    return EncryptedMatrix.concrete(a.rows(), a.cols(), Map.of(l, Arrays.asList(out)), EncryptedMatrix.lineage(a, row));
  }

  /** Adds c to the slots the layout uses (a prefix of every ciphertext, for these layouts), 0 elsewhere. */
  Ciphertext addConstant(Ciphertext x, Layout l, long c) {
    int used = 0;
    for (int q : l.slotMap(0)) {
      if (q >= 0) {
        used++;
      }
    }
    int u = used;
    Plaintext p = constants.computeIfAbsent(List.of(c, (long) u), k -> {
      long[] v = new long[slots];
      Arrays.fill(v, 0, u, c);
      return array.encode(v);
    });
    return eval.addPlain(x, p);
  }

  /** Slot 0 gets the sum of slots {@code 0..bs-1} (the rest being 0): rotations by 1, 2, 4, ... */
  private Ciphertext sumSlots(Ciphertext c, int bs) {
    Ciphertext acc = c;
    for (int k = 1; k < bs; k <<= 1) {
      acc = eval.add(acc, array.rotateRows(eval, acc, k));
      rotations.incrementAndGet();
    }
    return acc;
  }
}
