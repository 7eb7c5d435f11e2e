package io.fhe4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.encrypted.ExchangeStats;
import io.fhe4j.nn.encrypted.KeyHolder;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.LongMatrix;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An owner whose answers are recorded ({@link Recorder}) and replayed to a second server ({@link
 * Replayer}), which checks that it asks the same things (refresh inputs by the SHA-256 of their
 * serialized ciphertexts): two servers then see the same ciphertexts, although encryption is
 * randomized, and any difference is theirs. As in nn-encrypted's ParallelServerTest.
 */
final class Recording {
  private Recording() {}

  /** A call to the owner: what the server asked and what it got. */
  private record Call(String request, Object answer) {}

  static String digest(List<Ciphertext> cts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Ciphertext c : cts) {
        md.update(BgvSerializer.toBytes(c));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String describeRefresh(List<KeyHolder.RefreshRequest> requests) {
    StringBuilder s = new StringBuilder("refresh");
    for (KeyHolder.RefreshRequest r : requests) {
      s.append(" [").append(r.inputLayout()).append(" bits ").append(r.bits()).append(" -> ").append(r.layouts())
          .append(' ').append(r.encoding()).append(' ').append(digest(r.input())).append(']');
    }
    return s.toString();
  }

  /** Passes every call to the owner and records it. */
  static final class Recorder implements KeyHolder {
    final KeyHolder owner;
    final List<Call> calls = new ArrayList<>();
    int refreshInputs;

    Recorder(KeyHolder owner) {
      this.owner = owner;
    }

    @Override
    public synchronized long submit(LongMatrix values) {
      long h = owner.submit(values);
      calls.add(new Call("submit " + values.rows() + " " + values.cols(), h));
      return h;
    }

    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
      return encrypt(handle, layouts, Encoding.TOP);
    }

    @Override
    public synchronized List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
      List<List<Ciphertext>> got = owner.encrypt(handle, layouts, encoding);
      calls.add(new Call("encrypt " + handle + " " + layouts + " " + encoding, got));
      return got;
    }

    @Override
    public synchronized List<Refreshed> refresh(List<RefreshRequest> requests) {
      String request = describeRefresh(requests);
      List<Refreshed> got = owner.refresh(requests);
      refreshInputs += requests.size();
      calls.add(new Call(request, got));
      return got;
    }

    @Override
    public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
      return owner.decrypt(value, layout);
    }

    @Override
    public void release(long handle) {
      owner.release(handle);
    }

    @Override
    public ExchangeStats stats() {
      return owner.stats();
    }
  }

  /** Answers every call as the recorded run was answered, after checking it is the same call. */
  static final class Replayer implements KeyHolder {
    final List<Call> calls;
    final ExchangeStats stats = new ExchangeStats();
    int next;

    Replayer(Recorder recorded) {
      this.calls = recorded.calls;
    }

    private synchronized Object answer(String request) {
      assertTrue(next < calls.size(), "call " + next + " beyond the recorded run: " + request);
      Call c = calls.get(next);
      assertEquals(c.request(), request, "call " + next + " differs from the recorded run's");
      next++;
      return c.answer();
    }

    @Override
    public long submit(LongMatrix values) {
      return (Long) answer("submit " + values.rows() + " " + values.cols());
    }

    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts) {
      return encrypt(handle, layouts, Encoding.TOP);
    }

    @SuppressWarnings("unchecked")
    @Override
    public List<List<Ciphertext>> encrypt(long handle, List<Layout> layouts, Encoding encoding) {
      return (List<List<Ciphertext>>) answer("encrypt " + handle + " " + layouts + " " + encoding);
    }

    @SuppressWarnings("unchecked")
    @Override
    public List<Refreshed> refresh(List<RefreshRequest> requests) {
      return (List<Refreshed>) answer(describeRefresh(requests));
    }

    @Override
    public LongMatrix decrypt(List<Ciphertext> value, Layout layout) {
      throw new AssertionError("the replayed run decrypts nothing");
    }

    @Override
    public void release(long handle) {
      // the recorded run's owner releases its own handles
    }

    @Override
    public ExchangeStats stats() {
      return stats;
    }
  }
}
