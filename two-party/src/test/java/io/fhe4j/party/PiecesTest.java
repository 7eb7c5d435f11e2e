package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.proto.Frame;
import io.fhe4j.party.proto.LayoutMsg;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.Piece;
import io.fhe4j.party.proto.RefreshItem;
import io.fhe4j.party.proto.RefreshRequest;
import io.fhe4j.party.proto.ServerRequest;
import io.fhe4j.party.proto.Value;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A refresh round's ciphertexts sent one by one ahead of the reply: the owner sends each exactly
 * once and a retry sends the same again; the server assembles them in any order into values that
 * decrypt to the rounded input, and refuses every piece or reply that does not fit what it asked.
 */
class PiecesTest {
  private final DataOwner owner = Fixtures.owner();
  private final Context ctx = Fixtures.context();
  private final int n = ctx.n();
  private final Layout dense = Layout.dense(2, 3, n);
  /** One ciphertext per entry: six. */
  private final Layout entries = Wire.layout(LayoutMsg.newBuilder().setKind("ENTRY").setRows(2).setCols(3).setParam(1)
      .setSlots(n).setBlocks(1).build(), ctx);
  private final LongMatrix value = LongMatrix.of(new long[][] {{40, -8, 12}, {0, 100, -64}});

  private List<Ciphertext> encrypted(Layout l) {
    long h = owner.submit(value);
    try {
      return owner.encrypt(h, List.of(l)).get(0);
    } finally {
      owner.release(h);
    }
  }

  /** The server's view of a round: refresh {@code value} (dense) by 2 bits into the dense and entry layouts. */
  private List<KeyHolder.RefreshRequest> asked(List<Ciphertext> in) {
    return List.of(new KeyHolder.RefreshRequest(in, dense, 2, List.of(dense, entries), KeyHolder.Encoding.TOP, 0));
  }

  private ServerRequest request(List<Ciphertext> in, long id) {
    return ServerRequest.newBuilder().setRequestId(id).setStep(0).setRefresh(RefreshRequest.newBuilder()
        .addItems(RefreshItem.newBuilder().setInput(Wire.toValue(dense, in)).setBits(2)
            .addAllLayouts(Wire.toMsgs(List.of(dense, entries))))).build();
  }

  @Test
  void everyCiphertextComesOnceAheadOfAReplyWithoutCiphertextsAndARetrySendsTheSame() {
    OwnerResponder responder = new OwnerResponder(owner, Fixtures.plan(3), Fixtures.SEED, Fixtures.data(32, 3),
        OwnerClient.Listener.NONE);
    List<Ciphertext> in = encrypted(dense);
    ServerRequest r = request(in, 1);
    List<OwnerReply> pieces = Collections.synchronizedList(new ArrayList<>());
    OwnerReply reply = responder.answer(r, r.toByteArray(), pieces::add);
    assertEquals(OwnerReply.BodyCase.REFRESH, reply.getBodyCase());
    assertEquals(1 + 6, pieces.size());
    Set<List<Integer>> slots = new HashSet<>();
    for (OwnerReply p : pieces) {
      assertEquals(1, p.getRequestId());
      assertTrue(slots.add(List.of(p.getPiece().getItem(), p.getPiece().getView(), p.getPiece().getIndex())));
    }
    for (Value v : reply.getRefresh().getItems(0).getViewsList()) {
      assertEquals(0, v.getCiphertextsCount());
    }
    // the server, pieces in reverse order: the values decrypt to the input rounded by 2 bits
    Pieces got = new Pieces(asked(in), ctx);
    List<OwnerReply> reversed = new ArrayList<>(pieces);
    Collections.reverse(reversed);
    reversed.forEach(p -> got.accept(p.getPiece()));
    List<List<Ciphertext>> views = got.views(0, reply.getRefresh().getItems(0).getViewsList());
    LongMatrix rounded = LongMatrix.of(new long[][] {{10, -2, 3}, {0, 25, -16}});
    assertEquals(rounded, owner.decrypt(views.get(0), dense));
    assertEquals(rounded, owner.decrypt(views.get(1), entries));
    assertEquals(7, got.count());
    // a retry: the same pieces and reply, no second refresh
    long rounds = responder.stats.refreshRounds.get();
    List<OwnerReply> again = new ArrayList<>();
    assertSame(reply, responder.answer(r, r.toByteArray(), again::add));
    assertEquals(Set.copyOf(pieces), Set.copyOf(again));
    assertEquals(rounds, responder.stats.refreshRounds.get());
  }

  private static Piece piece(int item, int view, int index, ByteString ct) {
    return Piece.newBuilder().setItem(item).setView(view).setIndex(index).setCiphertext(ct).build();
  }

  private static Status.Code code(Runnable r) {
    return assertThrows(ProtocolException.class, r::run).code();
  }

  @Test
  void piecesThatDoNotFitTheRoundAreRefused() {
    List<Ciphertext> in = encrypted(dense);
    ByteString ct = Wire.toValue(dense, encrypted(dense)).getCiphertexts(0);
    Pieces p = new Pieces(asked(in), ctx);
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(1, 0, 0, ct))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(0, 2, 0, ct))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(0, 1, 6, ct))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(0, 0, 1, ct))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(-1, 0, 0, ct))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(0, 0, 0, ct.substring(0, 100)))));
    p.accept(piece(0, 0, 0, ct));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.accept(piece(0, 0, 0, ct))), "a second piece");
    Value denseEmpty = Value.newBuilder().setLayout(Wire.toMsg(dense)).build();
    Value entriesEmpty = Value.newBuilder().setLayout(Wire.toMsg(entries)).build();
    // ciphertexts of the entry layout missing
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.views(0, List.of(denseEmpty, entriesEmpty))));
    // a layout other than the one asked, too few views, or ciphertexts both in pieces and in the reply
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.views(0, List.of(entriesEmpty, entriesEmpty))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.views(0, List.of(denseEmpty))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> p.views(0, List.of(Wire.toValue(dense, encrypted(dense)),
        entriesEmpty))));
  }

  @Test
  void aPieceForARequestThatExpectsNoneEndsTheStream() {
    OwnerLink link = new OwnerLink(60_000_000_000L, 1L << 24);
    StreamObserver<Frame> out = new TrainingService.Ignore();
    link.attach(out);
    byte[] stray = OwnerReply.newBuilder().setRequestId(5).setPiece(piece(0, 0, 0, ByteString.EMPTY)).build()
        .toByteArray();
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> link.onFrame(out,
        Frame.newBuilder().setMessageId(5).setData(ByteString.copyFrom(stray)).setLast(true).build())));
  }
}
