package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.ring.Parallel;

/**
 * Sums of many ciphertext terms (products of operand groups, or rows of a batch) on the {@link
 * Parallel} pool, in an order that does not depend on the number of threads, so that the server's
 * results are the same bit for bit on any machine.
 *
 * <p>The terms {@code 0 .. groups-1} of each output chunk are cut into {@code min(groups, }{@link
 * #SLICES}{@code )} contiguous slices of near-equal length; every (chunk, slice) is one task that
 * computes its terms in order and accumulates them in place ({@link Evaluator#addInPlace}: no copy
 * per term); the slices' partial sums are then added by a fixed pairwise tree (slice i takes slice
 * i + 1, then i + 2, ...), each level of the tree in parallel. Ciphertext additions are exact modulo
 * q in any order, but the tracked noise bound (a double) and the alignment of plaintext factors are
 * not, so the shape is fixed by {@link #SLICES} alone and never by {@link Parallel#threads()}.
 *
 * <p>Stateless and thread-safe (the terms must be safe to compute concurrently).
 */
final class ParallelSums {
  /**
   * Slices per sum: enough tasks to keep 16 threads busy and to balance 2 or 4 by work stealing; a
   * constant, so that the summation order is the same for every thread count.
   */
  static final int SLICES = 16;

  /** Term {@code group} of output chunk {@code chunk}. */
  @FunctionalInterface
  interface Term {
    Ciphertext of(int group, int chunk);
  }

  private ParallelSums() {}

  /**
   * {@code out[k] = sum_{g < groups} term(g, k)} for every {@code k < chunks}.
   *
   * @param fresh whether every term is a new ciphertext that the sum may overwrite (products);
   *     false: the terms are left unchanged (views of a value), each slice starts from a copy
   * @return new ciphertexts, except that with {@code fresh} a sum of one term is that term
   */
  static Ciphertext[] sums(Evaluator eval, int chunks, int groups, boolean fresh, Term term) {
    if (chunks < 1 || groups < 1) {
      throw new IllegalArgumentException("a sum needs at least one chunk and one term, got " + chunks + " chunks of "
          + groups + " terms");
    }
    int slices = Math.min(groups, SLICES);
    Ciphertext[] partial = new Ciphertext[chunks * slices];
    Parallel.forEach(partial.length, 1L << 20, task -> {
      int k = task / slices;
      int s = task % slices;
      int from = SliceProducts.from(s, groups, slices);
      int to = SliceProducts.from(s + 1, groups, slices);
      Ciphertext acc = term.of(from, k);
      if (!fresh) {
        acc = acc.copy();
      }
      for (int g = from + 1; g < to; g++) {
        eval.addInPlace(acc, term.of(g, k));
      }
      partial[task] = acc;
    });
    return reduce(eval, partial, chunks, slices);
  }

  /**
   * The sums of the slices' partial sums by the fixed pairwise tree; the partial sums are
   * overwritten.
   *
   * @param partial {@code chunks * slices} ciphertexts, slice {@code s} of chunk {@code k} at {@code
   *     k * slices + s} (the layout of {@link SliceProducts#partialSums})
   * @return {@code out[k]}, the sum of chunk k (one of the given ciphertexts)
   */
  static Ciphertext[] reduce(Evaluator eval, Ciphertext[] partial, int chunks, int slices) {
    return SliceProducts.reduce(eval, partial, chunks, slices, 1);
  }
}
