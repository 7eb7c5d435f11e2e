package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import io.fhe4j.nn.NetworkSpec;
import io.fhe4j.nn.encrypted.DataOwner;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint folder without training (no MNIST): owner-only files from creation, a folder with
 * files but no run.properties refused, every corrupt run.properties value and layout field named,
 * another run's key or model refused by name, models never overwritten.
 */
class CheckpointFolderTest {
  private static final Context CONTEXT =
      new ContextBuilder().m(4096).p(Primes.generate(40, 4096)).bits(120).c(2).allowInsecure().build();
  private static final DataOwner OWNER = DataOwner.deterministicForTests(CONTEXT, 5);
  private static final NetworkSpec NET = NetworkSpec.parse("49-8-10");

  @TempDir
  Path dir;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private Checkpoint started(Path ck) throws IOException {
    Checkpoint.Opened o = Checkpoint.open(ck);
    assertNull(o.state());
    o.checkpoint().start(CONTEXT, OWNER, RunState.start("net=49-8-10", OWNER.keyId()));
    return o.checkpoint();
  }

  @Test
  void aNewRunIsOwnerOnlyAndResumableFromStepZero() throws IOException {
    Path ck = dir.resolve("run");
    started(ck);
    assertEquals("rwx------", mode(ck));
    assertEquals("rw-------", mode(ck.resolve("owner-secret.key")));
    assertEquals("rw-------", mode(ck.resolve("context.bin")));
    assertEquals("rw-------", mode(ck.resolve("run.properties")));
    Checkpoint.Opened again = Checkpoint.open(ck);
    assertEquals(0, again.state().steps);
    assertEquals(OWNER.keyId(), again.state().keyId);
    Context c = again.checkpoint().context(true); // the test context is insecure: the reader opts in
    assertEquals(OWNER.keyId(), again.checkpoint().owner(c, again.state()).keyId());
  }

  @Test
  void aFolderWithFilesButNoRunPropertiesIsRefusedAndKept() throws IOException {
    Path ck = dir.resolve("run");
    started(ck);
    Files.writeString(ck.resolve("model-7.bin"), "model bytes");
    Files.delete(ck.resolve("run.properties"));
    byte[] key = Files.readAllBytes(ck.resolve("owner-secret.key"));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(ck));
    assertTrue(e.getMessage().contains("3 files (context.bin, model-7.bin, owner-secret.key) but no run.properties")
        && e.getMessage().contains("restore run.properties from a backup")
        && e.getMessage().contains("name another --checkpoint folder"), e.getMessage());
    assertEquals(List.of("context.bin", "model-7.bin", "owner-secret.key"), names(ck));
    assertTrue(!e.getMessage().contains("interrupted before its first checkpoint"), e.getMessage());
    Files.delete(ck.resolve("model-7.bin"));
    String m = assertThrows(CheckpointException.class, () -> Checkpoint.open(ck)).getMessage();
    assertTrue(m.contains("2 files (context.bin, owner-secret.key)") && m.contains("a start interrupted before its"
        + " first checkpoint"), m);
    assertEquals(new String(key, StandardCharsets.ISO_8859_1),
        new String(Files.readAllBytes(ck.resolve("owner-secret.key")), StandardCharsets.ISO_8859_1));
  }

  private static List<String> names(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void corruptRunPropertiesValuesNameTheFileAndTheKey() throws IOException {
    Path ck = dir.resolve("run");
    started(ck);
    Path props = ck.resolve("run.properties");
    String good = Files.readString(props);
    String[][] cases = {
        {"steps=0", "steps=abc", "key 'steps' has the value 'abc': expected a whole number >= 0"},
        {"steps=0", "steps=-4", "key 'steps' has the value '-4'"},
        {"wall.nanos=0", "wall.nanos=xyz", "key 'wall.nanos' has the value 'xyz'"},
        {"steps=0", "steps=0\nepoch.1=garbage", "key 'epoch.1' has the value 'garbage'"},
        {"steps=0", "steps=0\nepoch.1=91.2 90.1 maybe", "key 'epoch.1'"},
        {"steps=0", "steps=3\nmodel=../../etc/passwd", "key 'model' has the value '../../etc/passwd'"},
        {"steps=0", "steps=3", "key 'model' is missing"},
        {"format=fhe4j-train-checkpoint-2", "format=something", "key 'format' has the value 'something'"},
    };
    for (String[] c : cases) {
      assertTrue(good.contains(c[0]), good);
      Files.writeString(props, good.replace(c[0], c[1]));
      CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(ck), c[1]);
      assertTrue(e.getMessage().startsWith(props + ": ") && e.getMessage().contains(c[2]), e.getMessage());
    }
    String keyLine = good.lines().filter(l -> l.startsWith("key.id=")).findFirst().orElseThrow();
    Files.writeString(props, good.replace(keyLine, "key.id=zz"));
    assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.open(ck)).getMessage()
        .contains("key 'key.id' has the value 'zz'"));
  }

  @Test
  void anotherRunsKeyIsRefusedByName() throws IOException {
    Path ck = dir.resolve("run");
    started(ck);
    Files.delete(ck.resolve("owner-secret.key"));
    DataOwner.deterministicForTests(CONTEXT, 6).writeSecretKey(ck.resolve("owner-secret.key"));
    Checkpoint.Opened o = Checkpoint.open(ck);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> o.checkpoint().owner(CONTEXT, o.state()));
    assertTrue(e.getMessage().contains("owner-secret.key has key id") && e.getMessage().contains("key.id=" + OWNER.keyId())
        && e.getMessage().contains("another run's key"), e.getMessage());
  }

  /** A model header, then the given layout fields of layer 1's weights. */
  private static byte[] model(String keyId, String kind, int rows, int cols, int param, int blocks, int n)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeBytes(ModelFile.MAGIC);
    d.writeLong(4);
    d.writeUTF(keyId);
    d.writeInt(NET.layers());
    d.writeUTF(kind);
    d.writeInt(rows);
    d.writeInt(cols);
    d.writeInt(param);
    d.writeInt(blocks);
    d.writeInt(n);
    return b.toByteArray();
  }

  private String readError(byte[] bytes) throws IOException {
    Path p = Files.write(dir.resolve("model-4.bin"), bytes);
    return assertThrows(CheckpointException.class,
        () -> ModelFile.read(p, CONTEXT, 4, OWNER.keyId(), NET, CONTEXT.n())).getMessage();
  }

  @Test
  void anotherRunsModelAndCorruptLayoutFieldsAreNamed() throws IOException {
    String other = DataOwner.deterministicForTests(CONTEXT, 6).keyId();
    String m = readError(model(other, "DENSE", 8, 49, 1, 1, 1));
    assertTrue(m.contains("model-4.bin is encrypted under the key with id " + other)
        && m.contains("has id " + OWNER.keyId()) && m.contains("another run's model"), m);
    m = readError(model(OWNER.keyId(), "BOGUS", 8, 49, 1, 1, 1));
    assertTrue(m.contains("model-4.bin is corrupt: layer 1 weights: layout kind 'BOGUS' is not one of"), m);
    m = readError(model(OWNER.keyId(), "DENSE", 3, 7, 1, 1, 1));
    assertTrue(m.contains("layer 1 weights: layout rows x cols is 3x7 but the network needs 8x49"), m);
    m = readError(model(OWNER.keyId(), "COL_TILE", 8, 49, -5, 1, 1));
    assertTrue(m.contains("layer 1 weights: layout COL_TILE 8x49 param=-5 blocks=1 is impossible"), m);
    m = readError(model(OWNER.keyId(), "DENSE", 8, 49, 1, 1, Integer.MAX_VALUE));
    assertTrue(m.contains("layer 1 weights: layout") && m.contains("the file says 2147483647"), m);
  }

  @Test
  void formatOneCheckpointsStillResumeWithoutAKeyId() throws IOException {
    Path ck = dir.resolve("run");
    started(ck);
    Path props = ck.resolve("run.properties");
    String good = Files.readString(props);
    String keyLine = good.lines().filter(l -> l.startsWith("key.id=")).findFirst().orElseThrow();
    Files.writeString(props, good.replace(keyLine, "").replace(RunState.FORMAT, RunState.FORMAT_1));
    Checkpoint.Opened o = Checkpoint.open(ck);
    assertNull(o.state().keyId);
    assertEquals(OWNER.keyId(), o.checkpoint().owner(CONTEXT, o.state()).keyId());

    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeBytes(ModelFile.MAGIC_1);
    d.writeLong(4);
    d.writeInt(NET.layers());
    d.writeUTF("BOGUS");
    String m = readError(b.toByteArray());
    assertTrue(m.contains("layer 1 weights: layout kind 'BOGUS'"), "header read without a key id: " + m);
  }

  @Test
  void savingNeverOverwritesOrDeletesAModel() throws IOException {
    Path ck = dir.resolve("run");
    Checkpoint c = started(ck);
    RunState state = Checkpoint.open(ck).state();
    Files.writeString(ck.resolve("model-2.bin"), "left by an interrupted sitting");
    c.save(2, List.of(), OWNER.keyId(), state);
    assertEquals("model-2-2.bin", state.model);
    assertEquals("left by an interrupted sitting", Files.readString(ck.resolve("model-2.bin")));
    assertEquals("model-2-2.bin", Checkpoint.open(ck).state().model);
    c.save(4, List.of(), OWNER.keyId(), state);
    assertEquals(List.of("context.bin", "model-2-2.bin", "model-2.bin", "model-4.bin", "owner-secret.key",
        "run.properties"), names(ck));
    assertEquals("rw-------", mode(ck.resolve("model-4.bin")));
  }
}
