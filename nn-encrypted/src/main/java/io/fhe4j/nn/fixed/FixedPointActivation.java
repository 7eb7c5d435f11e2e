package io.fhe4j.nn.fixed;

import io.fhe4j.nn.Activation;

/**
 * An activation as the fixed-point trainer evaluates it: from pre-activations {@code z} at some
 * number of fractional bits to the activation and (optionally) its derivative, both at the
 * format's {@code f} fractional bits, using only {@link FixedPointArithmetic} operations. The
 * rescales it performs are part of the bit-exact contract and are documented by each
 * implementation. Implementations are immutable and thread-safe.
 */
public interface FixedPointActivation {
  /** The activation value and derivative (null when not requested), both at f fractional bits. */
  record Result<V>(V value, V derivative) {}

  /**
   * Evaluates the activation.
   *
   * @param z pre-activations at {@code zFracBits} fractional bits ({@code >= f})
   * @param withDerivative whether to compute the derivative as well
   */
  <V> Result<V> apply(FixedPointArithmetic<V> ar, V z, int zFracBits, boolean withDerivative);

  /** Output fractional bits f. */
  int fracBits();

  /** The real function this approximates exactly as computed (for float comparisons). */
  Activation real();

  /** Ciphertext-by-ciphertext depth spent between the rescales of this activation. */
  int depth();

  /** Rescale rounds (sequential refreshes) per evaluation. */
  int rescaleRounds();

  /** Short name for tables. */
  String name();
}
