package io.fhe4j.nn.fixed;

/**
 * The arithmetic the fixed-point trainer is written against: exact integer operations on
 * matrices of values plus one explicit inexact operation, {@link #rescale}. {@link
 * FixedPointTrainer} calls only these methods, so an implementation on plain {@code long}s
 * ({@link PlainArithmetic}) and one on BGV ciphertexts compute the same integers, and the
 * encrypted trainer can be checked against the plain one bit for bit.
 *
 * <h2>Values</h2>
 * A {@code V} is a {@code rows x cols} matrix of integers. In the trainer, activations and errors
 * are {@code B x units} (one row per sample of the mini-batch), weights are {@code out x in},
 * biases {@code 1 x out}. Each value has a number of fractional bits that the trainer tracks
 * (the arithmetic itself is scale-free). How a {@code V} is laid out in ciphertext slots (batch
 * across slots as in the paper, or (sample, unit) pairs across slots) is the implementation's
 * choice; the contract is only on the integers.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every method except {@link #rescale} and {@link #lookup} is exact over the integers: an
 *       encrypted implementation computes it mod t and agrees as long as every value stays below
 *       {@code t/2} in magnitude. All values stay in {@code (-2^62, 2^62)}; the plain
 *       implementation throws {@link FixedPointOverflowException} otherwise, and records the
 *       largest magnitude per operation ({@link ArithmeticStats}) so that t can be chosen.
 *   <li>{@link #rescale(Object, int)} divides by {@code 2^bits} with {@link Rounding#shiftRound}. It is the
 *       only place where precision is dropped, and the only place where an integer-slot
 *       encrypted implementation needs the data owner's {@code Refresher} (decrypt, round,
 *       re-encrypt, optionally re-layout). The trainer calls it at few, fixed points (see
 *       {@link FixedPointTrainer}), and the result always starts a fresh multiplicative depth.
 *   <li>{@link #rescale(Object, int, long)} rounds the same way and then clamps to {@code [-bound, bound]}: the
 *       one saturating refresh, also only at the refresher.
 *   <li>{@link #lookup} is the bitwise representation's table-lookup activation. Integer-slot
 *       implementations may throw {@link UnsupportedOperationException}.
 *   <li>No operation modifies its arguments. Shapes are checked and mismatches throw
 *       {@link IllegalArgumentException} naming both shapes.
 * </ul>
 *
 * <p>Thread-safety is up to the implementation; the trainer uses one instance from one thread.
 *
 * @param <V> the value type: a plain matrix, or a set of ciphertexts with its layout
 */
public interface FixedPointArithmetic<V> {
  /** Data owner: encodes (encrypts) integers: inputs, labels, initial weights. */
  V encode(LongMatrix values);

  /** Data owner: decodes (decrypts). Not used by training; for evaluation and tests. */
  LongMatrix decode(V value);

  /** Number of rows of {@code v}. */
  int rows(V v);

  /** Number of columns of {@code v}. */
  int cols(V v);

  /** {@code a + b}, same shapes. */
  V add(V a, V b);

  /** {@code a - b}, same shapes. */
  V subtract(V a, V b);

  /** Element-wise product {@code a .* b}, same shapes; one ciphertext-by-ciphertext product. */
  V hadamard(V a, V b);

  /** {@code c * a} for a public integer {@code c} (ciphertext by plaintext constant). */
  V multiplyConstant(V a, long c);

  /** {@code a + c} for a public integer {@code c}, added to every entry. */
  V addConstant(V a, long c);

  /** {@code a[s][h] + row[0][h]}: adds a {@code 1 x cols} row to every row of {@code a}. */
  V addRow(V a, V row);

  /** Forward product {@code x * w^T}: {@code (B x in) * (out x in)^T -> B x out}. Depth + 1. */
  V linear(V x, V w);

  /** Error back-propagation {@code d * w}: {@code (B x out) * (out x in) -> B x in}. Depth + 1. */
  V backLinear(V d, V w);

  /**
   * Weight gradient summed over the batch, {@code d^T * x}: {@code (B x out)^T * (B x in) -> out x
   * in}. Depth + 1.
   */
  V batchGradient(V d, V x);

  /** Column sums over the batch, {@code 1 x cols}: the bias gradient. */
  V sumOverBatch(V d);

  /** {@code shiftRound(a, bits)} entry-wise, {@code 1 <= bits <= 62}: the refresh point. */
  V rescale(V a, int bits);

  /**
   * The saturating refresh: {@code clamp(shiftRound(a, bits), -bound, bound)} entry-wise, {@code 1 <= bits <= 62},
   * {@code 1 <= bound < 2^62}; exact integers, so an encrypted implementation's refresher applies it after the
   * rounding and stays bit-identical. The trainer uses it for the input of a polynomial activation (bound = the
   * polynomial's interval at f bits), which keeps every activation input where the polynomial was fitted.
   *
   * @throws UnsupportedOperationException in representations without it (the bitwise one, whose activations are
   *     table lookups that saturate by themselves)
   */
  default V rescale(V a, int bits, long bound) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no saturating rescale; use a lookup"
        + " activation (it saturates its input to the table's k bits)");
  }

  /**
   * Table lookup entry-wise: {@code table.apply(x, xFracBits)} (round the input to the table's
   * grid with {@link Rounding#shiftRound}, saturate to k bits, look up).
   *
   * @throws UnsupportedOperationException in representations without table lookup
   */
  V lookup(V x, int xFracBits, LookupTable table);
}
