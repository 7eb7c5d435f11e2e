package io.fhe4j.party;

import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.PlainArithmetic;
import java.util.Locale;

/**
 * The owner's plain check before the first encrypted step: {@link FixedPointTrainer} on {@link
 * PlainArithmetic} runs the run's first steps (at most {@value #STEPS}) on the owner's plaintext
 * training data, in the run's batch order (the same steps the encrypted run starts with), and the largest intermediate value must stay below
 * 2^(t-bits - 4), about t/8: a margin of a factor 2 below the t/4 at which the owner's refresher
 * stops a run ({@code PlaintextMagnitudeException}), and of 4 below t/2, where the encrypted
 * arithmetic would wrap around silently. Otherwise the run is refused before any key is made, naming
 * the bits reached and the {@code --t-bits} that would fit. Values can still grow later in a long
 * run (the weights are not bounded); the refresher's check covers that. Stateless.
 */
public final class DryRun {
  /** The most plain steps the check runs. */
  public static final int STEPS = 20;

  private DryRun() {}

  /**
   * Runs the check for {@code o} on {@code train}; returns a one-line summary.
   *
   * @throws UsageException if a value reaches 2^(t-bits - 4) or overflows 62 bits
   */
  public static String check(TrainOptions o, FixedPointData train, long steps) {
    int perEpoch = train.size() / o.batch();
    if (perEpoch < 1) {
      throw new UsageException("--batch " + o.batch() + ": larger than the " + train.size() + " training samples");
    }
    long n = Math.min(STEPS, steps);
    PlainArithmetic ar = new PlainArithmetic();
    FixedPointTrainer<LongMatrix> t = o.setup().trainer(ar);
    int[] perm = null;
    int limit = o.tBits() - 4;
    long s = 0;
    try {
      for (; s < n; s++) {
        if (s % perEpoch == 0) {
          perm = BatchOrder.permutation(train.size(), o.seed(), (int) (s / perEpoch));
        }
        int from = (int) (s % perEpoch) * o.batch();
        t.step(ar.encode(train.features(perm, from, o.batch())),
            ar.encode(train.oneHot(perm, from, o.batch(), o.net().outputSize())));
      }
    } catch (ArithmeticException e) {
      throw new UsageException(String.format(Locale.ROOT, "dry run: the plain fixed-point trainer overflowed 62 bits"
          + " in step %d of %d on your data (%s): no t can hold this run; use a smaller --lr or fewer fractional bits"
          + " (--f, --fw)", s + 1, n, e.getMessage()));
    }
    int bits = ar.stats().maxBits();
    if (bits > limit) {
      throw new UsageException(String.format(Locale.ROOT, "dry run: in its first %d steps on your data the plain"
          + " fixed-point trainer reached values of %d bits, but --t-bits %d keeps values below 2^%d (t/8, the"
          + " margin); use --t-bits %d (a larger t may need larger --bits), or a smaller --lr", n, bits, o.tBits(),
          limit, bits + 4));
    }
    return String.format(Locale.ROOT, "dry run: %d plain steps on your data, largest value %d bits, below the"
        + " 2^%d that t (%d bits) allows with margin", n, bits, limit, o.tBits());
  }
}
