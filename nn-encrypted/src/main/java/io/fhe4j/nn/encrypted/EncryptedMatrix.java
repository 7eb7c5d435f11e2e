package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The value type of {@link EncryptedArithmetic}: a {@code rows x cols} matrix of integers mod t held
 * as ciphertexts, in one or more slot {@link Layout}s ("views") at once. Three kinds:
 * <ul>
 *   <li>a <b>source</b> (an owner upload or a refresh output) can be had in any layout: missing
 *       views are requested from the data owner or the refresher when first needed;</li>
 *   <li>a <b>lazy</b> value (an element-wise operation on sources) computes a view from the same
 *       view of its operands when first needed;</li>
 *   <li>a <b>concrete</b> value has a fixed set of views (products, and operations on values that
 *       already had views); asking it for another layout throws {@link UnsupportedLayoutException}.
 *       A product may still be <b>computing</b> on the pool: its one layout is known, and the first
 *       access to its ciphertexts waits for them.</li>
 * </ul>
 * Every view holds the same integers. Views are computed at most once and kept. Holds no secret
 * material. Not thread-safe: used by one trainer thread (the work inside a view runs in parallel).
 */
public final class EncryptedMatrix {
  /** Produces views on demand: for sources, a request to the owner side; for lazy values, server work. */
  interface Producer {
    List<List<Ciphertext>> produce(List<Layout> layouts);
  }

  private final int rows;
  private final int cols;
  private final Map<Layout, List<Ciphertext>> views = new LinkedHashMap<>();
  private Producer producer;
  private final boolean source;
  /** For a deferred value: the layouts it will have, all computed at the first need. */
  private List<Layout> promised;
  /** For a refreshed source: whether its refresh is still waiting to be sent. */
  java.util.function.BooleanSupplier awaiting = () -> false;
  boolean parameter;
  /** For a product still computing: its layout and its ciphertexts when done ({@link #settle}), else null. */
  private Computing computing;

  private record Computing(Layout layout, java.util.function.Supplier<List<Ciphertext>> result) {}
  /** For a value without views yet: the layout it is cheapest to produce in, or null. */
  Layout preferred;
  /**
   * The sites (see {@link LevelPlan}) of the owner uploads and refresh outputs this value was
   * computed from since their last refresh: a source has its own site, every other value the union
   * of its operands'.
   */
  final Set<String> lineage;

  private EncryptedMatrix(int rows, int cols, Producer producer, boolean source, Set<String> lineage) {
    this.rows = rows;
    this.cols = cols;
    this.producer = producer;
    this.source = source;
    this.lineage = lineage;
  }

  /** An owner upload or refresh output of {@code site}. */
  static EncryptedMatrix source(int rows, int cols, String site, Producer producer) {
    return new EncryptedMatrix(rows, cols, producer, true, Set.of(site));
  }

  static EncryptedMatrix lazy(int rows, int cols, Set<String> lineage, Producer producer) {
    return new EncryptedMatrix(rows, cols, producer, false, lineage);
  }

  static EncryptedMatrix concrete(int rows, int cols, Map<Layout, List<Ciphertext>> views, Set<String> lineage) {
    EncryptedMatrix m = new EncryptedMatrix(rows, cols, null, false, lineage);
    m.views.putAll(views);
    return m;
  }

  /**
   * A concrete value of one view whose ciphertexts are still being computed: {@code result} yields
   * them, waiting if need be ({@link io.fhe4j.ring.Parallel#async}).
   */
  static EncryptedMatrix computing(int rows, int cols, Layout layout, java.util.function.Supplier<List<Ciphertext>> result,
      Set<String> lineage) {
    EncryptedMatrix m = new EncryptedMatrix(rows, cols, null, false, lineage);
    m.computing = new Computing(layout, result);
    return m;
  }

  /** Waits for a computing value's ciphertexts and keeps them as its view. */
  private void settle() {
    if (computing != null) {
      views.put(computing.layout(), computing.result().get());
      computing = null;
    }
  }

  /** The union of the operands' lineages. */
  static Set<String> lineage(EncryptedMatrix... operands) {
    if (operands.length == 1) {
      return operands[0].lineage;
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    for (EncryptedMatrix m : operands) {
      all.addAll(m.lineage);
    }
    return Collections.unmodifiableSet(all);
  }

  /**
   * A value with a fixed set of layouts whose views are all computed together when the first is
   * needed: an operation on a value whose refresh is still waiting, so that the refresh goes in the
   * same round as the others waiting.
   */
  static EncryptedMatrix deferred(int rows, int cols, List<Layout> layouts, Set<String> lineage, Producer producer) {
    EncryptedMatrix m = new EncryptedMatrix(rows, cols, producer, false, lineage);
    m.promised = List.copyOf(layouts);
    return m;
  }

  /** Whether this is a refreshed source whose refresh has not been sent yet. */
  boolean awaitsRefresh() {
    return awaiting.getAsBoolean();
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Whether further layouts can still be produced (sources and lazy values). */
  public boolean isOpen() {
    return producer != null && promised == null;
  }

  /** Whether this value comes from the owner or the refresher. */
  public boolean isSource() {
    return source;
  }

  /** The layouts computed (or computing) so far, and for a deferred value those it will have (a copy). */
  public Set<Layout> layouts() {
    java.util.LinkedHashSet<Layout> all = new java.util.LinkedHashSet<>(views.keySet());
    if (computing != null) {
      all.add(computing.layout());
    }
    if (promised != null) {
      all.addAll(promised);
    }
    return Collections.unmodifiableSet(all);
  }

  /** The ciphertexts of one computed view (unmodifiable), or null. */
  public List<Ciphertext> viewIfPresent(Layout l) {
    settle();
    List<Ciphertext> v = views.get(l);
    return v == null ? null : Collections.unmodifiableList(v);
  }

  /** The view in layout {@code l}, produced if missing. */
  List<Ciphertext> view(Layout l) {
    return views(List.of(l)).get(0);
  }

  /** Views in all of {@code ls}, the missing ones produced in one request. */
  List<List<Ciphertext>> views(List<Layout> ls) {
    settle();
    List<Layout> missing = new ArrayList<>();
    for (Layout l : ls) {
      check(l);
      if (!views.containsKey(l) && !missing.contains(l)) {
        missing.add(l);
      }
    }
    if (!missing.isEmpty() && promised != null) {
      if (!promised.containsAll(missing)) {
        throw new UnsupportedLayoutException("a " + rows + "x" + cols + " value computed in layouts " + promised
            + " is needed in " + missing + ", which the server cannot derive without rotations");
      }
      missing = promised;
      promised = null;
      List<List<Ciphertext>> got = producer.produce(missing);
      producer = null;
      for (int i = 0; i < missing.size(); i++) {
        views.put(missing.get(i), got.get(i));
      }
    } else if (!missing.isEmpty()) {
      if (producer == null) {
        throw new UnsupportedLayoutException("a " + rows + "x" + cols + " value computed in layouts " + views.keySet()
            + " is needed in " + missing + ", which the server cannot derive without rotations; route it through a"
            + " rescale (the refresher re-lays values out) or keep the batch size fixed");
      }
      List<List<Ciphertext>> got = producer.produce(missing);
      for (int i = 0; i < missing.size(); i++) {
        views.put(missing.get(i), got.get(i));
      }
    }
    List<List<Ciphertext>> out = new ArrayList<>(ls.size());
    for (Layout l : ls) {
      out.add(views.get(l));
    }
    return out;
  }

  /** The view with the fewest ciphertexts among those computed, else the preferred layout, or null. */
  Layout smallestView() {
    Layout best = null;
    if (views.isEmpty() && promised == null && computing == null) {
      return preferred;
    }
    for (Layout l : layouts()) {
      if (best == null || l.ciphertexts() < best.ciphertexts()) {
        best = l;
      }
    }
    return best;
  }

  private void check(Layout l) {
    if (l.rows() != rows || l.cols() != cols) {
      throw new IllegalArgumentException("layout " + l + " does not fit a " + rows + "x" + cols + " value");
    }
  }

  @Override
  public String toString() {
    return "EncryptedMatrix[" + rows + "x" + cols + (source ? ", source" : promised != null ? ", deferred"
        : producer != null ? ", lazy" : computing != null ? ", computing" : "")
        + ", views " + layouts() + "]";
  }
}
