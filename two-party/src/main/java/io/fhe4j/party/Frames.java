package io.fhe4j.party;

import com.google.protobuf.ByteString;
import io.fhe4j.party.proto.Frame;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Splitting a message into {@link Frame}s of at most {@link #FRAME_BYTES} and putting them back
 * together within a size cap: the reassembly keeps at most {@code maxMessageBytes} of one message
 * (more is a RESOURCE_EXHAUSTED error before anything larger is held); frames of one message must
 * arrive in order and carry its id, and at most {@code maxOpen} messages may be incomplete at once
 * (one by default; two on the owner's replies, whose answers ahead of time interleave with the
 * other replies frame by frame). Not thread-safe (one per direction of a stream).
 */
public final class Frames {
  /** Bytes of one frame's payload (gRPC's inbound limit is set a little above). */
  public static final int FRAME_BYTES = 1 << 20;

  private final long maxMessageBytes;
  private final int maxOpen;
  private final Map<Long, Partial> open = new LinkedHashMap<>();

  /** A reassembler of messages up to {@code maxMessageBytes}, one at a time. */
  public Frames(long maxMessageBytes) {
    this(maxMessageBytes, 1);
  }

  /** A reassembler of messages up to {@code maxMessageBytes}, at most {@code maxOpen} at a time. */
  public Frames(long maxMessageBytes, int maxOpen) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen " + maxOpen + " must be at least 1");
    }
    this.maxMessageBytes = maxMessageBytes;
    this.maxOpen = maxOpen;
  }

  /**
   * Sends {@code message} with id {@code id} as frames on {@code out} (callers serialize sends on
   * one stream); returns the bytes sent (frames as serialized).
   */
  public static long send(StreamObserver<Frame> out, long id, byte[] message) {
    long sent = 0;
    for (Iterator<Frame> it = frames(id, message, FRAME_BYTES); it.hasNext(); ) {
      Frame f = it.next();
      out.onNext(f);
      sent += f.getSerializedSize();
    }
    return sent;
  }

  /** The frames of {@code message} with id {@code id}, {@code frameBytes} of payload each (the last fewer). */
  public static Iterator<Frame> frames(long id, byte[] message, int frameBytes) {
    if (frameBytes < 1 || frameBytes > FRAME_BYTES) {
      throw new IllegalArgumentException("frames of " + frameBytes + " bytes; 1 to " + FRAME_BYTES);
    }
    return new Iterator<>() {
      private int off;
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public Frame next() {
        if (done) {
          throw new NoSuchElementException();
        }
        int n = Math.min(frameBytes, message.length - off);
        Frame f = Frame.newBuilder().setMessageId(id).setData(ByteString.copyFrom(message, off, n))
            .setLast(off + n == message.length).build();
        off += n;
        done = off == message.length;
        return f;
      }
    };
  }

  /**
   * Adds a frame; returns the whole message's bytes when it was the last one, else null.
   *
   * @throws ProtocolException RESOURCE_EXHAUSTED if the message exceeds the cap, INVALID_ARGUMENT
   *     if a frame would open more incomplete messages than allowed
   */
  public byte[] add(Frame f) {
    if (f.getData().size() > FRAME_BYTES) {
      throw ProtocolException.exhausted("a frame of " + f.getData().size() + " bytes; at most " + FRAME_BYTES);
    }
    Partial p = open.get(f.getMessageId());
    if (p == null) {
      if (open.size() >= maxOpen) {
        throw ProtocolException.invalid("frame of message " + f.getMessageId() + " while message"
            + (open.size() == 1 ? " " : "s ") + open.keySet() + (open.size() == 1 ? " is" : " are")
            + " incomplete (at most " + maxOpen + " at a time)");
      }
      p = new Partial();
    }
    p.size += f.getData().size();
    if (p.size > maxMessageBytes) {
      open.remove(f.getMessageId());
      throw ProtocolException.exhausted("message " + f.getMessageId() + " exceeds " + maxMessageBytes + " bytes");
    }
    if (!f.getLast()) {
      p.parts.add(f.getData());
      open.put(f.getMessageId(), p);
      return null;
    }
    open.remove(f.getMessageId());
    p.parts.add(f.getData());
    return ByteString.copyFrom(p.parts).toByteArray();
  }

  /** The frames of one incomplete message. */
  private static final class Partial {
    final List<ByteString> parts = new ArrayList<>();
    long size;
  }
}
