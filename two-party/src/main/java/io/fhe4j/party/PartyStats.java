package io.fhe4j.party;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The owner's counters of one run's serving: requests answered by kind, retries answered from the
 * cache, the owner's own time answering and, within it, its listener's (evaluations), and when each
 * step's first request came. Thread-safe (atomic counters; the step times under a lock).
 */
final class PartyStats {
  /** When the first request of each step came (nanoTime), by step. */
  private final java.util.TreeMap<Long, Long> stepStarts = new java.util.TreeMap<>();

  /** Notes that {@code step}'s first request came at {@code nanos} (a step seen again keeps its first time). */
  synchronized void stepStarted(long step, long nanos) {
    stepStarts.putIfAbsent(step, nanos);
  }

  /**
   * The median time of the steps between the first and the last seen (from one step's first request
   * to the next's; the first step, with the JIT's warm-up and the level plan's learning, left out), or
   * -1 if there are fewer than two such steps: the time per step of a long run.
   */
  synchronized long medianStepNanos() {
    java.util.List<Long> d = new java.util.ArrayList<>();
    Long prevStep = null;
    long prev = 0;
    for (var e : stepStarts.entrySet()) {
      if (prevStep != null && e.getKey() == prevStep + 1 && prevStep > stepStarts.firstKey()) {
        d.add(e.getValue() - prev);
      }
      prevStep = e.getKey();
      prev = e.getValue();
    }
    return StepTimes.median(d);
  }

  final AtomicLong dataRequests = new AtomicLong();
  final AtomicLong viewRequests = new AtomicLong();
  final AtomicLong refreshRounds = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong prefetched = new AtomicLong();
  final AtomicLong ownerNanos = new AtomicLong();
  final AtomicLong listenerNanos = new AtomicLong();
}
