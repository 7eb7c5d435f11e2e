package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.LongMatrix;
import io.fhe4j.party.proto.DataRequest;
import io.fhe4j.party.proto.EncodingMsg;
import io.fhe4j.party.proto.Error;
import io.fhe4j.party.proto.FinalModel;
import io.fhe4j.party.proto.LayoutMsg;
import io.fhe4j.party.proto.OwnerReply;
import io.fhe4j.party.proto.RefreshItem;
import io.fhe4j.party.proto.RefreshRequest;
import io.fhe4j.party.proto.Release;
import io.fhe4j.party.proto.ServerRequest;
import io.fhe4j.party.proto.Value;
import io.fhe4j.party.proto.ViewRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner's answers to hostile requests of every type: each gets a specific error (or ends the
 * run where answering could leak), never another exception, and a retried request is answered
 * from the cache without a second refresh.
 */
class OwnerResponderFuzzTest {
  private final DataOwner owner = Fixtures.owner();
  private final Context ctx = Fixtures.context();
  private final int n = ctx.n();
  private OwnerResponder responder;
  private long id;

  @BeforeEach
  void setUp() {
    responder = new OwnerResponder(owner, Fixtures.plan(3), Fixtures.SEED, Fixtures.data(32, 3), OwnerClient.Listener.NONE);
  }

  private OwnerReply answer(ServerRequest.Builder b) {
    ServerRequest r = b.setRequestId(++id).build();
    return responder.answer(r, r.toByteArray());
  }

  private Error.Code error(ServerRequest.Builder b) {
    OwnerReply r = answer(b);
    assertNotNull(r);
    assertEquals(OwnerReply.BodyCase.ERROR, r.getBodyCase(), () -> "expected an error for " + b.build());
    assertTrue(!r.getError().getMessage().isEmpty());
    return r.getError().getCode();
  }

  private Value encrypted(Layout l) {
    long h = owner.submit(LongMatrix.of(new long[l.rows()][l.cols()]));
    try {
      return Wire.toValue(l, owner.encrypt(h, List.of(l)).get(0));
    } finally {
      owner.release(h);
    }
  }

  private static ServerRequest.Builder data(DataRequest.Part p, long step, int layer, LayoutMsg... ls) {
    return ServerRequest.newBuilder().setStep(step)
        .setData(DataRequest.newBuilder().setPart(p).setStep(step).setLayer(layer).addAllLayouts(List.of(ls)));
  }

  private LayoutMsg dense(int rows, int cols) {
    return Wire.toMsg(Layout.dense(rows, cols, n));
  }

  private ServerRequest.Builder refresh(Value v, int bits, LayoutMsg... out) {
    return ServerRequest.newBuilder().setStep(0).setRefresh(RefreshRequest.newBuilder()
        .addItems(RefreshItem.newBuilder().setInput(v).setBits(bits).addAllLayouts(List.of(out))));
  }

  @Test
  void dataRequestsOutsideTheRunAreRefused() {
    assertEquals(OwnerReply.BodyCase.VIEWS, answer(data(DataRequest.Part.INPUTS, 0, 0, dense(8, 16))).getBodyCase());
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.INPUTS, 3, 0, dense(8, 16))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.INPUTS, -1, 0, dense(8, 16))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.INPUTS, 0, 0, dense(8, 15))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.WEIGHTS, 0, 2, dense(8, 16))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.PART_UNSPECIFIED, 0, 0, dense(8, 16))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.LABELS, 0, 0,
        dense(8, 4).toBuilder().setKind("DIAGONAL").build())));
    assertEquals(Error.Code.FAILED_PRECONDITION, error(data(DataRequest.Part.LABELS, 0, 0,
        dense(8, 4).toBuilder().setSlots(2 * n).build())));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.LABELS, 0, 0,
        dense(8, 4).toBuilder().setRows(-8).build())));
    LayoutMsg[] many = new LayoutMsg[Wire.MAX_LAYOUTS + 1];
    java.util.Arrays.fill(many, dense(8, 4));
    assertEquals(Error.Code.RESOURCE_EXHAUSTED, error(data(DataRequest.Part.LABELS, 0, 0, many)));
    // a layout whose units fit but that would take more ciphertexts than a request may produce
    LayoutMsg huge = LayoutMsg.newBuilder().setKind("ENTRY").setRows(1 << 14).setCols(1).setParam(1).setSlots(n)
        .setBlocks(1).build();
    assertEquals(Error.Code.RESOURCE_EXHAUSTED, error(data(DataRequest.Part.LABELS, 0, 0, huge)));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0)));
  }

  @Test
  void onlyAStepsBatchIsAnsweredAheadAndItsReplyEqualsTheRequestAnsweredNow() throws Exception {
    ServerRequest ahead = data(DataRequest.Part.INPUTS, 1, 0, dense(8, 16)).setAhead(true).setRequestId(++id).build();
    OwnerReply early = responder.answerAhead(ahead).get();
    assertEquals(OwnerReply.BodyCase.VIEWS, early.getBodyCase());
    assertEquals(id, early.getRequestId());
    OwnerReply now = answer(data(DataRequest.Part.INPUTS, 1, 0, dense(8, 16)));
    assertEquals(owner.decrypt(Wire.value(now.getViews().getViews(0), ctx).ciphertexts(), Layout.dense(8, 16, n)),
        owner.decrypt(Wire.value(early.getViews().getViews(0), ctx).ciphertexts(), Layout.dense(8, 16, n)));
    for (ServerRequest.Builder b : List.of(data(DataRequest.Part.WEIGHTS, 1, 0, dense(8, 16)),
        data(DataRequest.Part.INPUTS, 3, 0, dense(8, 16)), data(DataRequest.Part.INPUTS, 1, 0, dense(8, 15)),
        ServerRequest.newBuilder().setStep(1).setRelease(Release.newBuilder().addHandles(1)))) {
      OwnerReply r = responder.answerAhead(b.setAhead(true).setRequestId(++id).build()).get();
      assertEquals(OwnerReply.BodyCase.ERROR, r.getBodyCase(), () -> "expected an error for " + b.build());
      assertEquals(Error.Code.INVALID_ARGUMENT, r.getError().getCode());
    }
    OwnerReply replay = responder.answerAhead(ahead).get();
    assertEquals(Error.Code.FAILED_PRECONDITION, replay.getError().getCode());
  }

  @Test
  void refreshesOfForeignMalformedOrMisshapedCiphertextsAreRefused() {
    Value ok = encrypted(Layout.dense(8, 4, n));
    OwnerReply r = answer(refresh(ok, 3, dense(8, 4)));
    assertEquals(OwnerReply.BodyCase.REFRESH, r.getBodyCase());
    long handle = r.getRefresh().getItems(0).getHandle();
    assertTrue(handle > 0);
    // further views of it; of an unknown handle
    assertEquals(OwnerReply.BodyCase.VIEWS, answer(ServerRequest.newBuilder().setStep(0)
        .setView(ViewRequest.newBuilder().setHandle(handle).addLayouts(dense(8, 4)))).getBodyCase());
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0)
        .setView(ViewRequest.newBuilder().setHandle(handle + 1000).addLayouts(dense(8, 4)))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(refresh(ok, 63, dense(8, 4))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(refresh(ok, -1, dense(8, 4))));
    // one ciphertext too many or too few for the layout
    assertEquals(Error.Code.INVALID_ARGUMENT, error(refresh(ok.toBuilder().addCiphertexts(ok.getCiphertexts(0))
        .build(), 3)));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(refresh(ok.toBuilder().clearCiphertexts().build(), 3)));
    // garbage, truncated, and another context's ciphertext
    assertEquals(Error.Code.INVALID_ARGUMENT, error(refresh(ok.toBuilder()
        .setCiphertexts(0, ByteString.copyFromUtf8("not a ciphertext")).build(), 3)));
    ByteString c0 = ok.getCiphertexts(0);
    assertEquals(Error.Code.INVALID_ARGUMENT, error(refresh(ok.toBuilder()
        .setCiphertexts(0, c0.substring(0, c0.size() / 2)).build(), 3)));
    Context other = new ContextBuilder().m(4096).p(Primes.generate(41, 4096)).bits(240).c(2).allowInsecure().build();
    DataOwner stranger = DataOwner.deterministicForTests(other, 3);
    long h = stranger.submit(LongMatrix.of(new long[8][4]));
    Value foreign = Wire.toValue(Layout.dense(8, 4, n), stranger.encrypt(h, List.of(Layout.dense(8, 4, n))).get(0));
    assertEquals(Error.Code.FAILED_PRECONDITION, error(refresh(foreign, 3)));
    // empty rounds and rounds of too many values
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0)
        .setRefresh(RefreshRequest.getDefaultInstance())));
    RefreshRequest.Builder big = RefreshRequest.newBuilder();
    for (int i = 0; i < 65; i++) {
      big.addItems(RefreshItem.newBuilder().setInput(ok).setBits(1));
    }
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0).setRefresh(big)));
    // releases get no answer, whatever they name
    assertEquals(null, answer(ServerRequest.newBuilder().setStep(0)
        .setRelease(Release.newBuilder().addHandles(handle).addHandles(-5).addHandles(Long.MAX_VALUE))));
  }

  /**
   * A level outside [1, L] or a factor not invertible mod t, in an upload, a view or a refresh, is
   * refused with INVALID_ARGUMENT before anything is encrypted or decrypted (the owner's counters
   * do not move); a valid encoding is honored (ciphertexts at the level asked for).
   */
  @Test
  void encodingsOutsideTheContextAreRefusedBeforeAnyDecryption() {
    int top = ctx.maxLevel();
    long t = ctx.plaintextModulus();
    Value ok = encrypted(Layout.dense(8, 4, n));
    OwnerReply r = answer(refresh(ok, 3, dense(8, 4)));
    long handle = r.getRefresh().getItems(0).getHandle();
    List<EncodingMsg> bad = List.of(enc(-1, 0), enc(top + 1, 0), enc(Integer.MAX_VALUE, 0), enc(Integer.MIN_VALUE, 0),
        enc(1, t), enc(1, 2 * t), enc(top, t + 1), enc(1, -1L), enc(1, Long.MIN_VALUE));
    for (EncodingMsg e : bad) {
      io.fhe4j.nn.encrypted.ExchangeStats.Snapshot before = owner.stats().snapshot();
      assertEquals(Error.Code.INVALID_ARGUMENT, error(data(DataRequest.Part.WEIGHTS, 0, 0, dense(8, 16))
          .setData(DataRequest.newBuilder().setPart(DataRequest.Part.WEIGHTS).addLayouts(dense(8, 16)).setEncoding(e))),
          "upload " + e);
      assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0)
          .setView(ViewRequest.newBuilder().setHandle(handle).addLayouts(dense(8, 4)).setEncoding(e))), "view " + e);
      assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0)
          .setRefresh(RefreshRequest.newBuilder().addItems(RefreshItem.newBuilder().setInput(ok).setBits(3)
              .addLayouts(dense(8, 4)).setEncoding(e)))), "refresh " + e);
      // a refresh whose input does not even decrypt gets the same answer: the check comes first
      assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(0)
          .setRefresh(RefreshRequest.newBuilder().addItems(RefreshItem.newBuilder().setInput(spent(ok)).setBits(3)
              .addLayouts(dense(8, 4)).setEncoding(e)))), "refresh of a spent value " + e);
      io.fhe4j.nn.encrypted.ExchangeStats.Snapshot after = owner.stats().snapshot();
      assertEquals(before.uploads(), after.uploads(), "encrypted for " + e);
      assertEquals(before.refreshes(), after.refreshes(), "decrypted for " + e);
      assertEquals(before.viewRequests(), after.viewRequests(), "encrypted a view for " + e);
    }
    // the ranges' ends are accepted and honored
    for (EncodingMsg e : List.of(enc(1, 0), enc(top, 1), enc(0, t - 1), enc(1, 3))) {
      int level = e.getLevel() == 0 ? top : e.getLevel();
      OwnerReply up = answer(ServerRequest.newBuilder().setStep(0).setData(DataRequest.newBuilder()
          .setPart(DataRequest.Part.WEIGHTS).addLayouts(dense(8, 16)).setEncoding(e)));
      assertEquals(OwnerReply.BodyCase.VIEWS, up.getBodyCase(), "upload " + e);
      assertEquals(level, Wire.value(up.getViews().getViews(0), ctx).ciphertexts().get(0).level(), "upload " + e);
      OwnerReply v = answer(ServerRequest.newBuilder().setStep(0)
          .setView(ViewRequest.newBuilder().setHandle(handle).addLayouts(dense(8, 4)).setEncoding(e)));
      assertEquals(level, Wire.value(v.getViews().getViews(0), ctx).ciphertexts().get(0).level(), "view " + e);
      OwnerReply f = answer(ServerRequest.newBuilder().setStep(0).setRefresh(RefreshRequest.newBuilder()
          .addItems(RefreshItem.newBuilder().setInput(ok).setBits(3).addLayouts(dense(8, 4)).setEncoding(e))));
      assertEquals(level, Wire.value(f.getRefresh().getItems(0).getViews(0), ctx).ciphertexts().get(0).level(),
          "refresh " + e);
    }
  }

  private static EncodingMsg enc(int level, long factor) {
    return EncodingMsg.newBuilder().setLevel(level).setFactor(factor).build();
  }

  /** {@code v} with its first ciphertext's parts swapped: well-formed, but it decrypts to noise. */
  private Value spent(Value v) {
    io.fhe4j.bgv.Ciphertext c = Wire.ciphertext(v.getCiphertexts(0), ctx);
    io.fhe4j.bgv.Ciphertext s = io.fhe4j.bgv.Ciphertext.restore(ctx, new io.fhe4j.ring.DoubleCrt[] {c.part(1),
        c.part(0)}, 1, c.noiseBoundBits());
    return v.toBuilder().setCiphertexts(0, ByteString.copyFrom(io.fhe4j.io.BgvSerializer.toBytes(s))).build();
  }

  @Test
  void aRetriedRequestIsAnsweredFromTheCacheAndAReplayIsRefused() {
    Value ok = encrypted(Layout.dense(8, 4, n));
    ServerRequest r = refresh(ok, 2, dense(8, 4)).setRequestId(++id).build();
    OwnerReply first = responder.answer(r, r.toByteArray());
    long rounds = responder.stats.refreshRounds.get();
    OwnerReply again = responder.answer(r, r.toByteArray());
    assertSame(first, again);
    assertEquals(rounds, responder.stats.refreshRounds.get(), "a retry refreshed a second time");
    assertEquals(1, responder.stats.retries.get());
    // the same id with other content, or an older id: a replay
    ServerRequest other = refresh(ok, 3, dense(8, 4)).setRequestId(id).build();
    assertEquals(Error.Code.FAILED_PRECONDITION, responder.answer(other, other.toByteArray()).getError().getCode());
    ServerRequest old = refresh(ok, 2, dense(8, 4)).setRequestId(id - 1).build();
    assertEquals(Error.Code.FAILED_PRECONDITION, responder.answer(old, old.toByteArray()).getError().getCode());
  }

  @Test
  void moreRequestsThanTheStepBudgetEndTheRun() {
    Value ok = encrypted(Layout.dense(8, 4, n));
    assertThrows(RunAbortedException.class, () -> {
      for (int i = 0; i < 1000; i++) {
        answer(refresh(ok, 1, dense(8, 4)));
      }
    });
  }

  @Test
  void aFinalModelOfTheWrongShapeIsRefused() {
    FinalModel.Builder m = FinalModel.newBuilder().setSteps(3);
    m.addValues(encrypted(Layout.dense(8, 16, n))).addValues(encrypted(Layout.dense(1, 8, n)))
        .addValues(encrypted(Layout.dense(4, 8, n))).addValues(encrypted(Layout.dense(1, 4, n)));
    assertEquals(OwnerReply.BodyCase.ACK, answer(ServerRequest.newBuilder().setStep(3).setModel(m)).getBodyCase());
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(3)
        .setModel(m.clone().setSteps(2))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(3)
        .setModel(m.clone().setValues(0, encrypted(Layout.dense(16, 8, n))))));
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(3)
        .setModel(m.clone().removeValues(3))));
  }

  @Test
  void aModelDuringTheRunIsDecryptedOnlyAfterTheStepsTheOwnerAskedFor() {
    List<Long> heard = new ArrayList<>();
    responder = new OwnerResponder(owner, Fixtures.plan(3), Fixtures.SEED, Fixtures.data(32, 3),
        new OwnerClient.Listener() {
          @Override
          public boolean wantsModelAfter(long steps) {
            return steps == 2;
          }

          @Override
          public void model(long steps, List<io.fhe4j.nn.fixed.LongMatrix> model) {
            heard.add(steps);
            assertEquals(4, model.size());
          }
        });
    assertFalse(answer(data(DataRequest.Part.INPUTS, 0, 0, dense(8, 16))).getSendModelAfterStep(), "step 0: no");
    assertTrue(answer(data(DataRequest.Part.INPUTS, 1, 0, dense(8, 16))).getSendModelAfterStep(), "after step 1: yes");
    FinalModel.Builder m = FinalModel.newBuilder().setSteps(2);
    m.addValues(encrypted(Layout.dense(8, 16, n))).addValues(encrypted(Layout.dense(1, 8, n)))
        .addValues(encrypted(Layout.dense(4, 8, n))).addValues(encrypted(Layout.dense(1, 4, n)));
    assertEquals(OwnerReply.BodyCase.ACK, answer(ServerRequest.newBuilder().setStep(2).setModel(m)).getBodyCase());
    assertEquals(List.of(2L), heard);
    assertEquals(Error.Code.INVALID_ARGUMENT, error(ServerRequest.newBuilder().setStep(1)
        .setModel(m.clone().setSteps(1))), "a model the owner did not ask for is not decrypted");
    assertEquals(List.of(2L), heard);
    assertNull(responder.model(), "not the final model");
  }

  /** Bit flips and truncations of valid requests of every type: an answer, an error or an abort, nothing else. */
  @Test
  void mutatedRequestsOfEveryTypeGetAnAnswerAnErrorOrAnAbort() {
    Value ok = encrypted(Layout.dense(8, 4, n));
    List<ServerRequest.Builder> seeds = new ArrayList<>();
    seeds.add(data(DataRequest.Part.INPUTS, 1, 0, dense(8, 16)));
    seeds.add(data(DataRequest.Part.WEIGHTS, 0, 1, dense(4, 8)));
    seeds.add(refresh(ok, 4, dense(8, 4)));
    seeds.add(ServerRequest.newBuilder().setStep(0).setRefresh(RefreshRequest.newBuilder().addItems(RefreshItem
        .newBuilder().setInput(ok).setBits(4).addLayouts(dense(8, 4)).setEncoding(enc(1, 3)))));
    seeds.add(ServerRequest.newBuilder().setStep(0).setData(DataRequest.newBuilder().setPart(DataRequest.Part.LABELS)
        .addLayouts(dense(8, 4)).setEncoding(enc(2, 5))));
    seeds.add(ServerRequest.newBuilder().setStep(0).setView(ViewRequest.newBuilder().setHandle(1)
        .addLayouts(dense(8, 4))));
    seeds.add(ServerRequest.newBuilder().setStep(0).setRelease(Release.newBuilder().addHandles(3)));
    seeds.add(ServerRequest.newBuilder().setStep(3).setModel(FinalModel.newBuilder().setSteps(3).addValues(ok)));
    Random rnd = new Random(2026);
    int parsed = 0;
    for (int i = 0; i < 600; i++) {
      byte[] b = seeds.get(i % seeds.size()).setRequestId(1_000_000 + i).build().toByteArray();
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = rnd.nextInt(Math.min(b.length, 96));
        b[at] ^= (byte) (1 << rnd.nextInt(8));
      }
      if (rnd.nextInt(5) == 0) {
        b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
      }
      ServerRequest req;
      try {
        req = ServerRequest.parseFrom(b);
      } catch (InvalidProtocolBufferException e) {
        continue;
      }
      parsed++;
      responder.newStream(true);
      long t0 = System.nanoTime();
      try {
        responder.answer(req, b);
      } catch (RunAbortedException e) {
        // ends the run: allowed
      }
      assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "request " + i + " took too long");
    }
    assertTrue(parsed > 100, "only " + parsed + " mutated requests parsed");
  }
}
