package io.fhe4j.party;

import com.google.protobuf.UnsafeByteOperations;
import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.BatchOrder;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.FixedPointTrainer;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.proto.Ack;
import io.fhe4j.party.proto.DataRequest;
import io.fhe4j.party.proto.Error;
import io.fhe4j.party.proto.FinalModel;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.Piece;
import io.fhe4j.party.proto.RefreshItem;
import io.fhe4j.party.proto.RefreshReply;
import io.fhe4j.party.proto.ServerRequest;
import io.fhe4j.party.proto.Value;
import io.fhe4j.party.proto.ViewRequest;
import io.fhe4j.party.proto.Views;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The owner's answers to the server's requests, with the checks it makes before it decrypts or
 * encrypts anything: every ciphertext of the run's context and relinearized, exactly the
 * ciphertexts its layout needs, layouts of the run's slot count and the matrix's shape, encodings
 * of a level and plaintext factor of the context ({@link Wire#encoding}), at most
 * {@link #MAX_CIPHERTEXTS} ciphertexts produced per request, steps of the run, and a budget of
 * requests per step. Structural errors are answered with an {@link Error} (the server learns only
 * that its request was malformed); a failure of decryption or a request over budget ends the run
 * ({@link RunAbortedException}), so that errors never act as an oracle on values.
 *
 * <p>A refresh round's ciphertexts can go out one by one as {@link Piece}s while the others are
 * being encrypted ({@link #answer(ServerRequest, byte[], Consumer)}); the reply then carries the
 * handles and layouts only.
 *
 * <p>Idempotent: the last reply (and its pieces) is kept with the digest of its request; the same
 * request again (a retry after a lost reply) gets the same reply without a second refresh; a
 * request id at or below the last one with other content, or below it, is refused as a replay. Not
 * thread-safe (one serve stream at a time).
 */
final class OwnerResponder {
  /** Ciphertexts one request may ask the owner to produce. */
  static final int MAX_CIPHERTEXTS = 8192;

  private final DataOwner owner;
  private final Context context;
  private final TrainingPlan plan;
  private final long seed;
  private final FixedPointData train;
  private final int requestsPerStep;
  private final Map<Long, Integer> perStep = new HashMap<>();
  private List<LongMatrix> initial;
  private int permEpoch = -1;
  private int[] perm;
  private long lastId;
  private byte[] lastDigest;
  private OwnerReply lastReply;
  /** The pieces sent before {@link #lastReply} (filled from the encrypting threads). */
  private final List<OwnerReply> lastPieces = java.util.Collections.synchronizedList(new ArrayList<>());
  /** Encrypts the batches the server asks ahead of time, while it computes. */
  private final java.util.concurrent.ExecutorService background =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fhe4j-owner-ahead");
        t.setDaemon(true);
        return t;
      });
  private volatile List<LongMatrix> model;
  private volatile List<Stored> encryptedModel;
  private volatile FinalModel modelInfo;
  private final OwnerClient.Listener listener;
  private long lastStep = -1;
  final PartyStats stats = new PartyStats();

  OwnerResponder(DataOwner owner, TrainingPlan plan, long seed, FixedPointData train, OwnerClient.Listener listener) {
    this.owner = owner;
    this.listener = listener;
    this.context = owner.context();
    this.plan = plan;
    this.seed = seed;
    this.train = train;
    this.requestsPerStep = 16 * plan.spec().layers() + 32;
    if (train.size() < plan.batch()) {
      throw new IllegalArgumentException("the data has " + train.size() + " samples, fewer than a batch of "
          + plan.batch());
    }
  }

  /**
   * A new serve stream begins: the per-step budget starts again (a reconnect redoes the step), and
   * for a new server session (a restarted server numbers its requests from 1) so does the replay
   * check.
   */
  void newStream(boolean newSession) {
    perStep.clear();
    if (newSession) {
      lastId = 0;
      lastDigest = null;
      lastReply = null;
      lastPieces.clear();
    }
  }

  /** The decrypted model once the server sent it, else null. */
  List<LongMatrix> model() {
    return model;
  }

  /** The final model as the server sent it (encrypted), once received, else null. */
  List<Stored> encryptedModel() {
    return encryptedModel;
  }

  /** The final model's message (the server's figures), once received. */
  FinalModel modelInfo() {
    return modelInfo;
  }

  /**
   * The reply to a request, or null for a request that gets none (releases).
   *
   * @throws RunAbortedException if the run must end
   */
  OwnerReply answer(ServerRequest req, byte[] raw) {
    return answer(req, raw, null);
  }

  /**
   * {@link #answer(ServerRequest, byte[])}, a refresh round's ciphertexts handed to {@code pieces}
   * (if non-null) as {@link Piece} messages as soon as each is encrypted, from the encrypting
   * threads (so {@code pieces} must be thread-safe), before the reply is returned; the reply then
   * holds no ciphertexts. A retry hands over the same pieces again.
   *
   * @throws RunAbortedException if the run must end
   */
  OwnerReply answer(ServerRequest req, byte[] raw, Consumer<OwnerReply> pieces) {
    long t0 = System.nanoTime();
    try {
      byte[] digest = sha256(raw);
      if (req.getRequestId() <= lastId) {
        if (req.getRequestId() == lastId && Arrays.equals(digest, lastDigest) && lastReply != null
            && (pieces != null || lastPieces.isEmpty())) {
          stats.retries.incrementAndGet();
          synchronized (lastPieces) {
            lastPieces.forEach(pieces == null ? p -> { } : pieces);
          }
          return lastReply;
        }
        return error(req, ProtocolException.precondition("request " + req.getRequestId()
            + " replayed (the last was " + lastId + ")"));
      }
      lastId = req.getRequestId();
      lastDigest = digest;
      lastReply = null;
      lastPieces.clear();
      OwnerReply r;
      try {
        r = body(req, pieces);
      } catch (ProtocolException e) {
        r = error(req, e);
      }
      lastReply = r;
      return r;
    } finally {
      stats.ownerNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  /**
   * The reply to a request asked ahead of time ({@link ServerRequest#getAhead}: a step's inputs or
   * labels), checked now as {@link #answer} checks a request and encrypted on a background thread;
   * the future completes with the reply, or with an error reply if the request is refused. Its
   * encryption is not counted as the owner's answering time: the server computes meanwhile.
   *
   * @throws RunAbortedException if the run must end
   */
  java.util.concurrent.CompletableFuture<OwnerReply> answerAhead(ServerRequest req) {
    long t0 = System.nanoTime();
    try {
      if (req.getRequestId() <= lastId) {
        return java.util.concurrent.CompletableFuture.completedFuture(error(req, ProtocolException.precondition(
            "request " + req.getRequestId() + " replayed (the last was " + lastId + ")")));
      }
      lastId = req.getRequestId();
      lastDigest = null;
      lastReply = null;
      lastPieces.clear();
      try {
        DataRequest.Part part = req.getData().getPart();
        if (req.getBodyCase() != ServerRequest.BodyCase.DATA
            || part != DataRequest.Part.INPUTS && part != DataRequest.Part.LABELS) {
          throw ProtocolException.invalid("only a step's inputs or labels are asked ahead, not a "
              + req.getBodyCase() + (req.hasData() ? " of " + part : ""));
        }
        checkStep(req);
        Batch b = batch(req.getData(), req.getStep());
        stats.prefetched.incrementAndGet();
        long id = req.getRequestId();
        return java.util.concurrent.CompletableFuture.supplyAsync(
            () -> OwnerReply.newBuilder().setRequestId(id).setViews(encrypt(b)).build(), background);
      } catch (ProtocolException e) {
        return java.util.concurrent.CompletableFuture.completedFuture(error(req, e));
      }
    } finally {
      stats.ownerNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  /** Checks the request's step and counts it against the step's budget (releases and models aside). */
  private void checkStep(ServerRequest req) {
    if (req.getStep() < 0 || req.getStep() > plan.steps()) {
      throw ProtocolException.invalid("step " + req.getStep() + " outside the run's 0.." + plan.steps());
    }
    if (req.getBodyCase() != ServerRequest.BodyCase.RELEASE && req.getBodyCase() != ServerRequest.BodyCase.MODEL) {
      int n = perStep.merge(req.getStep(), 1, Integer::sum);
      if (n > requestsPerStep) {
        throw new RunAbortedException("the server sent more than " + requestsPerStep + " requests for step "
            + req.getStep() + " (the per-step budget): ending the run");
      }
    }
  }

  private OwnerReply body(ServerRequest req, Consumer<OwnerReply> pieces) {
    checkStep(req);
    OwnerReply.Builder r = OwnerReply.newBuilder().setRequestId(req.getRequestId());
    if (req.getBodyCase() != ServerRequest.BodyCase.RELEASE && req.getBodyCase() != ServerRequest.BodyCase.MODEL) {
      if (req.getStep() != lastStep) {
        lastStep = req.getStep();
        stats.stepStarted(req.getStep(), System.nanoTime());
        owner.atStep(req.getStep() + 1);
        timed(() -> listener.stepStarted(req.getStep()));
      }
      if (req.getStep() + 1 < plan.steps() && listener.wantsModelAfter(req.getStep() + 1)) {
        r.setSendModelAfterStep(true);
      }
    }
    switch (req.getBodyCase()) {
      case DATA -> r.setViews(encrypt(batch(req.getData(), req.getStep())));
      case VIEW -> r.setViews(view(req.getView()));
      case REFRESH -> r.setRefresh(refresh(req.getRefresh(), req.getRequestId(), pieces));
      case RELEASE -> {
        for (long h : req.getRelease().getHandlesList()) {
          owner.release(h);
        }
        return null;
      }
      case MODEL -> {
        finalModel(req.getModel());
        r.setAck(Ack.getDefaultInstance());
      }
      default -> throw ProtocolException.invalid("a request without a body");
    }
    return r.build();
  }

  /** Owner data to encrypt: the matrix, the layouts and the encoding asked. */
  private record Batch(LongMatrix values, List<Layout> layouts, KeyHolder.Encoding encoding) {}

  /** The data {@code d} asks for in step {@code step}, its layouts checked against its shape. */
  private Batch batch(DataRequest d, long step) {
    NetworkSpec spec = plan.spec();
    LongMatrix m;
    switch (d.getPart()) {
      case INPUTS, LABELS -> {
        if (d.getStep() != step || step >= plan.steps()) {
          throw ProtocolException.invalid("data of step " + d.getStep() + " asked in step " + step + " (run of "
              + plan.steps() + " steps)");
        }
        stats.dataRequests.incrementAndGet();
        m = batchValues(d.getPart(), step);
      }
      case WEIGHTS, BIASES -> {
        if (d.getLayer() < 0 || d.getLayer() >= spec.layers()) {
          throw ProtocolException.invalid("layer " + d.getLayer() + " of a " + spec.layers() + "-layer network");
        }
        if (initial == null) {
          initial = FixedPointTrainer.initialParameters(spec, plan.format(), seed);
        }
        m = initial.get(2 * d.getLayer() + (d.getPart() == DataRequest.Part.BIASES ? 1 : 0));
      }
      default -> throw ProtocolException.invalid("data part " + d.getPart());
    }
    List<Layout> ls = outputLayouts(d.getLayoutsList());
    KeyHolder.Encoding enc = Wire.encoding(d.getEncoding(), context);
    for (Layout l : ls) {
      if (l.rows() != m.rows() || l.cols() != m.cols()) {
        throw ProtocolException.invalid("a layout of " + l.rows() + "x" + l.cols() + " for a " + m.rows() + "x"
            + m.cols() + " matrix");
      }
    }
    return new Batch(m, ls, enc);
  }

  /** Encryptions of the batch in its layouts and encoding, as a reply (thread-safe). */
  private Views encrypt(Batch b) {
    long h = owner.submit(b.values());
    try {
      return views(b.layouts(), owner.encrypt(h, b.layouts(), b.encoding()));
    } finally {
      owner.release(h);
    }
  }

  /** The inputs or labels of {@code step} (the batch order of the owner's seed). */
  private LongMatrix batchValues(DataRequest.Part part, long step) {
    int perEpoch = train.size() / plan.batch();
    int epoch = Math.toIntExact(step / perEpoch);
    if (epoch != permEpoch) {
      perm = BatchOrder.permutation(train.size(), seed, epoch);
      permEpoch = epoch;
    }
    int from = (int) (step % perEpoch) * plan.batch();
    return part == DataRequest.Part.INPUTS ? train.features(perm, from, plan.batch())
        : train.oneHot(perm, from, plan.batch(), plan.spec().outputSize());
  }

  private Views view(ViewRequest v) {
    if (v.getHandle() <= 0) {
      throw ProtocolException.invalid("handle " + v.getHandle());
    }
    stats.viewRequests.incrementAndGet();
    List<Layout> ls = outputLayouts(v.getLayoutsList());
    KeyHolder.Encoding enc = Wire.encoding(v.getEncoding(), context);
    try {
      return views(ls, owner.encrypt(v.getHandle(), ls, enc));
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw ProtocolException.invalid("no view of handle " + v.getHandle() + " in those layouts: "
          + Wire.abbreviate(String.valueOf(e.getMessage())));
    }
  }

  /**
   * A refresh round; with {@code pieces}, each ciphertext goes out as a piece of request {@code id}
   * as soon as it is encrypted, and the reply's values hold none.
   */
  private RefreshReply refresh(io.fhe4j.party.proto.RefreshRequest q, long id, Consumer<OwnerReply> pieces) {
    if (q.getItemsCount() == 0 || q.getItemsCount() > 64) {
      throw ProtocolException.invalid("a refresh round of " + q.getItemsCount() + " values (1 to 64)");
    }
    stats.refreshRounds.incrementAndGet();
    List<KeyHolder.RefreshRequest> reqs = new ArrayList<>();
    long produced = 0;
    for (RefreshItem it : q.getItemsList()) {
      if (it.getBits() < 0 || it.getBits() > 62) {
        throw ProtocolException.invalid("rescale bits " + it.getBits() + " outside [0, 62]");
      }
      KeyHolder.Encoding enc = Wire.encoding(it.getEncoding(), context);
      Stored in = Wire.value(it.getInput(), context);
      List<Layout> ls = outputLayouts(it.getLayoutsList());
      for (Layout l : ls) {
        produced += l.ciphertexts();
      }
      if (produced > MAX_CIPHERTEXTS) {
        throw ProtocolException.exhausted("a refresh round asking for more than " + MAX_CIPHERTEXTS + " ciphertexts");
      }
      reqs.add(new KeyHolder.RefreshRequest(in.ciphertexts(), in.layout(), it.getBits(), ls, enc,
          Wire.bound(it.getBound(), context)));
    }
    List<KeyHolder.Refreshed> got;
    DataOwner.CiphertextSink sink = pieces == null ? null : (item, view, index, c) -> {
      OwnerReply p = OwnerReply.newBuilder().setRequestId(id).setPiece(Piece.newBuilder().setItem(item)
          .setView(view).setIndex(index).setCiphertext(UnsafeByteOperations.unsafeWrap(BgvSerializer.toBytes(c))))
          .build();
      lastPieces.add(p);
      pieces.accept(p);
    };
    try {
      got = owner.refresh(reqs, sink);
    } catch (RuntimeException e) {
      throw new RunAbortedException("a refresh failed while decrypting (" + e.getClass().getSimpleName()
          + "): ending the run rather than telling the server");
    }
    RefreshReply.Builder b = RefreshReply.newBuilder();
    for (int i = 0; i < got.size(); i++) {
      io.fhe4j.party.proto.Refreshed.Builder item = io.fhe4j.party.proto.Refreshed.newBuilder()
          .setHandle(got.get(i).handle());
      if (pieces == null) {
        item.addAllViews(views(reqs.get(i).layouts(), got.get(i).views()).getViewsList());
      } else {
        for (Layout l : reqs.get(i).layouts()) {
          item.addViews(Value.newBuilder().setLayout(Wire.toMsg(l)));
        }
      }
      b.addItems(item);
    }
    return b.build();
  }

  /** Runs a listener's call, its time counted apart from the owner's answering. */
  private void timed(Runnable call) {
    long t0 = System.nanoTime();
    call.run();
    stats.listenerNanos.addAndGet(System.nanoTime() - t0);
  }

  /**
   * The model after the last step, or after an earlier step the owner asked for (for its listener to
   * evaluate); a model it did not ask for is refused.
   */
  private void finalModel(FinalModel m) {
    NetworkSpec spec = plan.spec();
    boolean last = m.getSteps() == plan.steps();
    boolean asked = m.getSteps() >= 1 && m.getSteps() < plan.steps() && listener.wantsModelAfter(m.getSteps());
    if (!(last || asked) || m.getValuesCount() != 2 * spec.layers()) {
      throw ProtocolException.invalid("a model of " + m.getValuesCount() + " values after " + m.getSteps()
          + " steps; the run has " + 2 * spec.layers() + " after " + plan.steps() + " (and the owner asked for none"
          + " after step " + m.getSteps() + ")");
    }
    List<Stored> stored = new ArrayList<>();
    List<LongMatrix> out = new ArrayList<>();
    for (int i = 0; i < m.getValuesCount(); i++) {
      Stored s = Wire.value(m.getValues(i), context);
      stored.add(s);
      int l = i / 2;
      int rows = i % 2 == 0 ? spec.size(l + 1) : 1;
      int cols = i % 2 == 0 ? spec.size(l) : spec.size(l + 1);
      if (s.layout().rows() != rows || s.layout().cols() != cols) {
        throw ProtocolException.invalid("model value " + i + " is " + s.layout().rows() + "x" + s.layout().cols()
            + ", expected " + rows + "x" + cols);
      }
      try {
        out.add(owner.decrypt(s.ciphertexts(), s.layout()));
      } catch (RuntimeException e) {
        throw new RunAbortedException("the final model does not decrypt (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (!last) {
      List<LongMatrix> decrypted = List.copyOf(out);
      timed(() -> listener.model(m.getSteps(), decrypted));
      return;
    }
    encryptedModel = List.copyOf(stored);
    model = List.copyOf(out);
    modelInfo = FinalModel.newBuilder(m).clearValues().build();
  }

  private List<Layout> outputLayouts(List<io.fhe4j.party.proto.LayoutMsg> ms) {
    List<Layout> ls = Wire.layouts(ms, context);
    long n = 0;
    for (Layout l : ls) {
      n += l.ciphertexts();
    }
    if (n > MAX_CIPHERTEXTS) {
      throw ProtocolException.exhausted("a request for " + n + " ciphertexts; at most " + MAX_CIPHERTEXTS);
    }
    return ls;
  }

  private static Views views(List<Layout> ls, List<List<Ciphertext>> cts) {
    Views.Builder b = Views.newBuilder();
    for (int i = 0; i < ls.size(); i++) {
      Value v = Wire.toValue(ls.get(i), cts.get(i));
      b.addViews(v);
    }
    return b.build();
  }

  private static OwnerReply error(ServerRequest req, ProtocolException e) {
    Error.Code code = switch (e.code()) {
      case RESOURCE_EXHAUSTED -> Error.Code.RESOURCE_EXHAUSTED;
      case FAILED_PRECONDITION -> Error.Code.FAILED_PRECONDITION;
      default -> Error.Code.INVALID_ARGUMENT;
    };
    java.util.logging.Logger.getLogger(OwnerResponder.class.getName())
        .warning("refused request " + req.getRequestId() + ": " + code + ": " + e.getMessage());
    return OwnerReply.newBuilder().setRequestId(req.getRequestId())
        .setError(Error.newBuilder().setCode(code).setMessage(e.getMessage())).build();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
