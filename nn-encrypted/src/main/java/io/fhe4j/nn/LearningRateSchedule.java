package io.fhe4j.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A piecewise-constant learning-rate schedule: {@code rates.get(i)} from SGD step {@code starts.get(i)} (counted from
 * 0 over the whole run, across epochs) until the next start. Every rate is a {@link LearningRate}, a public integer
 * over a power of two, so a step of the fixed-point trainer stays exact and an encrypted run needs no new operation:
 * the server multiplies by another plaintext constant and asks the refresher for another shift at that step.
 * Immutable and thread-safe.
 *
 * <p>Text form ({@link #parse}): comma-separated {@code RATE@STEP} phases, the first without {@code @}, a rate as
 * {@code train --lr} takes it ({@code s} for 2^-s, {@code m/s} for m 2^-s) or as {@link LearningRate#toString} writes
 * it ({@code 2^-s}, {@code m/2^s}), e.g. {@code 4,6@3000}: 2^-4 for steps 0..2999, 2^-6 from step 3000 on. {@link
 * #toString} writes the second form ({@code 2^-4,2^-6@3000}; a constant schedule as its one rate), which parses back.
 *
 * @param rates the rates of the phases, at least one
 * @param starts the first step of each phase: 0, then strictly increasing
 */
public record LearningRateSchedule(List<LearningRate> rates, List<Long> starts) {
  /** Largest number of phases. */
  public static final int MAX_PHASES = 64;

  /** Validates and copies. */
  public LearningRateSchedule {
    rates = List.copyOf(rates);
    starts = List.copyOf(starts);
    if (rates.isEmpty() || rates.size() != starts.size() || rates.size() > MAX_PHASES) {
      throw new IllegalArgumentException("a schedule needs 1 to " + MAX_PHASES + " phases with one start each, got "
          + rates.size() + " rates and " + starts.size() + " starts");
    }
    if (starts.get(0) != 0) {
      throw new IllegalArgumentException("the first phase must start at step 0, got " + starts.get(0));
    }
    for (int i = 1; i < starts.size(); i++) {
      if (starts.get(i) <= starts.get(i - 1)) {
        throw new IllegalArgumentException("phase starts must increase, got step " + starts.get(i) + " after "
            + starts.get(i - 1));
      }
    }
  }

  /** One rate for the whole run. */
  public static LearningRateSchedule constant(LearningRate lr) {
    return new LearningRateSchedule(List.of(lr), List.of(0L));
  }

  /** The rate of SGD step {@code step} (0-based). */
  public LearningRate at(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    int i = starts.size() - 1;
    while (starts.get(i) > step) {
      i--;
    }
    return rates.get(i);
  }

  /** The rate of step 0. */
  public LearningRate initial() {
    return rates.get(0);
  }

  /** Whether there is only one phase. */
  public boolean isConstant() {
    return rates.size() == 1;
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException naming the phase that is not {@code RATE} or {@code RATE@STEP}
   */
  public static LearningRateSchedule parse(String text) {
    String[] phases = text.trim().split(",", -1);
    if (phases.length > MAX_PHASES) {
      throw new IllegalArgumentException("a schedule has at most " + MAX_PHASES + " phases, got " + phases.length);
    }
    List<LearningRate> rates = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < phases.length; i++) {
      String p = phases[i].trim();
      int at = p.indexOf('@');
      if ((i == 0) != (at < 0)) {
        throw new IllegalArgumentException("phase '" + p + "' of schedule '" + text + "': the first phase is RATE,"
            + " every later one RATE@STEP (e.g. 4,5@2000,6@3000)");
      }
      try {
        rates.add(parseRate(at < 0 ? p : p.substring(0, at)));
        starts.add(at < 0 ? 0L : Long.parseLong(p.substring(at + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("phase '" + p + "' of schedule '" + text + "' is not RATE[@STEP] with RATE"
            + " s or m/s (m 2^-s, m in 1..65536, s in 0..40) and STEP a step number (" + e.getMessage() + ")", e);
      }
    }
    try {
      return new LearningRateSchedule(rates, starts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule '" + text + "': " + e.getMessage(), e);
    }
  }

  private static LearningRate parseRate(String r) {
    if (r.startsWith("2^-")) {
      return LearningRate.powerOfTwo(Integer.parseInt(r.substring(3)));
    }
    int slash = r.indexOf('/');
    if (slash < 0) {
      return LearningRate.powerOfTwo(Integer.parseInt(r));
    }
    String shift = r.substring(slash + 1);
    return new LearningRate(Long.parseLong(r.substring(0, slash)),
        Integer.parseInt(shift.startsWith("2^") ? shift.substring(2) : shift));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(rates.get(0).toString());
    for (int i = 1; i < rates.size(); i++) {
      b.append(',').append(rates.get(i)).append('@').append(starts.get(i));
    }
    return b.toString();
  }
}
