package io.fhe4j.party;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median step of a run, as the result tables print it: the steps between the first (the JIT's
 * warm-up, the level plan's learning) and the last (the hand-over of the model) left out, the pace
 * of a long run. Stateless and thread-safe.
 */
public final class StepTimes {
  private StepTimes() {}

  /** The median of {@code nanos}, or -1 if it has fewer than two. */
  public static long median(List<Long> nanos) {
    if (nanos.size() < 2) {
      return -1;
    }
    List<Long> d = new ArrayList<>(nanos);
    Collections.sort(d);
    int m = d.size() / 2;
    return d.size() % 2 == 1 ? d.get(m) : (d.get(m - 1) + d.get(m)) / 2;
  }

  /** ", median step X s" for a median of {@link #median}, or nothing for -1. */
  public static String note(long medianNanos) {
    return medianNanos < 0 ? "" : String.format(Locale.ROOT, ", median step %.2f s", medianNanos / 1e9);
  }
}
