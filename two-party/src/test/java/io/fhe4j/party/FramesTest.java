package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.party.proto.Frame;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Messages split into frames and put back together, within the cap. */
class FramesTest {
  private static List<Frame> split(long id, byte[] m) {
    List<Frame> out = new ArrayList<>();
    Frames.send(new StreamObserver<>() {
      @Override
      public void onNext(Frame f) {
        out.add(f);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    }, id, m);
    return out;
  }

  @Test
  void messagesOfAnySizeComeBackWhole() {
    Random r = new Random(1);
    Frames in = new Frames(8L << 20);
    for (int size : new int[] {0, 1, Frames.FRAME_BYTES - 1, Frames.FRAME_BYTES, Frames.FRAME_BYTES + 1,
        3 * Frames.FRAME_BYTES + 17}) {
      byte[] m = new byte[size];
      r.nextBytes(m);
      List<Frame> fs = split(7, m);
      assertEquals(Math.max(1, (size + Frames.FRAME_BYTES - 1) / Frames.FRAME_BYTES), fs.size());
      for (int i = 0; i < fs.size() - 1; i++) {
        assertNull(in.add(fs.get(i)));
      }
      assertArrayEquals(m, in.add(fs.get(fs.size() - 1)));
    }
  }

  @Test
  void aMessageOverTheCapIsRefusedBeforeItIsHeldAndInterleavingIsRefused() {
    Frames in = new Frames(2L * Frames.FRAME_BYTES);
    List<Frame> fs = split(1, new byte[3 * Frames.FRAME_BYTES]);
    in.add(fs.get(0));
    in.add(fs.get(1));
    ProtocolException e = assertThrows(ProtocolException.class, () -> in.add(fs.get(2)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    Frames other = new Frames(1L << 20);
    other.add(Frame.newBuilder().setMessageId(1).build());
    assertEquals(Status.Code.INVALID_ARGUMENT,
        assertThrows(ProtocolException.class, () -> other.add(Frame.newBuilder().setMessageId(2).build())).code());
  }

  @Test
  void twoMessagesMayInterleaveFrameByFrameAndAThirdIsRefused() {
    Random r = new Random(2);
    byte[] ahead = new byte[3 * OwnerClient.AHEAD_FRAME_BYTES + 5];
    byte[] due = new byte[2 * Frames.FRAME_BYTES + 3];
    r.nextBytes(ahead);
    r.nextBytes(due);
    List<Frame> a = new ArrayList<>();
    Frames.frames(9, ahead, OwnerClient.AHEAD_FRAME_BYTES).forEachRemaining(a::add);
    assertEquals(4, a.size());
    List<Frame> d = split(10, due);
    Frames in = new Frames(8L << 20, 2);
    assertNull(in.add(a.get(0)));
    assertNull(in.add(d.get(0)));
    assertNull(in.add(a.get(1)));
    assertNull(in.add(d.get(1)));
    assertArrayEquals(due, in.add(d.get(2)));
    assertNull(in.add(a.get(2)));
    assertArrayEquals(ahead, in.add(a.get(3)));
    assertNull(in.add(a.get(0)));
    assertNull(in.add(d.get(0)));
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> in.add(Frame.newBuilder().setMessageId(11).setLast(true).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("[9, 10]"), e.getMessage());
  }
}
