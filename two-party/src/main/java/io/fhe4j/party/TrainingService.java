package io.fhe4j.party;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.EvaluationKeys;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.io.InsecureContextException;
import io.fhe4j.io.SerializationException;
import io.fhe4j.party.proto.Chunk;
import io.fhe4j.party.proto.Frame;
import io.fhe4j.party.proto.OpenReply;
import io.fhe4j.party.proto.OpenRequest;
import io.fhe4j.party.proto.PutKeysReply;
import io.fhe4j.party.proto.TrainingServerGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The training server's gRPC service: one run, bound to the folder of its {@link ServerCheckpoint}.
 * {@code Open} binds the folder to the owner's run (a different run is a FAILED_PRECONDITION; the
 * same run with more steps continues, as {@code train --checkpoint} with a larger {@code --steps}),
 * {@code PutKeys} stores the context and the evaluation keys (bounded sizes, checked against the
 * run's context fingerprint), {@code Serve} attaches the owner's stream to the {@link OwnerLink}
 * and starts the {@link ServerTrainer}. Protocol errors end the offending call with their status
 * and are logged; the server keeps serving. Thread-safe (synchronized on the run state).
 */
final class TrainingService extends TrainingServerGrpc.TrainingServerImplBase {
  private static final Logger LOG = Logger.getLogger(TrainingService.class.getName());
  /** 6: Piece (5: ServerRequest.ahead and RunSpec.lr_schedule; a server of 3 would ignore the schedule and train at the first rate throughout). */
  static final int PROTOCOL_VERSION = 6;

  private final ServerCheckpoint checkpoint;
  private final OwnerLink link;
  private final ServerOptions options;
  private final String session = UUID.randomUUID().toString();
  private OpenRequest run;
  private TrainingPlan plan;
  private ServerTrainer trainer;
  private Thread trainerThread;

  TrainingService(ServerOptions options) throws IOException {
    this.options = options;
    this.checkpoint = new ServerCheckpoint(options.dir(), options.maxMessageBytes(), options.contextLimits());
    this.link = new OwnerLink(options.callDeadlineNanos(), options.maxMessageBytes());
    this.run = checkpoint.run();
    if (run != null) {
      this.plan = TrainingPlan.of(run.getSpec());
    }
  }

  /** Whether the run is complete (the owner acknowledged the model). */
  synchronized boolean finished() {
    return trainer != null && trainer.finished();
  }

  /** Whether training stopped for good without finishing (see the log). */
  synchronized boolean failed() {
    return trainer != null && trainer.failed();
  }

  /** Stops the training thread (server shutdown). */
  synchronized void stop() {
    if (trainer != null) {
      trainer.stop();
      trainerThread.interrupt();
    }
  }

  @Override
  public void open(OpenRequest req, StreamObserver<OpenReply> out) {
    try {
      OpenReply r = doOpen(req);
      out.onNext(r);
      out.onCompleted();
    } catch (ProtocolException e) {
      refuse(out, "Open", e);
    } catch (IOException e) {
      LOG.severe("cannot write to " + checkpoint.dir() + ": " + e.getMessage());
      out.onError(Status.UNAVAILABLE.withDescription("the server cannot write its folder").asRuntimeException());
    }
  }

  private synchronized OpenReply doOpen(OpenRequest req) throws IOException {
    if (req.getProtocolVersion() != PROTOCOL_VERSION) {
      throw ProtocolException.precondition("protocol version " + req.getProtocolVersion() + "; this server speaks "
          + PROTOCOL_VERSION);
    }
    if (!req.getRunId().matches("[A-Za-z0-9_-]{1,64}")) {
      throw ProtocolException.invalid("run id '" + Wire.abbreviate(req.getRunId()) + "' (1 to 64 of A-Z a-z 0-9 _ -)");
    }
    TrainingPlan p = TrainingPlan.of(req.getSpec());
    if (run == null) {
      run = req;
      plan = p;
      checkpoint.saveRun(req);
      LOG.info("new run " + req.getRunId() + ": " + p.spec() + ", " + p.steps() + " steps");
    } else if (!run.equals(req) && longerRun(req)) {
      run = req;
      plan = p;
      checkpoint.saveRun(req);
      LOG.info("run " + req.getRunId() + " continues to " + p.steps() + " steps");
    } else if (!run.equals(req)) {
      throw ProtocolException.precondition("this server holds run '" + run.getRunId() + "' (context "
          + run.getContextFingerprint() + "); it cannot serve run '" + Wire.abbreviate(req.getRunId())
          + "' or another spec: start the server with another --dir");
    }
    ServerCheckpoint.Saved saved = checkpoint.hasKeys() ? checkpoint.model(checkpoint.context()) : null;
    long resume = saved == null ? 0 : saved.steps();
    LOG.info("owner opened run " + run.getRunId() + " at step " + resume);
    return OpenReply.newBuilder().setResumeStep(resume).setNeedsKeys(!checkpoint.hasKeys()).setServerSession(session)
        .build();
  }

  /**
   * Whether {@code req} asks for this run with more steps (its spec's other fields, the run id and
   * the context the same), before training started in this session.
   */
  private boolean longerRun(OpenRequest req) throws IOException {
    OpenRequest a = run.toBuilder().setSpec(run.getSpec().toBuilder().setSteps(0)).build();
    OpenRequest b = req.toBuilder().setSpec(req.getSpec().toBuilder().setSteps(0)).build();
    return a.equals(b) && trainer == null && req.getSpec().getSteps() >= run.getSpec().getSteps();
  }

  @Override
  public StreamObserver<Chunk> putKeys(StreamObserver<PutKeysReply> out) {
    return new StreamObserver<>() {
      private final ByteArrayOutputStream context = new ByteArrayOutputStream();
      private final ByteArrayOutputStream keys = new ByteArrayOutputStream();
      private boolean failed;

      @Override
      public void onNext(Chunk c) {
        if (failed) {
          return;
        }
        try {
          synchronized (TrainingService.this) {
            if (run == null || !run.getRunId().equals(c.getRunId())) {
              throw ProtocolException.precondition("keys for run '" + Wire.abbreviate(c.getRunId())
                  + "', which was not opened on this server");
            }
          }
          ByteArrayOutputStream to = switch (c.getPart()) {
            case CONTEXT -> context;
            case EVALUATION_KEYS -> keys;
            default -> throw ProtocolException.invalid("a key chunk of part " + c.getPart());
          };
          long cap = c.getPart() == Chunk.Part.CONTEXT ? 1 << 20 : options.maxKeyBytes();
          if (to.size() + (long) c.getData().size() > cap) {
            throw ProtocolException.exhausted(c.getPart() + " larger than " + cap + " bytes");
          }
          c.getData().writeTo(to);
        } catch (ProtocolException e) {
          failed = true;
          refuse(out, "PutKeys", e);
        } catch (IOException e) {
          failed = true;
          out.onError(Status.INTERNAL.asRuntimeException());
        }
      }

      @Override
      public void onError(Throwable t) {
        LOG.warning("key upload broken off: " + t.getMessage());
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          byte[] cb = context.toByteArray();
          byte[] kb = keys.toByteArray();
          storeKeys(cb, kb);
          out.onNext(PutKeysReply.newBuilder().setContextBytes(cb.length).setKeyBytes(kb.length).build());
          out.onCompleted();
        } catch (ProtocolException e) {
          refuse(out, "PutKeys", e);
        } catch (IOException e) {
          LOG.severe("cannot write the keys to " + checkpoint.dir() + ": " + e.getMessage());
          out.onError(Status.UNAVAILABLE.withDescription("the server cannot write its folder").asRuntimeException());
        }
      }
    };
  }

  private synchronized void storeKeys(byte[] cb, byte[] kb) throws IOException {
    Context ctx;
    try {
      ctx = BgvSerializer.readContext(cb, options.contextLimits());
    } catch (InsecureContextException e) {
      throw ProtocolException.precondition("the owner's context is under 128-bit security; this server accepts"
          + " it only if started with --insecure (tests only)");
    } catch (SerializationException e) {
      throw ProtocolException.invalid("malformed context: " + Wire.abbreviate(String.valueOf(e.getMessage())));
    }
    if (!ctx.fingerprint().equals(run.getContextFingerprint())) {
      throw ProtocolException.precondition("a context of fingerprint " + ctx.fingerprint() + "; the run was opened"
          + " with " + run.getContextFingerprint());
    }
    try {
      BgvSerializer.readEvaluationKeys(kb, ctx);
    } catch (SerializationException e) {
      throw ProtocolException.invalid("malformed evaluation keys: " + Wire.abbreviate(String.valueOf(e.getMessage())));
    }
    if (checkpoint.hasKeys()) {
      LOG.info("keys sent again; the stored ones are kept");
      return;
    }
    checkpoint.saveKeys(cb, kb);
    LOG.info("stored the context (" + cb.length + " bytes) and the evaluation keys (" + kb.length + " bytes)");
  }

  @Override
  public StreamObserver<Frame> serve(StreamObserver<Frame> out) {
    try {
      startTrainer();
    } catch (ProtocolException e) {
      refuse(out, "Serve", e);
      return new Ignore();
    } catch (IOException e) {
      LOG.severe("cannot read " + checkpoint.dir() + ": " + e.getMessage());
      out.onError(Status.UNAVAILABLE.withDescription("the server cannot read its folder").asRuntimeException());
      return new Ignore();
    }
    link.attach(out);
    LOG.info("owner stream attached");
    return new StreamObserver<>() {
      @Override
      public void onNext(Frame f) {
        try {
          link.onFrame(out, f);
        } catch (ProtocolException e) {
          link.detach(out, e.getMessage());
          refuse(out, "Serve", e);
        }
      }

      @Override
      public void onError(Throwable t) {
        link.detach(out, "the owner's stream broke: " + Status.fromThrowable(t).getCode());
        LOG.warning("owner stream broke: " + Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        link.detach(out, "the owner closed its stream");
      }
    };
  }

  private synchronized void startTrainer() throws IOException {
    if (run == null || !checkpoint.hasKeys()) {
      throw ProtocolException.precondition("open the run and send the keys before serving");
    }
    if (trainer != null) {
      return;
    }
    Context ctx = checkpoint.context();
    EvaluationKeys keys = checkpoint.evaluationKeys(ctx);
    trainer = new ServerTrainer(link, checkpoint, plan, ctx, keys, options.checkpointEvery(), options.products());
    trainerThread = new Thread(trainer, "fhe4j-server-trainer");
    trainerThread.setDaemon(true);
    trainerThread.start();
  }

  private static void refuse(StreamObserver<?> out, String call, ProtocolException e) {
    LOG.warning(call + " refused: " + e.code() + ": " + e.getMessage());
    try {
      out.onError(e.status().asRuntimeException());
    } catch (StatusRuntimeException | IllegalStateException ignored) {
      // the call is already closed
    }
  }

  /** Swallows the frames of a refused stream (and of a stream in tests that read nothing back). */
  static final class Ignore implements StreamObserver<Frame> {
    @Override
    public void onNext(Frame f) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
