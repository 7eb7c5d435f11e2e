package io.fhe4j.party;

import com.google.protobuf.ByteString;
import io.fhe4j.party.proto.Frame;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Splitting a message into {@link Frame}s of at most {@link #FRAME_BYTES} and putting them back
 * together within a size cap: the reassembly keeps at most {@code maxMessageBytes} of one message
 * (more is a RESOURCE_EXHAUSTED error before anything larger is held), and frames of one message
 * must arrive in order and carry its id. Not thread-safe (one per direction of a stream).
 */
public final class Frames {
  /** Bytes of one frame's payload (gRPC's inbound limit is set a little above). */
  public static final int FRAME_BYTES = 1 << 20;

  private final long maxMessageBytes;
  private final List<ByteString> parts = new ArrayList<>();
  private long size;
  private long id = -1;

  /** A reassembler of messages up to {@code maxMessageBytes}. */
  public Frames(long maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Sends {@code message} with id {@code id} as frames on {@code out} (callers serialize sends on
   * one stream); returns the bytes sent (frames as serialized).
   */
  public static long send(StreamObserver<Frame> out, long id, byte[] message) {
    long sent = 0;
    int off = 0;
    do {
      int n = Math.min(FRAME_BYTES, message.length - off);
      Frame f = Frame.newBuilder().setMessageId(id).setData(ByteString.copyFrom(message, off, n))
          .setLast(off + n == message.length).build();
      out.onNext(f);
      sent += f.getSerializedSize();
      off += n;
    } while (off < message.length);
    return sent;
  }

  /**
   * Adds a frame; returns the whole message's bytes when it was the last one, else null.
   *
   * @throws ProtocolException RESOURCE_EXHAUSTED if the message exceeds the cap, INVALID_ARGUMENT
   *     if a frame of another message arrives before the last one of the current message
   */
  public byte[] add(Frame f) {
    if (id != -1 && f.getMessageId() != id) {
      throw ProtocolException.invalid("frame of message " + f.getMessageId() + " while message " + id
          + " is incomplete");
    }
    if (f.getData().size() > FRAME_BYTES) {
      throw ProtocolException.exhausted("a frame of " + f.getData().size() + " bytes; at most " + FRAME_BYTES);
    }
    size += f.getData().size();
    if (size > maxMessageBytes) {
      parts.clear();
      throw ProtocolException.exhausted("message " + f.getMessageId() + " exceeds " + maxMessageBytes
          + " bytes");
    }
    id = f.getMessageId();
    parts.add(f.getData());
    if (!f.getLast()) {
      return null;
    }
    byte[] out = ByteString.copyFrom(parts).toByteArray();
    parts.clear();
    size = 0;
    id = -1;
    return out;
  }
}
