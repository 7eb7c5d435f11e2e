package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --in-process --checkpoint} (the one-JVM path; through the protocol: {@code
 * TrainPartyTest}): a run stopped after some steps and resumed by the same command ends
 * bit-identical to the plain trainer after all steps; a different configuration, a damaged model
 * file, another run's key or model, and a folder without run.properties are refused with a message
 * (keys and models are never overwritten or deleted). Real MNIST (skipped without {@code MNIST_DIR}), tiny
 * insecure parameters.
 */
class TrainCheckpointTest {
  private static final String[] SMALL = {"--in-process", "--m", "4096", "--bits", "240", "--insecure", "--net", "49-8-10", "--res", "7",
      "--batch", "10", "--test", "300", "--checkpoint-every", "2"};

  @TempDir
  Path dir;

  private static String[] args(Path ck, String... more) {
    List<String> a = new ArrayList<>(List.of(SMALL));
    a.add("--checkpoint");
    a.add(ck.toString());
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private static TrainRun train(String... args) {
    return TrainRun.of(args);
  }

  @Test
  void resumedRunIsBitIdenticalAndDamageIsReported() throws IOException {
    assumeTrue(System.getenv("MNIST_DIR") != null, "MNIST_DIR not set");
    Path ck = dir.resolve("run");
    TrainRun first = train(args(ck, "--steps", "3"));
    assertEquals(0, first.code(), first.out() + first.err());
    assertTrue(Files.isRegularFile(ck.resolve("model-3.bin")), "model after 3 steps");
    assertTrue(Files.isRegularFile(ck.resolve("owner-secret.key")));

    TrainRun second = train(args(ck, "--steps", "5"));
    assertEquals(0, second.code(), second.out() + second.err());
    assertTrue(second.out().contains("resumed " + ck + " after 3 steps"), second.out());
    assertTrue(second.out().matches("(?s).*weights bit-identical\\s+yes.*"), second.out());
    assertTrue(second.out().contains("steps 4..5 of a resumed run"), second.out());
    assertTrue(Files.isRegularFile(ck.resolve("model-5.bin")) && Files.isRegularFile(ck.resolve("model-3.bin")),
        "models are never deleted");

    TrainRun other = train(args(ck, "--steps", "6", "--lr", "6"));
    assertEquals(2, other.code());
    assertTrue(other.err().contains("holds a run of") && other.err().contains("lr=2^-6"), other.err());

    byte[] model = Files.readAllBytes(ck.resolve("model-5.bin"));
    Files.write(ck.resolve("model-5.bin"), java.util.Arrays.copyOf(model, model.length / 2));
    TrainRun damaged = train(args(ck, "--steps", "6"));
    assertEquals(1, damaged.code());
    assertTrue(damaged.err().contains("model-5.bin") && damaged.err().matches("(?s).*(truncated|incomplete).*"), damaged.err());
    Files.write(ck.resolve("model-5.bin"), model);

    // another run's key, then another run's model, are refused by name (not "misaligned layouts" later)
    Path otherRun = dir.resolve("other");
    assertEquals(0, train(args(otherRun, "--steps", "1")).code());
    byte[] key = Files.readAllBytes(ck.resolve("owner-secret.key"));
    Files.delete(ck.resolve("owner-secret.key"));
    Files.copy(otherRun.resolve("owner-secret.key"), ck.resolve("owner-secret.key"));
    TrainRun wrongKey = train(args(ck, "--steps", "6"));
    assertEquals(1, wrongKey.code(), wrongKey.out() + wrongKey.err());
    assertTrue(wrongKey.err().contains("owner-secret.key has key id") && wrongKey.err().contains("another run's key"),
        wrongKey.err());
    Files.delete(ck.resolve("owner-secret.key"));
    Files.write(ck.resolve("owner-secret.key"), key);
    Files.move(ck.resolve("model-5.bin"), dir.resolve("model-5.bin.mine"));
    Files.copy(otherRun.resolve("model-1.bin"), ck.resolve("model-5.bin"));
    TrainRun wrongModel = train(args(ck, "--steps", "6"));
    assertEquals(1, wrongModel.code(), wrongModel.out() + wrongModel.err());
    assertTrue(wrongModel.err().contains("model-5.bin is encrypted under the key with id")
        && wrongModel.err().contains("another run's model"), wrongModel.err());
    Files.delete(ck.resolve("model-5.bin"));
    Files.move(dir.resolve("model-5.bin.mine"), ck.resolve("model-5.bin"));

    // without run.properties the folder is refused, never started over: key and models stay
    Files.move(ck.resolve("run.properties"), dir.resolve("run.properties.bak"));
    TrainRun lost = train(args(ck, "--steps", "6"));
    assertEquals(1, lost.code(), lost.out() + lost.err());
    assertTrue(lost.err().contains("owner-secret.key") && lost.err().contains("model-5.bin")
        && lost.err().contains("no run.properties") && lost.err().contains("restore run.properties from a backup"),
        lost.err());
    assertEquals(java.util.Arrays.toString(key), java.util.Arrays.toString(Files.readAllBytes(ck.resolve("owner-secret.key"))));
    assertEquals(java.util.Arrays.toString(model), java.util.Arrays.toString(Files.readAllBytes(ck.resolve("model-5.bin"))));
    assertEquals("", lost.out(), "refused before any work");

    // restored, the run resumes and stays bit-identical
    Files.move(dir.resolve("run.properties.bak"), ck.resolve("run.properties"));
    TrainRun third = train(args(ck, "--steps", "6"));
    assertEquals(0, third.code(), third.out() + third.err());
    assertTrue(third.out().contains("resumed " + ck + " after 5 steps"), third.out());
    assertFalse(third.err().contains("\r"), "no carriage-return frames in a captured stream");
  }
}
