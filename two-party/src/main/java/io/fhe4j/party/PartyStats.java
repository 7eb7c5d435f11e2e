package io.fhe4j.party;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The owner's counters of one run's serving: requests answered by kind, retries answered from the
 * cache, the owner's own time answering and, within it, its listener's (evaluations). Thread-safe (atomic counters).
 */
final class PartyStats {
  final AtomicLong dataRequests = new AtomicLong();
  final AtomicLong viewRequests = new AtomicLong();
  final AtomicLong refreshRounds = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong prefetched = new AtomicLong();
  final AtomicLong ownerNanos = new AtomicLong();
  final AtomicLong listenerNanos = new AtomicLong();
}
