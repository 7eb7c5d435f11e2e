package io.fhe4j.nn;

/**
 * A real activation function and its derivative, used by {@link FloatTrainer}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Activation {
  /** The activation at {@code x}. */
  double value(double x);

  /** Its derivative at {@code x} (for a table, the tabulated derivative). */
  double derivative(double x);

  /** A short name for tables and logs, e.g. {@code sigmoid} or {@code poly3-ls[-8,8]}. */
  String name();
}
