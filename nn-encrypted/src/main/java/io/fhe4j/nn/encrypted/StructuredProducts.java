package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.ring.Parallel;
import io.fhe4j.slots.EncryptedArray;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@link EncryptedArithmetic}'s {@code linear}, {@code backLinear} and {@code batchGradient}: for
 * each output ciphertext k, {@code relinearize(sum_g a[g*chunks+k] * b[g*chunks+k])} over two
 * operand layouts that pair the right slots, the tensor products summed by a {@link SliceProducts}
 * and relinearized once; with packing, the blocks of the one output ciphertext then added into
 * block 0 by {@code log2 G} row rotations ({@link #fold}). When concurrent, the ciphertext work is
 * started on the {@link Parallel} pool and the result is a computing {@link EncryptedMatrix}.
 *
 * <p>The operands' views are resolved on the calling (trainer) thread; the work on the pool only
 * reads their ciphertexts and writes new ones. Thread-safe as far as the products are: the counters
 * are atomic.
 */
final class StructuredProducts {
  private final Evaluator eval;
  private final EncryptedArray array;
  /** Slots per ciphertext (N): a fold step of N/2 is the row swap. */
  private final int slots;
  private final SliceProducts products;
  private final boolean packed;
  private final boolean concurrent;
  private final AtomicLong tensorProducts;
  private final AtomicLong relinearizations;
  private final AtomicLong rotations;

  /**
   * @param packed whether operand groups share ciphertexts where they fit ({@link
   *     EncryptedArithmetic.Packing#PACKED})
   * @param concurrent whether products run on the pool while the caller goes on (only for products
   *     that may be called from several threads)
   */
  StructuredProducts(Evaluator eval, EncryptedArray array, int slots, SliceProducts products, boolean packed,
      boolean concurrent, AtomicLong tensorProducts, AtomicLong relinearizations, AtomicLong rotations) {
    this.eval = eval;
    this.array = array;
    this.slots = slots;
    this.products = products;
    this.packed = packed;
    this.concurrent = concurrent;
    this.tensorProducts = tensorProducts;
    this.relinearizations = relinearizations;
    this.rotations = rotations;
  }

  /** The product of a (in layout la) and b (in lb), a value in layout {@code result}. */
  EncryptedMatrix sumOfProducts(EncryptedMatrix a, Layout la, EncryptedMatrix b, Layout lb, Layout result) {
    if (packed) {
      Layout pa = la.packed();
      Layout pb = lb.packed();
      if (pa.blocks() > 1 && pa.blocks() == pb.blocks() && result.ciphertexts() == 1) {
        la = pa;
        lb = pb;
      }
    }
    if (la.chunks() != result.ciphertexts() || lb.chunks() != result.ciphertexts()
        || la.ciphertexts() != lb.ciphertexts()) {
      throw new IllegalStateException("layout chunks disagree: " + la + " " + la.chunks() + ", " + lb + " "
          + lb.chunks() + ", " + result + " " + result.ciphertexts());
    }
    List<Ciphertext> av = a.view(la);
    List<Ciphertext> bv = b.view(lb);
    int chunks = result.ciphertexts();
    int groups = la.ciphertexts() / chunks;
    int slices = Math.min(groups, ParallelSums.SLICES);
    tensorProducts.addAndGet((long) groups * chunks);
    relinearizations.addAndGet(chunks);
    Layout folded = la;
    Supplier<List<Ciphertext>> work = () -> {
      Ciphertext[] sum = products.sums(eval, av, bv, chunks, groups, slices);
      Ciphertext[] out = new Ciphertext[chunks];
      Parallel.forEach(chunks, 1L << 20, k -> out[k] = fold(eval.relinearize(sum[k]), folded));
      return Arrays.asList(out);
    };
    if (concurrent) {
      return EncryptedMatrix.computing(result.rows(), result.cols(), result, Parallel.async(work),
          EncryptedMatrix.lineage(a, b));
    }
    return EncryptedMatrix.concrete(result.rows(), result.cols(), Map.of(result, work.get()),
        EncryptedMatrix.lineage(a, b));
  }

  /** Adds the blocks of a packed ciphertext into block 0 (log2 G rotations); unpacked: unchanged. */
  Ciphertext fold(Ciphertext c, Layout l) {
    Ciphertext acc = c;
    for (int step : l.foldSteps()) {
      Ciphertext r = step == slots / 2 ? array.swapRows(eval, acc) : array.rotateRows(eval, acc, step);
      rotations.incrementAndGet();
      eval.addInPlace(r, acc); // r is new: r + acc, the same residues and noise bound as acc + r
      acc = r;
    }
    return acc;
  }
}
