package io.fhe4j.party;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.nn.encrypted.ExchangeStats;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.proto.DataRequest;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.RefreshItem;
import io.fhe4j.party.proto.RefreshReply;
import io.fhe4j.party.proto.Release;
import io.fhe4j.party.proto.ServerRequest;
import io.fhe4j.party.proto.Value;
import io.fhe4j.party.proto.ViewRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's {@link KeyHolder}: every call becomes a request to the data owner in another
 * process, over the {@link OwnerLink}. The server never holds plaintext: {@link #submit} and
 * {@link #decrypt} refuse; owner data is named by {@link #dataHandle} (a step's inputs or labels,
 * a layer's initial parameters), and the owner encrypts it in the layouts the server asks for.
 * Handles of refreshed values are the owner's (positive); data handles are minted here
 * (negative). Every upload, view and refresh carries the {@link Encoding} the server's level plan
 * asked for, so the owner answers at that level (fewer residues on the link). When a step's inputs
 * or labels arrive (from the second step trained on), the same request for the next step goes out
 * at once, ahead of time: the owner
 * encrypts and sends that batch while the server computes, and the next step takes it without a
 * round trip (a request that differs, e.g. after the level plan moved, is sent anew). Releases are
 * queued and sent before the next request. Thread-safe.
 */
final class RemoteOwner implements KeyHolder {
  private final OwnerLink link;
  private final Context context;
  private final long steps;
  /**
   * The first step whose batches bring the next step's ahead: the one after the first step trained
   * here (that step runs at the top level while the level plan learns, so the next asks otherwise).
   */
  private volatile long aheadFrom = -1;
  /** Replies to data requests sent a step ahead, by what they asked. */
  private final ConcurrentHashMap<Ahead, Early> ahead = new ConcurrentHashMap<>();
  private final ExchangeStats stats = new ExchangeStats();
  private final ConcurrentHashMap<Long, DataRequest> data = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> released = new ConcurrentLinkedQueue<>();
  private final AtomicLong nextDataHandle = new AtomicLong(-1);
  private volatile long step;
  /** The steps after which the owner asked for the model (send_model_after_step in a reply). */
  private final java.util.Set<Long> modelWanted = ConcurrentHashMap.newKeySet();

  /** The server's owner for a run of {@code steps} steps (no data is asked ahead beyond them). */
  RemoteOwner(OwnerLink link, Context context, long steps) {
    this.link = link;
    this.context = context;
    this.steps = steps;
  }

  /** A data request sent ahead: the part and step of the data, the layouts and the encoding asked. */
  private record Ahead(DataRequest.Part part, long step, List<Layout> layouts, Encoding encoding) {}

  /**
   * The reply to a request sent ahead, and its ciphertexts read as soon as it arrives (on the thread
   * that reads the stream, while the server computes): null if the reply is not a well-formed answer
   * to what was asked, which {@link #dataViews} then reports as it checks the reply.
   */
  private record Early(CompletableFuture<OwnerReply> reply, CompletableFuture<List<List<Ciphertext>>> read) {
    static Early of(CompletableFuture<OwnerReply> reply, List<Layout> layouts, Context context) {
      return new Early(reply, reply.thenApply(r -> r.getBodyCase() == OwnerReply.BodyCase.VIEWS
              && r.getViews().getViewsCount() == layouts.size()
              ? Wire.views(r.getViews().getViewsList(), layouts, context) : null)
          .exceptionally(t -> null));
    }
  }

  /** The step the following requests belong to. */
  void step(long s) {
    step = s;
  }

  /** Whether the owner asked for the model once step {@code s} is done (and forgets the wish). */
  boolean modelWantedAfter(long s) {
    return modelWanted.remove(s);
  }

  /** The owner's reply to {@code req} if its body is {@code want}, noting a wish for the model. */
  private OwnerReply call(ServerRequest.Builder req, OwnerReply.BodyCase want) {
    return call(req, want, null);
  }

  /** {@link #call(ServerRequest.Builder, OwnerReply.BodyCase)}, the reply's pieces to {@code pieces}. */
  private OwnerReply call(ServerRequest.Builder req, OwnerReply.BodyCase want, Pieces pieces) {
    OwnerReply r = expect(pieces == null ? link.call(req) : link.call(req, pieces), want);
    if (r.getSendModelAfterStep()) {
      modelWanted.add(req.getStep());
    }
    return r;
  }

  /** A handle for owner data: {@code part} of step {@code step} or of layer {@code layer}. */
  long dataHandle(DataRequest.Part part, long step, int layer) {
    long h = nextDataHandle.getAndDecrement();
    data.put(h, DataRequest.newBuilder().setPart(part).setStep(step).setLayer(layer).build());
    return h;
  }

  @Override
  public long submit(LongMatrix values) {
    throw new UnsupportedOperationException("the training server holds no plaintext: owner data is named by a"
        + " handle (RemoteOwner.dataHandle) and encrypted by the owner");
  }

  @Override
  public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
    return encrypt(handle, layouts, Encoding.TOP);
  }

  /** Asks the owner for the views in {@code encoding} (a data or a view request carrying it). */
  @Override
  public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
    flushReleases();
    long t0 = System.nanoTime();
    DataRequest d = data.get(handle);
    List<Value> vs;
    Map<Layout, List<Ciphertext>> read = new HashMap<>();
    if (d != null) {
      vs = dataViews(d, layouts, encoding, read);
    } else if (handle > 0) {
      vs = call(ServerRequest.newBuilder().setStep(step).setView(ViewRequest.newBuilder().setHandle(handle)
          .addAllLayouts(Wire.toMsgs(layouts)).setEncoding(Wire.toMsg(encoding))), OwnerReply.BodyCase.VIEWS)
          .getViews().getViewsList();
    } else {
      throw new IllegalStateException("no owner value under handle " + handle + ": it was released");
    }
    List<List<Ciphertext>> out = new ArrayList<>(layouts.size());
    Wire.checkViewCount(vs, layouts);
    for (int i = 0; i < layouts.size(); i++) {
      List<Ciphertext> early = read.get(layouts.get(i));
      out.add(early != null ? early : Wire.view(vs.get(i), layouts.get(i), i, context));
    }
    long nanos = System.nanoTime() - t0;
    if (d != null) {
      stats.recordUpload(Wire.count(vs), Wire.bytes(vs), nanos);
    } else {
      stats.recordRefresh(false, 0, 0, Wire.count(vs), Wire.bytes(vs), 0, nanos);
    }
    return out;
  }

  /**
   * The views of owner data {@code d} in {@code layouts}: those a request sent ahead of time brought
   * (same step, part and encoding), the others asked now; then, for a step's batch, the same request
   * for the next step goes out ahead. The ciphertexts of replies sent ahead, read on arrival, go to
   * {@code read} by layout.
   */
  private List<Value> dataViews(DataRequest d, List<Layout> layouts, Encoding encoding,
      Map<Layout, List<Ciphertext>> read) {
    boolean batch = d.getPart() == DataRequest.Part.INPUTS || d.getPart() == DataRequest.Part.LABELS;
    Map<Layout, Value> got = new HashMap<>();
    if (batch) {
      ahead.keySet().removeIf(a -> a.part() == d.getPart() && a.step() < d.getStep());
      for (Map.Entry<Ahead, Early> e : List.copyOf(ahead.entrySet())) {
        Ahead a = e.getKey();
        if (a.part() != d.getPart() || a.step() != d.getStep()) {
          continue;
        }
        ahead.remove(a);
        if (!a.encoding().equals(encoding) || java.util.Collections.disjoint(a.layouts(), layouts)) {
          continue; // the level plan moved, or the step asks other layouts: this reply goes unused
        }
        List<Value> early = expect(link.await(e.getValue().reply()), OwnerReply.BodyCase.VIEWS).getViews()
            .getViewsList();
        if (early.size() != a.layouts().size()) {
          throw ProtocolException.invalid(early.size() + " views for " + a.layouts().size() + " layouts asked ahead");
        }
        List<List<Ciphertext>> cts = e.getValue().read().join();
        for (int i = 0; i < early.size(); i++) {
          got.put(a.layouts().get(i), early.get(i));
          if (cts != null) {
            read.put(a.layouts().get(i), cts.get(i));
          }
        }
      }
    }
    List<Layout> missing = new ArrayList<>();
    for (Layout l : layouts) {
      if (!got.containsKey(l)) {
        missing.add(l);
      }
    }
    if (!missing.isEmpty()) {
      List<Value> now = call(ServerRequest.newBuilder().setStep(step).setData(d.toBuilder()
          .addAllLayouts(Wire.toMsgs(missing)).setEncoding(Wire.toMsg(encoding))), OwnerReply.BodyCase.VIEWS)
          .getViews().getViewsList();
      if (now.size() != missing.size()) {
        throw ProtocolException.invalid(now.size() + " views for " + missing.size() + " layouts");
      }
      for (int i = 0; i < now.size(); i++) {
        got.put(missing.get(i), now.get(i));
      }
    }
    if (batch && aheadFrom < 0) {
      aheadFrom = d.getStep() + 1;
    }
    if (batch && d.getStep() >= aheadFrom && d.getStep() + 1 < steps) {
      long next = d.getStep() + 1;
      List<Layout> asked = List.copyOf(layouts);
      ahead.put(new Ahead(d.getPart(), next, asked, encoding), Early.of(link.callAhead(
          ServerRequest.newBuilder().setStep(next).setAhead(true).setData(d.toBuilder().setStep(next)
              .addAllLayouts(Wire.toMsgs(layouts)).setEncoding(Wire.toMsg(encoding)))), asked, context));
    }
    List<Value> vs = new ArrayList<>(layouts.size());
    for (Layout l : layouts) {
      vs.add(got.get(l));
    }
    return vs;
  }

  @Override
  public List<Refreshed> refresh(List<RefreshRequest> requests) {
    flushReleases();
    long t0 = System.nanoTime();
    io.fhe4j.party.proto.RefreshRequest.Builder b = io.fhe4j.party.proto.RefreshRequest.newBuilder();
    long sentCts = 0;
    long sentBytes = 0;
    for (RefreshRequest q : requests) {
      Value in = Wire.toValue(q.inputLayout(), q.input());
      sentCts += in.getCiphertextsCount();
      sentBytes += Wire.bytes(List.of(in));
      b.addItems(RefreshItem.newBuilder().setInput(in).setBits(q.bits()).addAllLayouts(Wire.toMsgs(q.layouts()))
          .setEncoding(Wire.toMsg(q.encoding())).setBound(q.bound()));
    }
    Pieces pieces = new Pieces(requests, context);
    OwnerReply r = call(ServerRequest.newBuilder().setStep(step).setRefresh(b), OwnerReply.BodyCase.REFRESH, pieces);
    RefreshReply rr = r.getRefresh();
    if (rr.getItemsCount() != requests.size()) {
      throw ProtocolException.invalid(rr.getItemsCount() + " refreshed values for " + requests.size() + " requests");
    }
    List<Refreshed> out = new ArrayList<>(requests.size());
    long gotCts = pieces.count();
    long gotBytes = pieces.bytes();
    long values = 0;
    for (int i = 0; i < requests.size(); i++) {
      io.fhe4j.party.proto.Refreshed item = rr.getItems(i);
      if (item.getHandle() <= 0) {
        throw ProtocolException.invalid("the owner returned handle " + item.getHandle() + " (must be positive)");
      }
      out.add(new Refreshed(item.getHandle(), pieces.views(i, item.getViewsList())));
      gotCts += Wire.count(item.getViewsList());
      gotBytes += Wire.bytes(item.getViewsList());
      values += (long) requests.get(i).inputLayout().rows() * requests.get(i).inputLayout().cols();
    }
    stats.recordRefresh(true, sentCts, sentBytes, gotCts, gotBytes, values, System.nanoTime() - t0);
    return out;
  }

  @Override
  public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
    throw new UnsupportedOperationException("the training server cannot decrypt: it holds no secret key");
  }

  @Override
  public void release(long handle) {
    if (handle < 0) {
      data.remove(handle);
    } else if (handle > 0) {
      released.add(handle);
    }
  }

  @Override
  public ExchangeStats stats() {
    return stats;
  }

  private void flushReleases() {
    Release.Builder b = Release.newBuilder();
    for (Long h = released.poll(); h != null && b.getHandlesCount() < 4096; h = released.poll()) {
      b.addHandles(h);
    }
    if (b.getHandlesCount() > 0) {
      link.post(ServerRequest.newBuilder().setStep(step).setRelease(b));
    }
  }

  /**
   * The reply if its body is {@code want}; an owner error or another body is a {@link
   * ProtocolException} (the step fails and the owner's stream is ended).
   */
  static OwnerReply expect(OwnerReply r, OwnerReply.BodyCase want) {
    if (r.getBodyCase() == want) {
      return r;
    }
    if (r.getBodyCase() == OwnerReply.BodyCase.ERROR) {
      throw ProtocolException.precondition("the owner refused the request: " + r.getError().getCode() + ": "
          + Wire.abbreviate(r.getError().getMessage()));
    }
    throw ProtocolException.invalid("the owner answered " + r.getBodyCase() + " where " + want + " was due");
  }
}
