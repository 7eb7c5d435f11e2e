package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Context;
import io.fhe4j.io.BgvSerializer;
import io.fhe4j.nn.encrypted.DataOwner;
import io.fhe4j.nn.encrypted.EncryptedArithmetic.Stored;
import io.fhe4j.nn.encrypted.Layout;
import io.fhe4j.nn.fixed.LongMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's model checkpoint written in the background: what a save hands over is what the next
 * read finds once the write is awaited, the last save wins, and a write that fails is reported by
 * the wait (and the next save) while the previous file stays whole.
 */
class ServerCheckpointTest {
  private final DataOwner owner = Fixtures.owner();
  private final Context ctx = Fixtures.context();

  private List<Stored> model(long seed) {
    Layout l = Layout.dense(2, 3, ctx.n());
    long h = owner.submit(LongMatrix.of(new long[][] {{seed, 2, 3}, {4, 5, 6}}));
    try {
      return List.of(new Stored(l, owner.encrypt(h, List.of(l)).get(0)));
    } finally {
      owner.release(h);
    }
  }

  private ServerCheckpoint checkpoint(Path dir) {
    return new ServerCheckpoint(dir, 64L << 20, Fixtures.serverOptions(dir).contextLimits());
  }

  private static void assertSameCiphertexts(List<Stored> expected, List<Stored> got) {
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).layout(), got.get(i).layout());
      List<Ciphertext> a = expected.get(i).ciphertexts();
      List<Ciphertext> b = got.get(i).ciphertexts();
      assertEquals(a.size(), b.size());
      for (int k = 0; k < a.size(); k++) {
        assertArrayEquals(BgvSerializer.toBytes(a.get(k)), BgvSerializer.toBytes(b.get(k)));
      }
    }
  }

  @Test
  void theLastSaveIsWhatTheNextReadFinds(@TempDir Path dir) throws IOException {
    ServerCheckpoint c = checkpoint(dir);
    assertNull(c.model(ctx));
    List<Stored> first = model(1);
    List<Stored> second = model(7);
    c.saveModel(3, first);
    c.saveModel(4, second); // waits for the first write, then hands over the second
    c.awaitWrites();
    ServerCheckpoint.Saved saved = c.model(ctx);
    assertEquals(4, saved.steps());
    assertSameCiphertexts(second, saved.model());
    c.awaitWrites(); // nothing in flight: returns at once
  }

  @Test
  void aFailedWriteIsReportedAndThePreviousModelStays(@TempDir Path dir) throws IOException {
    ServerCheckpoint c = checkpoint(dir);
    List<Stored> kept = model(2);
    c.saveModel(5, kept);
    c.awaitWrites();
    Files.createDirectory(dir.resolve("model.bin.tmp")); // the next write cannot create its temporary file
    c.saveModel(6, model(9));
    assertThrows(IOException.class, c::awaitWrites);
    c.saveModel(6, model(9));
    assertThrows(IOException.class, () -> c.saveModel(7, model(9)), "the next save reports the failed write");
    ServerCheckpoint.Saved saved = c.model(ctx);
    assertEquals(5, saved.steps());
    assertSameCiphertexts(kept, saved.model());
  }
}
