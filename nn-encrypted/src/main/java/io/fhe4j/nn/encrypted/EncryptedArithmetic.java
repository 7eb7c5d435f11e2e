package io.fhe4j.nn.encrypted;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.nn.fixed.FixedPointArithmetic;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.nn.fixed.LookupTable;
import io.fhe4j.ring.Parallel;
import io.fhe4j.slots.EncryptedArray;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;

/**
 * The training server: {@link FixedPointArithmetic} on BGV ciphertexts whose slots hold integers
 * mod t, so that {@link io.fhe4j.nn.fixed.FixedPointTrainer} runs on encrypted data operation for
 * operation and reproduces the plain trainer bit for bit (while every value stays below t/2).
 *
 * <h2>Roles</h2>
 * Built from public objects only: the context, the evaluation keys (relinearization) and a {@link
 * KeyHolder}, the channel to the data owner. It never sees the secret key. {@link #encode} and
 * {@link #decode} are the owner's operations, forwarded to it; {@link #rescale} is the refresh
 * point: the ciphertexts go to the {@link Refresher}, which rounds and re-encrypts them.
 *
 * <h2>Layouts (sample x unit, no rotations)</h2>
 * With B samples, for {@code z = x W^T} ({@code linear}) the input feature j is one ciphertext with
 * {@code x[s][j]} in slots {@code s*out .. s*out+out-1} ({@link Layout.Kind#COL_REP}) and the weight
 * column j one ciphertext with {@code W[h][j]} in slot {@code s*out + h} for every s ({@link
 * Layout.Kind#COL_TILE}); z is the sum over j of their products, one relinearization, slot
 * {@code s*out + h} ({@link Layout.Kind#DENSE}). {@code backLinear} pairs the error column h
 * replicated over the inputs with the weight row h tiled over the samples; {@code batchGradient}
 * pairs, per sample s, the error row spread over blocks of {@code in} slots with the input row
 * tiled over the output units, and sums over s: products and additions only. The refresher returns
 * every rescaled value in whatever layouts the next operations need (see {@link EncryptedMatrix}),
 * and the weights are kept in both of theirs, each updated by the same refreshed step. Products of
 * many terms are summed as 3-part tensors and relinearized once.
 *
 * <h2>Packing ({@link Packing#PACKED}, the default)</h2>
 * When a whole operand group (one input column, one weight row, one sample's row) fits in half a
 * ciphertext or less, several groups share a ciphertext in aligned blocks ({@link Layout#packed()}):
 * the products are summed over the ciphertext pairs as before, and the blocks of the single result
 * are then added by a tree of {@code log2 G} row rotations (the last one the row swap), so fewer
 * fresh ciphertexts cross from the owner and the refresher (at 196-128-10, batch 60: 2 input columns
 * per ciphertext, 16 hidden columns per ciphertext in the second layer). This needs the rotation keys
 * of {@link EncryptedArray#powerOfTwoKeyElements()} (the {@link DataOwner} generates them).
 * {@link Packing#UNPACKED} is the rotation-free layout of one group per ciphertext.
 *
 * <h2>Prefetching</h2>
 * The trainer's sequence of uploads and rescales is the same every step. Each is keyed by a site
 * (operation, shape, bits, occurrence within the step); the layouts requested at a site are
 * remembered, and from the next step on the first request of the site asks for all of them at once:
 * one upload per value and one round per refresh, no later "extra layout" requests.
 *
 * <h2>Levels ({@link LevelPlan})</h2>
 * From the second step on, each upload and refresh output is asked for at the lowest level that
 * the previous step's refreshes of the values computed from it show to be enough (measured with
 * the noise model's capacity), and a value sent to the refresher with less than {@link
 * LevelPlan#MARGIN} bits of capacity fails on the server. {@code -Dfhe4j.lowLevels=false} keeps
 * every source at the top level (for comparison).
 *
 * <h2>Concurrency</h2>
 * The ciphertext work of each operation runs on the {@link Parallel} pool. With local products
 * and more than one thread, a product ({@code linear}, {@code backLinear}, {@code batchGradient})
 * is started on the pool and returned at once; the first use of its ciphertexts waits for them. So
 * independent operations overlap: a layer's weight gradient with its error's back-propagation and
 * the refresh round that follows. The results are the same bit for bit ({@code
 * -Dfhe4j.concurrentProducts=false} runs each product before returning, for comparison).
 *
 * <p>Not thread-safe (one trainer thread).
 */
public final class EncryptedArithmetic implements FixedPointArithmetic<EncryptedMatrix> {
  /** How operand groups are placed in ciphertexts. */
  public enum Packing {
    /** One group per ciphertext: no rotations, relinearization key only. */
    UNPACKED,
    /** Several groups per ciphertext where they fit, folded by rotations. */
    PACKED,
    /**
     * The paper's: the batch across the slots, one ciphertext per input feature and per weight;
     * sums over the batch by rotations ({@link BatchSlots}). Needs learning-rate shifts that
     * rescale every update.
     */
    PAPER
  }

  /** Phases of an SGD step, inferred from the operations. */
  public enum Phase {
    FORWARD, BACKWARD, UPDATE
  }

  private static final Cleaner CLEANER = Cleaner.create();

  private final Map<List<Long>, io.fhe4j.bgv.Plaintext> usedBlockConstants =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Context context;
  private final Evaluator eval;
  /** The evaluator without the capacity refusal, only for {@link #lowest}'s trial switches. */
  private final Evaluator probe;
  private final KeyHolder owner;
  private final int slots;
  private final long[] phaseNanos = new long[Phase.values().length];
  private final AtomicLong tensorProducts = new AtomicLong();
  private final AtomicLong relinearizations = new AtomicLong();
  private final AtomicLong rotations = new AtomicLong();
  private final Packing packing;
  /** Where the tensor products are computed ({@link SliceProducts#LOCAL} or a cluster). */
  private final SliceProducts products;
  /** linear, backLinear and batchGradient: the sums of products, relinearized and folded. */
  private final StructuredProducts structured;
  private final EncryptedArray array;
  private final BatchSlots paper;
  private Phase phase = Phase.FORWARD;
  private boolean dataSeen;
  /** The step's upload and refresh sites and the layouts learned per site. */
  private final Sites sites = new Sites();
  private boolean opsSinceEncode;
  /** Refreshes created and not yet sent (see {@link #refreshed}). */
  private final List<PendingRefresh> pendingRefreshes = new ArrayList<>();
  /** The level each upload and refresh output is asked for at. */
  private final LevelPlan levels;

  /**
   * @param context the public parameters
   * @param keys the evaluation keys (must hold the relinearization key)
   * @param owner the channel to the data owner and its refresher
   */
  public EncryptedArithmetic(Context context, EvaluationKeys keys, KeyHolder owner) {
    this(context, keys, owner, Packing.PACKED);
  }

  /**
   * @param context the public parameters
   * @param keys the evaluation keys: the relinearization key, and for {@link Packing#PACKED} the
   *     Galois keys of {@link EncryptedArray#powerOfTwoKeyElements()}
   * @param owner the channel to the data owner and its refresher
   * @param packing the layout family
   */
  public EncryptedArithmetic(Context context, EvaluationKeys keys, KeyHolder owner, Packing packing) {
    this(context, keys, owner, packing, SliceProducts.LOCAL);
  }

  /**
   * As {@link #EncryptedArithmetic(Context, EvaluationKeys, KeyHolder, Packing)}, with the tensor
   * products of {@code linear}, {@code backLinear} and {@code batchGradient} computed by {@code
   * products} (on a cluster, say); the results are the same bit for bit for every implementation
   * that meets {@link SliceProducts}' contract.
   */
  public EncryptedArithmetic(Context context, EvaluationKeys keys, KeyHolder owner, Packing packing,
      SliceProducts products) {
    this.products = java.util.Objects.requireNonNull(products, "products");
    if (!keys.hasRelinearizationKey()) {
      throw new IllegalArgumentException("the server needs the relinearization key: generate evaluation keys with"
          + " relinearization = true");
    }
    if (!keys.context().sameAs(context)) {
      throw new IllegalArgumentException("evaluation keys of context " + keys.context().fingerprint()
          + " given with context " + context.fingerprint());
    }
    this.context = context;
    this.eval = new Evaluator(keys);
    this.probe = eval.allowingExhaustedNoise();
    this.owner = owner;
    this.slots = context.n();
    this.packing = packing;
    this.array = new EncryptedArray(context);
    this.levels = new LevelPlan(context, !"false".equals(System.getProperty("fhe4j.lowLevels")));
    this.structured = new StructuredProducts(eval, array, slots, products, packing == Packing.PACKED,
        products == SliceProducts.LOCAL && !"false".equals(System.getProperty("fhe4j.concurrentProducts")),
        tensorProducts, relinearizations, rotations);
    this.paper = packing == Packing.PAPER
        ? new BatchSlots(eval, array, tensorProducts, relinearizations, rotations) : null;
    if (packing != Packing.UNPACKED) {
      for (long e : array.powerOfTwoKeyElements()) {
        if (!keys.hasGaloisKey(e)) {
          throw new IllegalArgumentException(packing + " layouts sum by rotations: the evaluation keys lack the"
              + " Galois key of element " + e + "; generate them with EncryptedArray.powerOfTwoKeyElements() (as"
              + " DataOwner does) or use Packing.UNPACKED");
        }
      }
    }
  }

  /** The layout family. */
  public Packing packing() {
    return packing;
  }

  /** Row rotations (automorphisms) so far. */
  public long rotations() {
    return rotations.get();
  }

  /** The context. */
  public Context context() {
    return context;
  }

  /** Slots per ciphertext (N). */
  public int slots() {
    return slots;
  }

  /** The channel to the owner (its counters). */
  public ExchangeStats exchange() {
    return owner.stats();
  }

  /** Server time per phase in nanoseconds, excluding owner-side time (a copy). */
  public long[] phaseNanos() {
    return phaseNanos.clone();
  }

  /** Ciphertext-by-ciphertext tensor products so far. */
  public long tensorProducts() {
    return tensorProducts.get();
  }

  /** Relinearizations so far. */
  public long relinearizations() {
    return relinearizations.get();
  }

  // ---- owner operations ------------------------------------------------------------------

  @Override
  public EncryptedMatrix encode(LongMatrix values) {
    return ownerValue(owner.submit(values), values.rows(), values.cols());
  }

  /**
   * A {@code rows x cols} value the owner holds under {@code handle} (its data, its initial
   * weights): as {@link #encode}, but without the plaintext, which stays with the owner. Its views
   * come from {@link KeyHolder#encrypt}; the handle is released when the value is collected.
   */
  public EncryptedMatrix ownerValue(long handle, int rows, int cols) {
    if (opsSinceEncode) {
      sites.newStep();
      levels.commit();
      opsSinceEncode = false;
    }
    String site = sites.site("encode", rows, cols, 0);
    KeyHolder o = owner;
    Map<Layout, List<Ciphertext>> stash = new HashMap<>();
    Set<Layout> produced = new HashSet<>();
    EncryptedMatrix m = EncryptedMatrix.source(rows, cols, site, ls -> {
      List<Layout> need = Sites.missing(ls, stash);
      if (!need.isEmpty()) {
        List<Layout> req = sites.prefetch(site, need, produced);
        KeyHolder.Encoding enc = levels.encoding(site);
        Sites.keep(stash, req, levels.received(site, enc, o.encrypt(handle, req, enc)));
      }
      return Sites.take(ls, stash);
    });
    m.parameter = !dataSeen;
    CLEANER.register(m, () -> o.release(handle));
    return m;
  }

  @Override
  public LongMatrix decode(EncryptedMatrix value) {
    Stored s = export(value);
    return owner.decrypt(s.ciphertexts(), s.layout());
  }

  @Override
  public int rows(EncryptedMatrix v) {
    return v.rows();
  }

  @Override
  public int cols(EncryptedMatrix v) {
    return v.cols();
  }

  // ---- element-wise ----------------------------------------------------------------------

  @Override
  public EncryptedMatrix add(EncryptedMatrix a, EncryptedMatrix b) {
    return timed(null, () -> binary("add", a, b, eval::add));
  }

  @Override
  public EncryptedMatrix subtract(EncryptedMatrix a, EncryptedMatrix b) {
    return timed(a.parameter ? Phase.UPDATE : null, () -> {
      if (a.parameter) {
        levels.markParameter(a.lineage);
        levels.markParameter(b.lineage);
      }
      EncryptedMatrix r = binary("subtract", a, b, a.parameter ? this::updateParameter : eval::sub);
      r.parameter = a.parameter;
      return r;
    });
  }

  /** A parameter's ciphertext minus its update, announced to the products ({@link SliceProducts#updated}). */
  private Ciphertext updateParameter(Ciphertext before, Ciphertext update) {
    Ciphertext r = eval.sub(before, update);
    products.updated(before, update, r);
    return r;
  }

  @Override
  public EncryptedMatrix hadamard(EncryptedMatrix a, EncryptedMatrix b) {
    return timed(null, () -> binary("hadamard", a, b, (x, y) -> {
      tensorProducts.incrementAndGet();
      relinearizations.incrementAndGet();
      return eval.multiply(x, y);
    }));
  }

  @Override
  public EncryptedMatrix multiplyConstant(EncryptedMatrix a, long c) {
    return timed(null, () -> unary(a, (l, i, x) -> eval.multiplyConstant(x, c)));
  }

  @Override
  public EncryptedMatrix addConstant(EncryptedMatrix a, long c) {
    if (paper != null) {
      return timed(null, () -> unary(a, (l, i, x) -> paper.addConstant(x, l, c)));
    }
    return timed(null, () -> unary(a, (l, i, x) -> i == l.ciphertexts() - 1 && l.hasEmptyBlocks()
        ? eval.addPlain(x, inUsedBlocks(l, c)) : eval.addConstant(x, c)));
  }

  /**
   * The constant {@code c} in the used blocks of a layout's last ciphertext and 0 in its empty
   * blocks, which must stay 0 because a product's fold adds them into block 0 ({@link Layout}).
   */
  private io.fhe4j.bgv.Plaintext inUsedBlocks(Layout l, long c) {
    int used = (l.groups() % l.blocks()) * l.stride();
    return usedBlockConstants.computeIfAbsent(List.of(c, (long) used), k -> {
      long[] v = new long[slots];
      Arrays.fill(v, 0, used, c);
      return array.encode(v);
    });
  }

  @Override
  public EncryptedMatrix addRow(EncryptedMatrix a, EncryptedMatrix row) {
    if (row.rows() != 1 || row.cols() != a.cols()) {
      throw new IllegalArgumentException("addRow needs a 1x" + a.cols() + " row, got " + row.rows() + "x" + row.cols());
    }
    if (paper != null) {
      return timed(null, () -> paper.addRow(a, row));
    }
    return timed(null, () -> {
      Layout d = Layout.dense(a.rows(), a.cols(), slots);
      Layout tile = new Layout(Layout.Kind.ROW_TILE, 1, a.cols(), a.rows(), slots);
      List<Ciphertext> x = a.view(d);
      List<Ciphertext> y = row.view(tile);
      return EncryptedMatrix.concrete(a.rows(), a.cols(), Map.of(d, map2(x, y, eval::add)),
          EncryptedMatrix.lineage(a, row));
    });
  }

  // ---- products ----------------------------------------------------------------------------

  @Override
  public EncryptedMatrix linear(EncryptedMatrix x, EncryptedMatrix w) {
    if (x.cols() != w.cols()) {
      throw new IllegalArgumentException("linear needs x (B x in) and w (out x in) with equal in, got "
          + x.rows() + "x" + x.cols() + " and " + w.rows() + "x" + w.cols());
    }
    dataSeen = true;
    if (paper != null) {
      return timed(Phase.FORWARD, () -> paper.linear(x, w));
    }
    int bs = x.rows();
    int in = x.cols();
    int out = w.rows();
    return timed(Phase.FORWARD, () -> structured.sumOfProducts(
        x, new Layout(Layout.Kind.COL_REP, bs, in, out, slots),
        w, new Layout(Layout.Kind.COL_TILE, out, in, bs, slots),
        Layout.dense(bs, out, slots)));
  }

  @Override
  public EncryptedMatrix backLinear(EncryptedMatrix d, EncryptedMatrix w) {
    if (d.cols() != w.rows()) {
      throw new IllegalArgumentException("backLinear needs d (B x out) and w (out x in) with equal out, got "
          + d.rows() + "x" + d.cols() + " and " + w.rows() + "x" + w.cols());
    }
    if (paper != null) {
      return timed(Phase.BACKWARD, () -> paper.backLinear(d, w));
    }
    int bs = d.rows();
    int out = d.cols();
    int in = w.cols();
    return timed(Phase.BACKWARD, () -> structured.sumOfProducts(
        d, new Layout(Layout.Kind.COL_REP, bs, out, in, slots),
        w, new Layout(Layout.Kind.ROW_TILE, out, in, bs, slots),
        Layout.dense(bs, in, slots)));
  }

  @Override
  public EncryptedMatrix batchGradient(EncryptedMatrix d, EncryptedMatrix x) {
    if (d.rows() != x.rows()) {
      throw new IllegalArgumentException("batchGradient needs d (B x out) and x (B x in) with equal B, got "
          + d.rows() + "x" + d.cols() + " and " + x.rows() + "x" + x.cols());
    }
    if (paper != null) {
      return timed(Phase.BACKWARD, () -> paper.batchGradient(d, x));
    }
    int bs = d.rows();
    int out = d.cols();
    int in = x.cols();
    return timed(Phase.BACKWARD, () -> structured.sumOfProducts(
        d, new Layout(Layout.Kind.ROW_SPREAD, bs, out, in, slots),
        x, new Layout(Layout.Kind.ROW_TILE, bs, in, out, slots),
        Layout.dense(out, in, slots)));
  }

  /**
   * Column sums over the batch. Lazy: a view in a per-row layout L is the sum over the samples of
   * the error's view in L with B rows (ciphertext additions only); {@code ROW_TILE(1 x C, B)} is the
   * biases' own layout, so an update without rescale needs no re-layout. Until asked, it prefers the
   * per-row layout the error already has.
   */
  @Override
  public EncryptedMatrix sumOverBatch(EncryptedMatrix d) {
    if (paper != null) {
      return timed(Phase.BACKWARD, () -> paper.sumOverBatch(d));
    }
    return timed(Phase.BACKWARD, () -> {
      Layout have = null;
      for (Layout v : d.layouts()) {
        if (v.perRow() && (have == null || v.ciphertexts() < have.ciphertexts())) {
          have = v;
        }
      }
      int bs = d.rows();
      EncryptedMatrix m = EncryptedMatrix.lazy(1, d.cols(), d.lineage, ls -> {
        List<List<Ciphertext>> out = new ArrayList<>(ls.size());
        for (Layout l : ls) {
          if (!l.perRow()) {
            throw new UnsupportedLayoutException("a sum over the batch is produced in per-row layouts (ROW_TILE,"
                + " ROW_SPREAD), not in " + l);
          }
          Layout packedRows = l.withRows(bs).packed();
          if (packedRows.blocks() > 1 && d.layouts().contains(packedRows)) {
            List<Ciphertext> v = d.view(packedRows);
            Ciphertext acc = ParallelSums.sums(eval, 1, v.size(), false, (g, k) -> v.get(g))[0];
            out.add(List.of(structured.fold(acc, packedRows)));
            continue;
          }
          List<Ciphertext> v = d.view(l.withRows(bs));
          int chunks = l.chunks();
          out.add(Arrays.asList(ParallelSums.sums(eval, chunks, bs, false, (r, k) -> v.get(r * chunks + k))));
        }
        return out;
      });
      m.preferred = have != null ? have.withRows(1) : new Layout(Layout.Kind.ROW_TILE, 1, d.cols(), bs, slots);
      return m;
    });
  }

  // ---- refresh -----------------------------------------------------------------------------

  @Override
  public EncryptedMatrix rescale(EncryptedMatrix a, int bits) {
    return rescale(a, bits, 0);
  }

  /** The saturating rescale: the refresher clamps the rounded value to {@code [-bound, bound]} (0: no clamp). */
  @Override
  public EncryptedMatrix rescale(EncryptedMatrix a, int bits, long bound) {
    if (bits < 1 || bits > 62) {
      throw new IllegalArgumentException("rescale bits must be in [1, 62], got " + bits);
    }
    if (bound < 0) {
      throw new IllegalArgumentException("a rescale's clamp bound must be >= 0 (0: none), got " + bound);
    }
    return timed(null, () -> {
      String site = sites.site("rescale", a.rows(), a.cols(), bits);
      Stored in = export(a, site);
      opsSinceEncode = true;
      return refreshed(a.rows(), a.cols(), in.layout(), in.ciphertexts(), bits, bound, site);
    });
  }

  /**
   * A source value whose first views come from a refresh of {@code in} (laid out as {@code
   * inLayout}) by {@code bits}, further views from the owner's stored result. The refresh is not
   * sent at once: it waits in {@link #pendingRefreshes} and goes with every other waiting one in
   * the round that the first value needed forces (the activation and its derivative, the four
   * updates of a 2-layer network: one round each).
   */
  private EncryptedMatrix refreshed(int rows, int cols, Layout inLayout, List<Ciphertext> in, int bits, long bound,
      String site) {
    PendingRefresh p = new PendingRefresh(site, inLayout, in, bits, bound, owner);
    pendingRefreshes.add(p);
    EncryptedMatrix m = EncryptedMatrix.source(rows, cols, site, ls -> {
      List<Layout> need = Sites.missing(ls, p.stash);
      if (!need.isEmpty()) {
        if (p.waiting()) {
          refreshRound(p, need);
        } else {
          List<Layout> req = sites.prefetch(p.site, need, p.produced);
          KeyHolder.Encoding enc = levels.encoding(p.site);
          Sites.keep(p.stash, req, levels.received(p.site, enc, owner.encrypt(p.handle(), req, enc)));
        }
      }
      return Sites.take(ls, p.stash);
    });
    m.awaiting = p::waiting;
    CLEANER.register(m, p::drop);
    return m;
  }

  /**
   * One refresh round: every waiting refresh, {@code first} with the layouts it needs now, each with
   * the layouts its site asked for in earlier steps ({@link #prefetch}).
   */
  private void refreshRound(PendingRefresh first, List<Layout> need) {
    List<PendingRefresh> batch = new ArrayList<>();
    List<KeyHolder.RefreshRequest> requests = new ArrayList<>();
    List<List<Layout>> asked = new ArrayList<>();
    List<KeyHolder.Encoding> encodings = new ArrayList<>();
    for (PendingRefresh q : pendingRefreshes) {
      List<Ciphertext> in = q.takeInput();
      if (in != null) {
        List<Layout> req = sites.prefetch(q.site, q == first ? need : List.of(), q.produced);
        batch.add(q);
        asked.add(req);
        encodings.add(levels.encoding(q.site));
        requests.add(new KeyHolder.RefreshRequest(in, q.inLayout, q.bits, req, encodings.get(encodings.size() - 1),
            q.bound));
      }
    }
    pendingRefreshes.clear();
    List<KeyHolder.Refreshed> got = owner.refresh(requests);
    for (int i = 0; i < batch.size(); i++) {
      PendingRefresh q = batch.get(i);
      Sites.keep(q.stash, asked.get(i), levels.received(q.site, encodings.get(i), got.get(i).views()));
      q.setHandle(got.get(i).handle());
    }
  }

  // ---- checkpoints -------------------------------------------------------------------------

  /** A value as stored in a checkpoint: one layout and its ciphertexts. */
  public record Stored(Layout layout, List<Ciphertext> ciphertexts) {}

  /**
   * The ciphertexts of {@code value} in its smallest layout, computed on the server if needed and
   * switched down the chain as far as their noise allows (for a checkpoint, an encrypted model file
   * or the owner's decryption). Server work only: nothing is decrypted.
   */
  public Stored export(EncryptedMatrix value) {
    return export(value, null);
  }

  /**
   * As {@link #export(EncryptedMatrix)}; checks the capacity ({@link LevelPlan#check}), and for a
   * refresh at {@code site} (non-null) records how low its sources may be sent ({@link
   * LevelPlan#endpoint}).
   */
  private Stored export(EncryptedMatrix value, String site) {
    Layout l = value.smallestView();
    if (l == null) {
      l = defaultLayout(value.rows(), value.cols());
    }
    List<Ciphertext> cts = new ArrayList<>(value.view(l));
    Parallel.forEach(cts.size(), 1L << 20, i -> cts.set(i, eval.relinearize(cts.get(i))));
    double capacity = Double.POSITIVE_INFINITY;
    for (Ciphertext c : cts) {
      capacity = Math.min(capacity, c.capacity());
    }
    if (site != null) {
      levels.endpoint("refresh " + site + " of " + l, value.lineage, capacity);
    } else {
      levels.check("export of a " + value.rows() + "x" + value.cols() + " value in " + l, value.lineage, capacity);
    }
    Parallel.forEach(cts.size(), 1L << 20, i -> cts.set(i, lowest(cts.get(i))));
    return new Stored(l, List.copyOf(cts));
  }

  /** The level in effect per upload or refresh site (learned from earlier steps' refreshes), for reports. */
  public Map<String, Integer> sourceLevels() {
    return levels.levels();
  }

  /**
   * A model parameter (weights or biases) from a checkpoint: its ciphertexts are sent through the
   * refresher once, unchanged ({@code shiftRound} by 0 bits), when the first layout is needed, so
   * that every layout later steps ask for can be had as for a freshly encoded parameter.
   *
   * @throws IllegalArgumentException if the ciphertexts do not fit the layout or this context
   */
  public EncryptedMatrix restore(Stored stored) {
    Layout l = stored.layout();
    if (stored.ciphertexts().size() != l.ciphertexts() || l.slots() != slots) {
      throw new IllegalArgumentException("a stored value of " + stored.ciphertexts().size() + " ciphertexts in "
          + l + " does not fit this context (" + slots + " slots; the layout needs " + l.ciphertexts() + ")");
    }
    for (Ciphertext c : stored.ciphertexts()) {
      if (!c.context().sameAs(context)) {
        throw new IllegalArgumentException("a stored ciphertext belongs to another context: restore it with the"
            + " context of the checkpoint");
      }
    }
    EncryptedMatrix m = refreshed(l.rows(), l.cols(), l, new ArrayList<>(stored.ciphertexts()), 0, 0,
        sites.site("restore", l.rows(), l.cols(), 0));
    m.parameter = true;
    return m;
  }

  /** The layout of a value that has none yet: DENSE, or the batch across the slots (PAPER). */
  private Layout defaultLayout(int rows, int cols) {
    return paper != null && rows <= slots / 2 ? paper.batch(rows, cols) : Layout.dense(rows, cols, slots);
  }

  /** Switches down the modulus chain while {@link LevelPlan#MARGIN} bits of capacity remain: fewer bytes to send. */
  private Ciphertext lowest(Ciphertext c) {
    Ciphertext cur = c;
    while (cur.level() > 1) {
      // a probe: a switch that would leave less than the margin is discarded, so it may go below 0
      Ciphertext next = probe.modSwitchDown(cur);
      if (next.capacity() < LevelPlan.MARGIN) {
        break;
      }
      cur = next;
    }
    return cur;
  }

  @Override
  public EncryptedMatrix lookup(EncryptedMatrix x, int xFracBits, LookupTable table) {
    throw new UnsupportedOperationException("table lookup needs the bitwise representation; the integer-slot"
        + " trainer evaluates polynomial activations (PolynomialFixedActivation)");
  }

  // ---- helpers -----------------------------------------------------------------------------

  private EncryptedMatrix binary(String op, EncryptedMatrix a, EncryptedMatrix b, BinaryOperator<Ciphertext> f) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(op + " needs equal shapes, got " + a.rows() + "x" + a.cols() + " and "
          + b.rows() + "x" + b.cols());
    }
    if (!op.equals("hadamard") && a.isSource() && b.isSource()) {
      levels.tie(a.lineage, b.lineage);
    }
    List<Layout> target = new ArrayList<>();
    if (!a.isOpen() || !b.isOpen()) {
      for (Layout l : (!a.isOpen() ? a : b).layouts()) {
        if ((a.isOpen() || a.layouts().contains(l)) && (b.isOpen() || b.layouts().contains(l))) {
          target.add(l);
        }
      }
      if (target.isEmpty()) {
        throw new UnsupportedLayoutException(op + " of values in disjoint layouts " + a.layouts() + " and "
            + b.layouts() + ": the server cannot align them without rotations");
      }
    } else {
      target.addAll(a.layouts());
      for (Layout l : b.layouts()) {
        if (!target.contains(l)) {
          target.add(l);
        }
      }
      if (target.isEmpty()) {
        EncryptedMatrix m = EncryptedMatrix.lazy(a.rows(), a.cols(), EncryptedMatrix.lineage(a, b),
            ls -> combine(a.views(ls), b.views(ls), f));
        m.preferred = a.preferred != null ? a.preferred : b.preferred;
        return m;
      }
    }
    if (a.awaitsRefresh() || b.awaitsRefresh()) {
      return EncryptedMatrix.deferred(a.rows(), a.cols(), target, EncryptedMatrix.lineage(a, b),
          ls -> combine(a.views(ls), b.views(ls), f));
    }
    List<List<Ciphertext>> r = combine(a.views(target), b.views(target), f);
    Map<Layout, List<Ciphertext>> views = new LinkedHashMap<>();
    for (int i = 0; i < target.size(); i++) {
      views.put(target.get(i), r.get(i));
    }
    return EncryptedMatrix.concrete(a.rows(), a.cols(), views, EncryptedMatrix.lineage(a, b));
  }

  /** A slot-wise operation on ciphertext {@code index} of a view in {@code layout}. */
  private interface ViewOp {
    Ciphertext apply(Layout layout, int index, Ciphertext x);
  }

  private EncryptedMatrix unary(EncryptedMatrix a, ViewOp f) {
    List<Layout> target = new ArrayList<>(a.layouts());
    if (target.isEmpty()) {
      EncryptedMatrix m = EncryptedMatrix.lazy(a.rows(), a.cols(), a.lineage, ls -> {
        List<List<Ciphertext>> in = a.views(ls);
        List<List<Ciphertext>> out = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
          Layout l = ls.get(i);
          out.add(map1(in.get(i), (k, x) -> f.apply(l, k, x)));
        }
        return out;
      });
      m.preferred = a.preferred;
      return m;
    }
    Map<Layout, List<Ciphertext>> views = new LinkedHashMap<>();
    for (Layout l : target) {
      views.put(l, map1(a.view(l), (k, x) -> f.apply(l, k, x)));
    }
    return EncryptedMatrix.concrete(a.rows(), a.cols(), views, a.lineage);
  }

  private List<List<Ciphertext>> combine(List<List<Ciphertext>> a, List<List<Ciphertext>> b,
      BinaryOperator<Ciphertext> f) {
    List<List<Ciphertext>> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(map2(a.get(i), b.get(i), f));
    }
    return out;
  }

  private static List<Ciphertext> map2(List<Ciphertext> a, List<Ciphertext> b, BinaryOperator<Ciphertext> f) {
    Ciphertext[] out = new Ciphertext[a.size()];
    Parallel.forEach(out.length, 1L << 20, i -> out[i] = f.apply(a.get(i), b.get(i)));
    return Arrays.asList(out);
  }

  /** An operation on ciphertext {@code index} of a list. */
  private interface IndexedOp {
    Ciphertext apply(int index, Ciphertext x);
  }

  private static List<Ciphertext> map1(List<Ciphertext> a, IndexedOp f) {
    Ciphertext[] out = new Ciphertext[a.size()];
    Parallel.forEach(out.length, 1L << 20, i -> out[i] = f.apply(i, a.get(i)));
    return Arrays.asList(out);
  }

  private EncryptedMatrix timed(Phase p, java.util.function.Supplier<EncryptedMatrix> body) {
    if (p != null) {
      phase = p;
    }
    long ext0 = owner.stats().snapshot().ownerNanos();
    long t0 = System.nanoTime();
    EncryptedMatrix r = body.get();
    long dt = System.nanoTime() - t0 - (owner.stats().snapshot().ownerNanos() - ext0);
    phaseNanos[phase.ordinal()] += dt;
    return r;
  }
}
