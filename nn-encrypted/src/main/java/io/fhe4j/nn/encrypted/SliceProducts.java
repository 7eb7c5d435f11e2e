package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Evaluator;
import java.util.List;

/**
 * Where the server's heavy products are computed: the partial sums of ciphertext tensor products
 * that {@link EncryptedArithmetic}'s {@code linear}, {@code backLinear} and {@code batchGradient}
 * reduce. {@link #LOCAL} computes them on the {@link io.fhe4j.ring.Parallel} pool of this JVM; the
 * {@code spark-server} module computes them on Spark executors. The reduction of the partial sums
 * (a fixed pairwise tree), the relinearization and the folds stay with the caller.
 *
 * <p><b>Contract</b> (what keeps every implementation bit-identical): for every output chunk
 * {@code k < chunks} and slice {@code s < slices}, {@code partial[k * slices + s]} is the product
 * {@code a[g * chunks + k] * b[g * chunks + k]} ({@link Evaluator#multiplyWithoutRelinearization})
 * of the first term {@code g = }{@link #from}{@code (s, groups, slices)}, to which the products of
 * the following terms {@code g < from(s + 1, groups, slices)} are added in increasing order ({@link
 * Evaluator#addInPlace}). Implementations must not change the operands. Thread safety is the
 * implementation's to state; {@link #LOCAL} is stateless and thread-safe.
 */
public interface SliceProducts extends AutoCloseable {
  /** The products on this JVM's {@link io.fhe4j.ring.Parallel} pool. */
  SliceProducts LOCAL = new SliceProducts() {
    @Override
    public Ciphertext[] partialSums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
        int slices) {
      Ciphertext[] partial = new Ciphertext[chunks * slices];
      io.fhe4j.ring.Parallel.forEach(partial.length, 1L << 20, task -> partial[task] = slice(eval, a, b, chunks,
          groups, slices, task));
      return partial;
    }

    @Override
    public String toString() {
      return "local";
    }
  };

  /**
   * The partial sums of the contract above.
   *
   * @param eval an evaluator of the operands' context (no key is used)
   * @param a the first operands, {@code groups * chunks} ciphertexts (not modified)
   * @param b the second operands, as many (not modified)
   * @return {@code chunks * slices} new 3-part ciphertexts
   */
  Ciphertext[] partialSums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
      int slices);

  /**
   * {@code out[k]}, the sum of chunk k's terms: the partial sums of {@link #partialSums} added by
   * {@link #reduce}'s fixed tree. An implementation may add aligned blocks of slices where it
   * computes them (the tree's levels below the block width, {@link #reduce} with {@code width} 1 on
   * the block) and leave the levels from the block width on to {@link #reduce}: the same additions
   * in the same order, so the same result bit for bit.
   *
   * @return {@code chunks} new 3-part ciphertexts
   */
  default Ciphertext[] sums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
      int slices) {
    return reduce(eval, partialSums(eval, a, b, chunks, groups, slices), chunks, slices, 1);
  }

  /**
   * A model parameter's ciphertext was updated: {@code result = eval.sub(before, update)}
   * ({@link Evaluator#sub}), and {@code result} replaces {@code before} in later products. An
   * implementation that keeps {@code before} where it computes may apply the same subtraction there
   * instead of receiving {@code result}; none of the three may be changed. The default ignores it.
   * May be called from several threads at once.
   */
  default void updated(Ciphertext before, Ciphertext update, Ciphertext result) {}

  /** Releases what the implementation holds (a cluster connection); the local one holds nothing. */
  @Override
  default void close() {}

  /** The first term of slice {@code s} of {@code groups} terms cut into {@code slices} near-equal slices. */
  static int from(int s, int groups, int slices) {
    return (int) ((long) s * groups / slices);
  }

  /**
   * The fixed pairwise tree over each chunk's slices, from level {@code width} on: at each level
   * {@code step = width, 2 width, 4 width, ...} below {@code slices}, slice {@code i} (a multiple of
   * {@code 2 step}) takes slice {@code i + step} if there is one ({@link Evaluator#addInPlace}), each
   * level in parallel. With {@code width} 1 it adds all the partial sums; with a larger power of two
   * the slices at multiples of {@code width} must already hold the sums of their aligned blocks of
   * {@code width} slices (the other slices are not read). Ciphertext additions are exact in any
   * order, but the tracked noise bound (a double) is not, so the tree's shape never depends on where
   * it is computed.
   *
   * @param partial {@code chunks * slices} ciphertexts, slice {@code s} of chunk {@code k} at {@code
   *     k * slices + s}; the ones read are overwritten
   * @return {@code out[k]}, the sum of chunk k (the ciphertext at {@code k * slices})
   */
  static Ciphertext[] reduce(Evaluator eval, Ciphertext[] partial, int chunks, int slices, int width) {
    if (partial.length != (long) chunks * slices || width < 1 || Integer.bitCount(width) != 1) {
      throw new IllegalArgumentException(partial.length + " partial sums given for " + chunks + " chunks of "
          + slices + " slices from tree level " + width + " (a power of two)");
    }
    for (int step = width; step < slices; step *= 2) {
      int w = 2 * step;
      int pairs = (slices - step + w - 1) / w; // i = 0, w, 2 w, ... with i + step < slices
      final int st = step;
      io.fhe4j.ring.Parallel.forEach(chunks * pairs, 1L << 20, task -> {
        int k = task / pairs;
        int i = (task % pairs) * w;
        eval.addInPlace(partial[k * slices + i], partial[k * slices + i + st]);
      });
    }
    Ciphertext[] out = new Ciphertext[chunks];
    for (int k = 0; k < chunks; k++) {
      out[k] = partial[k * slices];
    }
    return out;
  }

  /** Partial sum {@code task = k * slices + s} of the contract, computed on the calling thread. */
  static Ciphertext slice(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups, int slices,
      int task) {
    int k = task / slices;
    int s = task % slices;
    return productSum(eval, g -> a.get(g * chunks + k), g -> b.get(g * chunks + k), from(s, groups, slices),
        from(s + 1, groups, slices));
  }

  /**
   * {@code sum_{from <= g < to} a(g) * b(g)} in the contract's order: the product of the first term,
   * then each following product added ({@link Evaluator#multiplyAccumulate}, the same result as
   * {@link Evaluator#addInPlace} of {@link Evaluator#multiplyWithoutRelinearization} without the copy).
   * Every implementation computes its slices with it. {@code from < to}.
   */
  static Ciphertext productSum(Evaluator eval, java.util.function.IntFunction<Ciphertext> a,
      java.util.function.IntFunction<Ciphertext> b, int from, int to) {
    Ciphertext acc = eval.multiplyWithoutRelinearization(a.apply(from), b.apply(from));
    for (int g = from + 1; g < to; g++) {
      eval.multiplyAccumulate(acc, a.apply(g), b.apply(g));
    }
    return acc;
  }
}
