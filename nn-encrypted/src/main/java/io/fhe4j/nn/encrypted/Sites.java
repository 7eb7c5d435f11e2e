package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upload and refresh sites of {@link EncryptedArithmetic}'s SGD steps: a site is an operation,
 * a shape, a rounding and its occurrence within the step, so the same site recurs in every step.
 * Remembers the layouts requested at each site in earlier steps, so that from the second step on
 * one upload or refresh round brings every view a value will need (prefetching), and holds the
 * small helpers of a value's stash of views. Not thread-safe (the server's single training thread).
 */
final class Sites {
  /** Layouts requested per site in earlier steps (see {@link #prefetch}). */
  private final Map<String, LinkedHashSet<Layout>> learned = new HashMap<>();
  private final Map<String, Integer> occurrences = new HashMap<>();

  /** A new step begins: occurrences count from 1 again. */
  void newStep() {
    occurrences.clear();
  }

  /**
   * The key of a refresh or upload site within a step: operation, shape, bits and how many times
   * that key occurred before in this step (a step starts at the first encode after other work).
   */
  String site(String op, int rows, int cols, int bits) {
    String base = op + ":" + rows + "x" + cols + ":" + bits;
    return base + "#" + occurrences.merge(base, 1, Integer::sum);
  }

  /**
   * The layouts to request at {@code site}: those needed now, plus every layout requested at the
   * same site in earlier steps (so that one refresh round or upload brings all views the value will
   * need), except those already {@code produced} for this value. Records the needed ones, and adds
   * the requested ones to {@code produced}.
   */
  List<Layout> prefetch(String site, List<Layout> need, Set<Layout> produced) {
    LinkedHashSet<Layout> known = learned.computeIfAbsent(site, k -> new LinkedHashSet<>());
    List<Layout> req = new ArrayList<>(need);
    for (Layout l : known) {
      if (!req.contains(l) && !produced.contains(l)) {
        req.add(l);
      }
    }
    known.addAll(need);
    produced.addAll(req);
    return req;
  }

  static List<Layout> missing(List<Layout> ls, Map<Layout, List<Ciphertext>> stash) {
    List<Layout> need = new ArrayList<>();
    for (Layout l : ls) {
      if (!stash.containsKey(l)) {
        need.add(l);
      }
    }
    return need;
  }

  static void keep(Map<Layout, List<Ciphertext>> stash, List<Layout> ls, List<List<Ciphertext>> views) {
    for (int i = 0; i < ls.size(); i++) {
      stash.put(ls.get(i), views.get(i));
    }
  }

  /** The requested views, removed from the stash (the matrix keeps them from then on). */
  static List<List<Ciphertext>> take(List<Layout> ls, Map<Layout, List<Ciphertext>> stash) {
    List<List<Ciphertext>> out = new ArrayList<>(ls.size());
    for (Layout l : ls) {
      out.add(stash.remove(l));
    }
    return out;
  }
}
