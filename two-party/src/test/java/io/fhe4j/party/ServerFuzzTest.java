package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.party.proto.Chunk;
import io.fhe4j.party.proto.Frame;
import io.fhe4j.party.proto.OpenRequest;
import io.fhe4j.party.proto.PutKeysReply;
import io.fhe4j.party.proto.RunSpec;
import io.fhe4j.party.proto.TrainingServerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile messages of every type to the server, from the authenticated owner: each call ends with
 * its specific status, and the server then trains the real run to the end, bit for bit.
 */
class ServerFuzzTest {
  @TempDir
  Path tmp;

  private static Status.Code open(ManagedChannel ch, OpenRequest r) {
    try {
      TrainingServerGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS).open(r);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  /** Streams {@code send} on a client-streaming or bidi call and returns the status it ends with. */
  private static <Q, R> Status.Code stream(java.util.function.Function<StreamObserver<R>, StreamObserver<Q>> call,
      Consumer<StreamObserver<Q>> send) throws Exception {
    CompletableFuture<Status.Code> done = new CompletableFuture<>();
    StreamObserver<Q> up = call.apply(new StreamObserver<R>() {
      @Override
      public void onNext(R r) {}

      @Override
      public void onError(Throwable t) {
        done.complete(Status.fromThrowable(t).getCode());
      }

      @Override
      public void onCompleted() {
        done.complete(Status.Code.OK);
      }
    });
    try {
      send.accept(up);
    } catch (RuntimeException e) {
      // the call may already be closed by the server
    }
    return done.get(30, TimeUnit.SECONDS);
  }

  private static Status.Code keys(ManagedChannel ch, Chunk... chunks) throws Exception {
    return ServerFuzzTest.<Chunk, PutKeysReply>stream(
        o -> TrainingServerGrpc.newStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).putKeys(o), up -> {
          for (Chunk c : chunks) {
            up.onNext(c);
          }
          up.onCompleted();
        });
  }

  private static Status.Code serve(ManagedChannel ch, Frame... frames) throws Exception {
    return ServerFuzzTest.<Frame, Frame>stream(
        o -> TrainingServerGrpc.newStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).serve(o), up -> {
          for (Frame f : frames) {
            up.onNext(f);
          }
        });
  }

  private static Chunk chunk(String run, Chunk.Part p, byte[] data, boolean last) {
    return Chunk.newBuilder().setRunId(run).setPart(p).setData(ByteString.copyFrom(data)).setLast(last).build();
  }

  @Test
  void everyMalformedMessageGetsItsStatusAndTheServerKeepsServing() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs"));
    TrainingPlan plan = Fixtures.plan(2);
    Context ctx = Fixtures.context();
    OpenRequest good = OpenRequest.newBuilder().setProtocolVersion(TrainingService.PROTOCOL_VERSION)
        .setRunId("fuzz").setSpec(plan.toMsg())
        .setContextFingerprint(ctx.fingerprint()).build();
    try (PartyServer server = PartyServer.start(0, Tls.server(certs), Fixtures.serverOptions(tmp.resolve("s")))) {
      ManagedChannel ch = Fixtures.channel(server.port(), certs);
      try {
        // Open
        assertEquals(Status.Code.FAILED_PRECONDITION, open(ch, good.toBuilder()
            .setProtocolVersion(TrainingService.PROTOCOL_VERSION + 1).build()));
        // version 1 owners ignore the requested encodings: refused, not silently sent at the top level
        assertEquals(Status.Code.FAILED_PRECONDITION, open(ch, good.toBuilder().setProtocolVersion(1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, open(ch, good.toBuilder().setRunId("../etc").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, open(ch, good.toBuilder().setRunId("").build()));
        RunSpec spec = plan.toMsg();
        for (RunSpec bad : List.of(spec.toBuilder().setLayerSizes(1, 0).build(),
            spec.toBuilder().setLayerSizes(0, 1 << 20).build(), spec.toBuilder().clearLayerSizes().build(),
            spec.toBuilder().setLoss("HINGE").build(), spec.toBuilder().setActivation("poly99-mm8").build(),
            spec.toBuilder().setPacking("").build(), spec.toBuilder().setBatchSize(0).build(),
            spec.toBuilder().setSteps(-1).build(), spec.toBuilder().setLrShift(-3).build(),
            RunSpec.getDefaultInstance())) {
          assertEquals(Status.Code.INVALID_ARGUMENT, open(ch, good.toBuilder().setSpec(bad).build()), bad.toString());
        }
        // Serve before the run is open and keyed
        assertEquals(Status.Code.FAILED_PRECONDITION, serve(ch, Frame.getDefaultInstance()));
        // PutKeys before Open, then Open
        byte[] cb = BgvSerializer.toBytes(ctx);
        assertEquals(Status.Code.FAILED_PRECONDITION, keys(ch, chunk("fuzz", Chunk.Part.CONTEXT, cb, true)));
        assertEquals(Status.Code.OK, open(ch, good));
        assertEquals(Status.Code.FAILED_PRECONDITION, open(ch, good.toBuilder().setRunId("another").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, keys(ch, chunk("another", Chunk.Part.CONTEXT, cb, true)));
        assertEquals(Status.Code.INVALID_ARGUMENT, keys(ch, chunk("fuzz", Chunk.Part.PART_UNSPECIFIED, cb, true)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, keys(ch, chunk("fuzz", Chunk.Part.CONTEXT, new byte[1 << 20], false),
            chunk("fuzz", Chunk.Part.CONTEXT, new byte[16], true)));
        assertEquals(Status.Code.INVALID_ARGUMENT, keys(ch, chunk("fuzz", Chunk.Part.CONTEXT, new byte[100], true)));
        Context other = new ContextBuilder().m(4096).p(Primes.generate(41, 4096)).bits(240).c(2).allowInsecure()
            .build();
        assertEquals(Status.Code.FAILED_PRECONDITION, keys(ch,
            chunk("fuzz", Chunk.Part.CONTEXT, BgvSerializer.toBytes(other), true)));
        assertEquals(Status.Code.INVALID_ARGUMENT, keys(ch, chunk("fuzz", Chunk.Part.CONTEXT, cb, true),
            chunk("fuzz", Chunk.Part.EVALUATION_KEYS, new byte[5000], true)));
        // a frame over gRPC's message limit, a reply that is no protobuf, interleaved messages
        Frame big = Frame.newBuilder().setMessageId(1).setData(ByteString.copyFrom(new byte[Frames.FRAME_BYTES + 1]))
            .build();
        // (serve needs keys: upload the real ones first)
        byte[] kb = BgvSerializer.toBytes(Fixtures.owner().evaluationKeys());
        List<Chunk> upload = new java.util.ArrayList<>(List.of(chunk("fuzz", Chunk.Part.CONTEXT, cb, true)));
        for (int off = 0; off < kb.length; off += Frames.FRAME_BYTES) {
          int end = Math.min(kb.length, off + Frames.FRAME_BYTES);
          upload.add(chunk("fuzz", Chunk.Part.EVALUATION_KEYS, java.util.Arrays.copyOfRange(kb, off, end),
              end == kb.length));
        }
        assertEquals(Status.Code.OK, keys(ch, upload.toArray(new Chunk[0])));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, serve(ch, big));
        assertEquals(Status.Code.INVALID_ARGUMENT, serve(ch, Frame.newBuilder().setMessageId(1)
            .setData(ByteString.copyFromUtf8("\u00ff\u00ff\u00ff garbage")).setLast(true).build()));
        // a refresh output's piece no refresh round waits for (protocol 6)
        byte[] stray = io.fhe4j.party.proto.OwnerReply.newBuilder().setRequestId(1).setPiece(
            io.fhe4j.party.proto.Piece.newBuilder().setCiphertext(ByteString.copyFrom(new byte[64]))).build().toByteArray();
        assertEquals(Status.Code.INVALID_ARGUMENT, serve(ch, Frame.newBuilder().setMessageId(1)
            .setData(ByteString.copyFrom(stray)).setLast(true).build()));
        // (two replies may interleave, one of them asked ahead; a third is refused)
        assertEquals(Status.Code.INVALID_ARGUMENT, serve(ch, Frame.newBuilder().setMessageId(1).build(),
            Frame.newBuilder().setMessageId(2).build(), Frame.newBuilder().setMessageId(3).setLast(true).build()));
        // the run itself still trains to the end, bit for bit
        FixedPointData data = Fixtures.data(32, 9);
        OwnerClient.Result r = new OwnerClient(ch, Fixtures.owner(), plan, Fixtures.SEED, data,
            Fixtures.ownerOptions("fuzz")).run();
        assertEquals(PlainReplay.parameters(PlainReplay.train(plan, Fixtures.SEED, data, 2)), r.model());
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** An owner that refuses every request: the server ends the stream (ABORTED) instead of retrying on it. */
  @Test
  void anOwnerThatRefusesEndsTheStreamInsteadOfALoop() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs2"));
    TrainingPlan plan = Fixtures.plan(2);
    Context ctx = Fixtures.context();
    OpenRequest good = OpenRequest.newBuilder().setProtocolVersion(TrainingService.PROTOCOL_VERSION)
        .setRunId("refuse").setSpec(plan.toMsg())
        .setContextFingerprint(ctx.fingerprint()).build();
    try (PartyServer server = PartyServer.start(0, Tls.server(certs), Fixtures.serverOptions(tmp.resolve("s2")))) {
      ManagedChannel ch = Fixtures.channel(server.port(), certs);
      try {
        assertEquals(Status.Code.OK, open(ch, good));
        byte[] kb = BgvSerializer.toBytes(Fixtures.owner().evaluationKeys());
        List<Chunk> upload = new java.util.ArrayList<>(List.of(chunk("refuse", Chunk.Part.CONTEXT,
            BgvSerializer.toBytes(ctx), true)));
        for (int off = 0; off < kb.length; off += Frames.FRAME_BYTES) {
          int end = Math.min(kb.length, off + Frames.FRAME_BYTES);
          upload.add(chunk("refuse", Chunk.Part.EVALUATION_KEYS, java.util.Arrays.copyOfRange(kb, off, end),
              end == kb.length));
        }
        assertEquals(Status.Code.OK, keys(ch, upload.toArray(new Chunk[0])));
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        Status.Code end = ServerFuzzTest.<Frame, Frame>stream(
            o -> {
              StreamObserver<Frame>[] up = new StreamObserver[1];
              Frames in = new Frames(64L << 20);
              up[0] = TrainingServerGrpc.newStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS)
                  .serve(new StreamObserver<Frame>() {
                    @Override
                    public void onNext(Frame f) {
                      byte[] m = in.add(f);
                      if (m == null) {
                        return;
                      }
                      try {
                        io.fhe4j.party.proto.ServerRequest r = io.fhe4j.party.proto.ServerRequest.parseFrom(m);
                        if (r.getBodyCase() == io.fhe4j.party.proto.ServerRequest.BodyCase.RELEASE) {
                          return;
                        }
                        requests.incrementAndGet();
                        io.fhe4j.party.proto.OwnerReply e = io.fhe4j.party.proto.OwnerReply.newBuilder()
                            .setRequestId(r.getRequestId()).setError(io.fhe4j.party.proto.Error.newBuilder()
                                .setCode(io.fhe4j.party.proto.Error.Code.INVALID_ARGUMENT).setMessage("no"))
                            .build();
                        synchronized (up) {
                          Frames.send(up[0], r.getRequestId(), e.toByteArray());
                        }
                      } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                        throw new IllegalStateException(x);
                      }
                    }

                    @Override
                    public void onError(Throwable t) {
                      o.onError(t);
                    }

                    @Override
                    public void onCompleted() {
                      o.onCompleted();
                    }
                  });
              return up[0];
            }, up -> { });
        assertEquals(Status.Code.ABORTED, end);
        assertEquals(1, requests.get(), "requests answered with an error before the stream ended");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
