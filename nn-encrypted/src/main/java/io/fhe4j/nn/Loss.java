package io.fhe4j.nn;

/**
 * Training loss on the sigmoid outputs {@code a} against the one-hot label {@code y}.
 *
 * <p>Both losses lead to an output error that needs no division, so the fixed-point and
 * encrypted trainers compute it with subtractions and products only.
 */
public enum Loss {
  /**
   * {@code 1/2 * sum (a - y)^2}, as in the paper. Output error {@code delta = (a - y) * sigma'(z)}:
   * one product, hence one rescale in fixed point.
   */
  QUADRATIC,
  /**
   * Per-output binary cross-entropy {@code -sum y ln a + (1 - y) ln(1 - a)} on sigmoid outputs.
   * Output error {@code delta = a - y}: no product, no rescale. This is the exact gradient with
   * respect to the pre-activation only for the exact sigmoid; with a table or polynomial
   * activation the trainers use the same {@code a - y} as an approximate gradient.
   */
  CROSS_ENTROPY,
  /**
   * {@code 1/2 * sum (z - y)^2} on a LINEAR output layer: the last layer has no activation
   * ({@code a = z}), so its error is {@code delta = z - y}. Saves the output activation (depth and
   * one rescale round in fixed point) and, with polynomial activations, removes the output
   * polynomial whose growth outside its interval makes training diverge.
   */
  QUADRATIC_LINEAR_OUTPUT;

  /** Whether the output layer applies the activation. */
  public boolean activatesOutput() {
    return this != QUADRATIC_LINEAR_OUTPUT;
  }
}
