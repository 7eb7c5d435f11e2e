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

  /** Releases what the implementation holds (a cluster connection); the local one holds nothing. */
  @Override
  default void close() {}

  /** The first term of slice {@code s} of {@code groups} terms cut into {@code slices} near-equal slices. */
  static int from(int s, int groups, int slices) {
    return (int) ((long) s * groups / slices);
  }

  /** Partial sum {@code task = k * slices + s} of the contract, computed on the calling thread. */
  static Ciphertext slice(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups, int slices,
      int task) {
    int k = task / slices;
    int s = task % slices;
    int to = from(s + 1, groups, slices);
    int g = from(s, groups, slices);
    Ciphertext acc = eval.multiplyWithoutRelinearization(a.get(g * chunks + k), b.get(g * chunks + k));
    for (g++; g < to; g++) {
      eval.addInPlace(acc, eval.multiplyWithoutRelinearization(a.get(g * chunks + k), b.get(g * chunks + k)));
    }
    return acc;
  }
}
