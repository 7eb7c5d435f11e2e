package io.fhe4j.party;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fhe4j.party.proto.Frame;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.Piece;
import io.fhe4j.party.proto.ServerRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The server's end of the owner's serve stream: sends a {@link ServerRequest} and waits for the
 * {@link OwnerReply} with the same id within a deadline ({@link #call}), or leaves a request ahead
 * of time whose reply it collects later ({@link #callAhead}: the owner answers it in the background,
 * its frames interleaved with the other replies'). When the stream ends or a new owner stream
 * replaces it, every waiting reply fails with {@link OwnerGoneException}. The {@link Piece}s that
 * precede a reply go to the {@link Consumer} its call registered (on the thread that reads the
 * stream, in order, before the reply completes); a piece no call expects breaks the protocol.
 * Counts the bytes of the frames each way. Thread-safe.
 */
final class OwnerLink {
  private static final Logger LOG = Logger.getLogger(OwnerLink.class.getName());

  private final long deadlineNanos;
  private final long maxReplyBytes;
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong sentBytes = new AtomicLong();
  private final AtomicLong receivedBytes = new AtomicLong();
  private StreamObserver<Frame> out;
  private Frames inbound;
  /** Replies awaited, by request id. */
  private final java.util.Map<Long, Awaited> pending = new java.util.HashMap<>();

  /** A reply awaited, and where the pieces that precede it go (null: it has none). */
  private record Awaited(CompletableFuture<OwnerReply> reply, Consumer<Piece> pieces) {}

  OwnerLink(long deadlineNanos, long maxReplyBytes) {
    this.deadlineNanos = deadlineNanos;
    this.maxReplyBytes = maxReplyBytes;
  }

  /** Binds a new owner stream, failing a call waiting on the previous one. */
  synchronized void attach(StreamObserver<Frame> stream) {
    if (out != null) {
      closeQuietly(out, Status.ABORTED.withDescription("replaced by a newer owner stream"));
    }
    failPending("the owner opened a new stream");
    out = stream;
    inbound = new Frames(maxReplyBytes, 2);
    notifyAll();
  }

  /** The stream ended (the owner left, or the link broke). */
  synchronized void detach(StreamObserver<Frame> stream, String why) {
    if (out == stream) {
      out = null;
      failPending(why);
    }
  }

  /** Waits up to {@code nanos} for an owner stream; whether one is attached. */
  synchronized boolean awaitOwner(long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    while (out == null) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * A frame from the owner on {@code stream}.
   *
   * @throws ProtocolException if it breaks the protocol (the caller ends the stream with its status)
   */
  void onFrame(StreamObserver<Frame> stream, Frame f) {
    byte[] msg;
    synchronized (this) {
      if (stream != out) {
        return;
      }
      receivedBytes.addAndGet(f.getSerializedSize());
      msg = inbound.add(f);
    }
    if (msg == null) {
      return;
    }
    OwnerReply r;
    try {
      r = OwnerReply.parseFrom(msg);
    } catch (InvalidProtocolBufferException e) {
      throw ProtocolException.invalid("malformed owner reply (" + msg.length + " bytes): " + e.getMessage());
    }
    if (r.getBodyCase() == OwnerReply.BodyCase.PIECE) {
      Consumer<Piece> sink;
      synchronized (this) {
        Awaited a = pending.get(r.getRequestId());
        sink = a == null ? null : a.pieces();
      }
      if (sink == null) {
        throw ProtocolException.invalid("a piece for request " + r.getRequestId() + ", which expects none");
      }
      sink.accept(r.getPiece());
      return;
    }
    Awaited waiting;
    synchronized (this) {
      waiting = pending.remove(r.getRequestId());
      if (waiting == null) {
        LOG.warning("dropped an owner reply to request " + r.getRequestId() + " (waiting for " + pending.keySet()
            + ")");
        return;
      }
    }
    waiting.reply().complete(r);
  }

  /**
   * Sends {@code request} (its id set here) and returns the owner's reply.
   *
   * @throws OwnerGoneException if no owner is attached, the stream ends or the deadline passes
   */
  OwnerReply call(ServerRequest.Builder request) {
    return await(callAhead(request));
  }

  /**
   * {@link #call}, the pieces that precede the reply handed to {@code sink} (on the thread that
   * reads the stream; a {@link ProtocolException} it throws ends the stream).
   */
  OwnerReply call(ServerRequest.Builder request, Consumer<Piece> sink) {
    return await(callAhead(request, sink));
  }

  /**
   * Sends {@code request} (its id set here) and returns its reply to come, for {@link #await}.
   *
   * @throws OwnerGoneException if no owner is attached or the request cannot be sent
   */
  CompletableFuture<OwnerReply> callAhead(ServerRequest.Builder request) {
    return callAhead(request, null);
  }

  private CompletableFuture<OwnerReply> callAhead(ServerRequest.Builder request, Consumer<Piece> sink) {
    CompletableFuture<OwnerReply> f = new CompletableFuture<>();
    synchronized (this) {
      if (out == null) {
        throw new OwnerGoneException("no owner is connected");
      }
      long id = nextId.getAndIncrement();
      request.setRequestId(id);
      pending.put(id, new Awaited(f, sink));
      try {
        sentBytes.addAndGet(Frames.send(out, id, request.build().toByteArray()));
      } catch (RuntimeException e) {
        pending.remove(id);
        throw new OwnerGoneException("cannot send to the owner: " + e.getMessage(), e);
      }
    }
    return f;
  }

  /**
   * The reply {@code f} of {@link #callAhead}, within the deadline.
   *
   * @throws OwnerGoneException if the stream ends or the deadline passes
   */
  OwnerReply await(CompletableFuture<OwnerReply> f) {
    try {
      return f.get(deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      synchronized (this) {
        pending.values().removeIf(a -> a.reply() == f);
      }
      throw new OwnerGoneException("the owner did not answer within " + deadlineNanos / 1_000_000_000 + " s");
    } catch (ExecutionException e) {
      throw new OwnerGoneException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OwnerGoneException("interrupted while waiting for the owner", e);
    }
  }

  /** Sends a request that gets no reply (releases). Dropped when no owner is attached. */
  synchronized void post(ServerRequest.Builder request) {
    if (out == null) {
      return;
    }
    long id = nextId.getAndIncrement();
    request.setRequestId(id);
    try {
      sentBytes.addAndGet(Frames.send(out, id, request.build().toByteArray()));
    } catch (RuntimeException e) {
      LOG.fine("release not sent: " + e.getMessage());
    }
  }

  /**
   * Ends the current stream with ABORTED (the owner refused a request or answered out of protocol):
   * the owner reconnects, and counts it against its limit of failures in a row, so that a step
   * that keeps failing ends the run instead of looping.
   */
  synchronized void drop(String why) {
    if (out != null) {
      closeQuietly(out, Status.ABORTED.withDescription(why));
      out = null;
    }
    failPending(why);
  }

  /** Ends the current stream normally (the run is over). */
  synchronized void complete() {
    if (out != null) {
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        LOG.fine("stream already closed: " + e.getMessage());
      }
      out = null;
    }
  }

  long sentBytes() {
    return sentBytes.get();
  }

  long receivedBytes() {
    return receivedBytes.get();
  }

  private void failPending(String why) {
    for (Awaited a : pending.values()) {
      a.reply().completeExceptionally(new OwnerGoneException(why));
    }
    pending.clear();
  }

  private static void closeQuietly(StreamObserver<Frame> s, Status status) {
    try {
      s.onError(status.asRuntimeException());
    } catch (RuntimeException e) {
      LOG.fine("stream already closed: " + e.getMessage());
    }
  }
}
