package io.fhe4j.party;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.proto.Chunk;
import io.fhe4j.party.proto.FinalModel;
import io.fhe4j.party.proto.Frame;
import io.fhe4j.party.proto.OpenReply;
import io.fhe4j.party.proto.OpenRequest;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.PutKeysReply;
import io.fhe4j.party.proto.ServerRequest;
import io.fhe4j.party.proto.TrainingServerGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The data owner's side of a run: opens (or resumes) the run on the server, uploads the context
 * and the evaluation keys if the server lacks them, and answers the server's requests on the serve
 * stream ({@link OwnerResponder}) until the server sends the final model. A broken link or a
 * restarted server (UNAVAILABLE, a cut stream) is retried with back-off, up to {@code reconnects}
 * times in a row; a refusal (FAILED_PRECONDITION, INVALID_ARGUMENT, UNAUTHENTICATED) or an abort
 * ends the run. Every call has a deadline. Not thread-safe (one {@link #run()}).
 */
public final class OwnerClient {
  private static final Logger LOG = Logger.getLogger(OwnerClient.class.getName());

  /**
   * The client's settings.
   *
   * @param runId the run's name
   * @param callDeadlineMillis deadline of Open and of the key upload
   * @param runDeadlineMillis deadline of one serve stream (the whole remaining training)
   * @param reconnects how many failed attempts in a row end the run
   * @param maxMessageBytes the largest server request accepted
   */
  public record Options(String runId, long callDeadlineMillis, long runDeadlineMillis, int reconnects,
      long maxMessageBytes) {
    /** Defaults for {@code runId}: 10 min calls, 30 days a run, 20 reconnects, 1 GiB messages. */
    public static Options defaults(String runId) {
      return new Options(runId, 600_000, 30L * 24 * 3600 * 1000, 20, 1L << 30);
    }
  }

  /**
   * What the owner's caller hears of the run while it goes, on the thread that answers the server
   * (the server waits meanwhile; the time is not counted as the owner's answering). Implementations
   * need not be thread-safe: one serve stream at a time.
   */
  public interface Listener {
    /** Nothing to hear. */
    Listener NONE = new Listener() {};

    /** The server began step {@code step} (0-based), so {@code step} steps are done. */
    default void stepStarted(long step) {}

    /** Whether the owner wants the model after {@code steps} steps (before the last), to evaluate it. */
    default boolean wantsModelAfter(long steps) {
      return false;
    }

    /** The decrypted model after {@code steps} steps (weights and biases alternating), as asked. */
    default void model(long steps, List<LongMatrix> model) {}
  }

  /**
   * What the owner saw of the run.
   *
   * @param model the decrypted weights and biases (alternating, layer by layer)
   * @param encryptedModel the same as the server sent them (in its layouts)
   * @param resumedAt steps the server had done when the owner first connected
   * @param serverInfo the server's figures sent with the model
   * @param wallNanos time from the first serve stream (after the keys) to the final model
   * @param keyBytes bytes of the key upload (0 if the server had them)
   * @param sentBytes frame bytes the owner sent on serve streams
   * @param receivedBytes frame bytes the owner received, but for the final model's
   * @param modelBytes frame bytes of the final model's message (once a run, not a step's traffic)
   * @param evaluationBytes frame bytes of the models the owner asked for during the run and of its
   *     acknowledgements (not a step's traffic either)
   * @param firstStepSentBytes of {@code sentBytes}, those answering requests of the first step the
   *     server trained (at the top level: the server's level plan learns in that step)
   * @param firstStepReceivedBytes of {@code receivedBytes}, those of the first step's requests
   * @param refreshRounds refresh rounds answered
   * @param dataRequests data uploads answered
   * @param viewRequests extra layout requests answered
   * @param retries requests answered again from the cache
   * @param prefetched uploads the server asked a step ahead, encrypted and sent while it computed
   * @param ownerNanos the owner's time answering (without its listener's)
   * @param listenerNanos the listener's time (evaluations)
   * @param reconnects streams that broke and were opened again
   * @param medianStepNanos the median time of a step after the first (from one step's first request
   *     to the next's; -1 if the run had too few steps)
   */
  public record Result(List<LongMatrix> model, List<io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored> encryptedModel,
      long resumedAt, FinalModel serverInfo, long wallNanos, long keyBytes,
      long sentBytes, long receivedBytes, long modelBytes, long evaluationBytes, long firstStepSentBytes, long firstStepReceivedBytes,
      long refreshRounds, long dataRequests, long viewRequests, long retries,
      long prefetched, long ownerNanos, long listenerNanos, int reconnects, long medianStepNanos) {}

  private final Channel channel;
  private final DataOwner owner;
  private final TrainingPlan plan;
  private final Options options;
  private final OwnerResponder responder;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong modelBytes = new AtomicLong();
  private final AtomicLong evaluationBytes = new AtomicLong();
  private final AtomicLong firstSent = new AtomicLong();
  private final AtomicLong firstReceived = new AtomicLong();
  private volatile long firstStep = -1;
  private String session;
  private long serveStart;

  public OwnerClient(Channel channel, DataOwner owner, TrainingPlan plan, long seed, FixedPointData train,
      Options options) {
    this(channel, owner, plan, seed, train, options, Listener.NONE);
  }

  /** A client whose {@code listener} hears the steps and gets the models it asks for. */
  public OwnerClient(Channel channel, DataOwner owner, TrainingPlan plan, long seed, FixedPointData train,
      Options options, Listener listener) {
    this.channel = channel;
    this.owner = owner;
    this.plan = plan;
    this.options = options;
    this.responder = new OwnerResponder(owner, plan, seed, train, listener);
  }

  /**
   * A mutual-TLS channel to the server at {@code hostPort} with the owner's certificates in {@code
   * certs} (frames of at most 1 MiB plus headers, keep-alive so that a cut link is noticed).
   */
  public static io.grpc.ManagedChannel channel(String hostPort, java.nio.file.Path certs) throws java.io.IOException {
    int colon = hostPort.lastIndexOf(':');
    return io.grpc.Grpc.newChannelBuilderForAddress(hostPort.substring(0, colon),
            Integer.parseInt(hostPort.substring(colon + 1)), Tls.owner(certs))
        .maxInboundMessageSize(Frames.FRAME_BYTES + (64 << 10))
        .keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(20, TimeUnit.SECONDS).build();
  }

  /**
   * Runs the owner's side to the end.
   *
   * @throws RunAbortedException if the owner ended the run
   * @throws StatusRuntimeException if the server refused the run, or stayed unreachable
   */
  public Result run() throws InterruptedException {
    long resumedAt = -1;
    long keyBytes = 0;
    int failures = 0;
    int reconnects = 0;
    while (true) {
      try {
        OpenReply r = TrainingServerGrpc.newBlockingStub(channel)
            .withDeadlineAfter(options.callDeadlineMillis(), TimeUnit.MILLISECONDS)
            .open(OpenRequest.newBuilder().setProtocolVersion(TrainingService.PROTOCOL_VERSION)
                .setRunId(options.runId()).setSpec(plan.toMsg()).setContextFingerprint(owner.context().fingerprint())
                .build());
        if (resumedAt < 0) {
          resumedAt = r.getResumeStep();
          firstStep = resumedAt;
        }
        failures = 0;
        LOG.info("run " + options.runId() + " opened at step " + r.getResumeStep()
            + (r.getNeedsKeys() ? "; sending the keys" : ""));
        if (r.getNeedsKeys()) {
          keyBytes += putKeys();
        }
        if (serveStart == 0) {
          serveStart = System.nanoTime();
        }
        responder.newStream(!r.getServerSession().equals(session));
        session = r.getServerSession();
        if (serve()) {
          break;
        }
        if (++failures > options.reconnects()) {
          throw Status.UNAVAILABLE.withDescription("the server ended the stream " + failures
              + " times without sending the model").asRuntimeException();
        }
        reconnects++;
        continue;
      } catch (StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        if (c != Status.Code.UNAVAILABLE && c != Status.Code.DEADLINE_EXCEEDED && c != Status.Code.CANCELLED
            && c != Status.Code.ABORTED && c != Status.Code.INTERNAL && c != Status.Code.UNKNOWN) {
          throw e;
        }
        if (++failures > options.reconnects()) {
          throw e;
        }
        reconnects++;
        long wait = Math.min(5_000, 100L << Math.min(failures, 6));
        LOG.warning("link to the server lost (" + e.getStatus() + "); trying again in " + wait + " ms");
        Thread.sleep(wait);
        continue;
      }
    }
    PartyStats s = responder.stats;
    long listened = s.listenerNanos.get();
    return new Result(responder.model(), responder.encryptedModel(), Math.max(0, resumedAt), responder.modelInfo(), System.nanoTime() - serveStart,
        keyBytes, sent.get(), received.get(), modelBytes.get(), evaluationBytes.get(), firstSent.get(), firstReceived.get(), s.refreshRounds.get(), s.dataRequests.get(), s.viewRequests.get(),
        s.retries.get(), s.prefetched.get(), s.ownerNanos.get() - listened, listened, reconnects,
        s.medianStepNanos());
  }

  private long putKeys() throws InterruptedException {
    Context ctx = owner.context();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> err = new AtomicReference<>();
    StreamObserver<Chunk> up = TrainingServerGrpc.newStub(channel)
        .withDeadlineAfter(options.callDeadlineMillis(), TimeUnit.MILLISECONDS)
        .putKeys(new StreamObserver<>() {
          @Override
          public void onNext(PutKeysReply r) {
            LOG.info("server stored the context (" + r.getContextBytes() + " bytes) and the keys ("
                + r.getKeyBytes() + " bytes)");
          }

          @Override
          public void onError(Throwable t) {
            err.set(t);
            done.countDown();
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        });
    long n = send(up, Chunk.Part.CONTEXT, BgvSerializer.toBytes(ctx));
    n += send(up, Chunk.Part.EVALUATION_KEYS, BgvSerializer.toBytes(owner.evaluationKeys()));
    up.onCompleted();
    done.await();
    if (err.get() != null) {
      throw Status.fromThrowable(err.get()).asRuntimeException();
    }
    return n;
  }

  private long send(StreamObserver<Chunk> up, Chunk.Part part, byte[] data) {
    long n = 0;
    int off = 0;
    do {
      int len = Math.min(Frames.FRAME_BYTES, data.length - off);
      Chunk c = Chunk.newBuilder().setRunId(options.runId()).setPart(part).setData(ByteString.copyFrom(data, off, len))
          .setLast(off + len == data.length).build();
      up.onNext(c);
      n += c.getSerializedSize();
      off += len;
    } while (off < data.length);
    return n;
  }

  /** Payload bytes of one frame of a reply sent ahead (smaller than others: a reply due now waits behind at most one). */
  static final int AHEAD_FRAME_BYTES = 1 << 18;

  /** One serve stream; whether it ended with the final model. */
  private boolean serve() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> err = new AtomicReference<>();
    @SuppressWarnings("unchecked")
    StreamObserver<Frame>[] up = new StreamObserver[1];
    Object ready = new Object();
    AtomicReference<ClientCallStreamObserver<Frame>> call = new AtomicReference<>();
    java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fhe4j-owner-sender");
      t.setDaemon(true);
      return t;
    });
    Frames inbound = new Frames(options.maxMessageBytes());
    ClientResponseObserver<Frame, Frame> down = new ClientResponseObserver<>() {
      /** Frame bytes of the message being received. */
      private long frameBytes;

      @Override
      public void beforeStart(ClientCallStreamObserver<Frame> requests) {
        call.set(requests);
        requests.setOnReadyHandler(() -> {
          synchronized (ready) {
            ready.notifyAll();
          }
        });
      }

      @Override
      public void onNext(Frame f) {
        if (done.getCount() == 0) {
          return;
        }
        frameBytes += f.getSerializedSize();
        try {
          byte[] m = inbound.add(f);
          if (m == null) {
            return;
          }
          long bytes = frameBytes;
          frameBytes = 0;
          ServerRequest req;
          try {
            req = ServerRequest.parseFrom(m);
          } catch (InvalidProtocolBufferException e) {
            received.addAndGet(bytes);
            throw ProtocolException.invalid("malformed server request (" + m.length + " bytes)");
          }
          boolean model = req.getBodyCase() == ServerRequest.BodyCase.MODEL;
          boolean evaluation = model && req.getModel().getSteps() != plan.steps();
          (evaluation ? evaluationBytes : model ? modelBytes : received).addAndGet(bytes);
          boolean first = !model && req.getStep() == firstStep;
          if (first) {
            firstReceived.addAndGet(bytes);
          }
          if (req.getAhead()) {
            responder.answerAhead(req).whenComplete((reply, t) -> {
              try {
                sender.execute(() -> sendAhead(reply, t, first));
              } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.fine("a reply ahead of time not sent: the stream ended");
              }
            });
            return;
          }
          OwnerReply reply = answerNow(req, m, first);
          if (reply != null) {
            synchronized (up) {
              long n = Frames.send(up[0], reply.getRequestId(), reply.toByteArray());
              (evaluation ? evaluationBytes : sent).addAndGet(n);
              if (first) {
                firstSent.addAndGet(n);
              }
            }
          }
        } catch (ProtocolException e) {
          LOG.warning("the server broke the protocol: " + e.code() + ": " + e.getMessage());
          fail(e.status().asRuntimeException());
        } catch (RunAbortedException e) {
          LOG.severe(e.getMessage());
          fail(e);
        }
      }

      /** The answer to a request due now, its pieces sent as they come (the reply itself is the caller's to send). */
      private OwnerReply answerNow(ServerRequest req, byte[] m, boolean first) {
        return responder.answer(req, m, piece -> {
          synchronized (up) {
            if (done.getCount() == 0) {
              return; // the stream ended: the reply will not be sent either
            }
            long n = Frames.send(up[0], piece.getRequestId(), piece.toByteArray());
            sent.addAndGet(n);
            if (first) {
              firstSent.addAndGet(n);
            }
          }
        });
      }

      /**
       * Sends a reply asked ahead, frame by frame, each when the stream has room: a reply due now
       * (and its pieces) goes out between two of its frames.
       */
      private void sendAhead(OwnerReply reply, Throwable t, boolean first) {
        if (t != null) {
          Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
              ? t.getCause() : t;
          RunAbortedException e = cause instanceof RunAbortedException a ? a
              : new RunAbortedException("encrypting a batch ahead of time failed: " + cause);
          LOG.severe(e.getMessage());
          fail(e);
          return;
        }
        try {
          for (java.util.Iterator<Frame> it = Frames.frames(reply.getRequestId(), reply.toByteArray(),
              AHEAD_FRAME_BYTES); it.hasNext(); ) {
            Frame f = it.next();
            synchronized (ready) {
              while (done.getCount() > 0 && !call.get().isReady()) {
                ready.wait(50);
              }
            }
            synchronized (up) {
              if (done.getCount() == 0) {
                return;
              }
              up[0].onNext(f);
            }
            sent.addAndGet(f.getSerializedSize());
            if (first) {
              firstSent.addAndGet(f.getSerializedSize());
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          LOG.fine("a reply ahead of time not sent: " + e.getMessage());
        }
      }

      private void fail(Throwable t) {
        err.compareAndSet(null, t);
        synchronized (up) {
          up[0].onError(Status.ABORTED.withDescription("the owner ended the stream: " + t.getMessage())
              .asRuntimeException());
        }
        done.countDown();
      }

      @Override
      public void onError(Throwable t) {
        err.compareAndSet(null, t);
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    };
    synchronized (up) {
      up[0] = TrainingServerGrpc.newStub(channel)
          .withDeadlineAfter(options.runDeadlineMillis(), TimeUnit.MILLISECONDS).serve(down);
    }
    try {
      done.await();
    } finally {
      sender.shutdownNow();
    }
    Throwable t = err.get();
    if (t instanceof RunAbortedException a) {
      throw a;
    }
    if (t != null) {
      throw Status.fromThrowable(t).asRuntimeException();
    }
    synchronized (up) {
      up[0].onCompleted();
    }
    return responder.model() != null;
  }
}
