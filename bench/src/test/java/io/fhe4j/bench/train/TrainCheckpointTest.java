package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --checkpoint}: a run stopped after some steps and resumed by the same command ends
 * bit-identical to the plain trainer after all steps; a different configuration or a damaged
 * model file is refused with a message. Real MNIST (skipped without {@code MNIST_DIR}), tiny
 * insecure parameters.
 */
class TrainCheckpointTest {
  private static final String[] SMALL = {"--m", "4096", "--bits", "240", "--insecure", "--net", "49-8-10", "--res", "7",
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

  private record Result(int code, String out, String err) {}

  private static Result train(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TrainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void resumedRunIsBitIdenticalAndDamageIsReported() throws IOException {
    assumeTrue(System.getenv("MNIST_DIR") != null, "MNIST_DIR not set");
    Path ck = dir.resolve("run");
    Result first = train(args(ck, "--steps", "3"));
    assertEquals(0, first.code(), first.out() + first.err());
    assertTrue(Files.isRegularFile(ck.resolve("model-3.bin")), "model after 3 steps");
    assertTrue(Files.isRegularFile(ck.resolve("owner-secret.key")));

    Result second = train(args(ck, "--steps", "5"));
    assertEquals(0, second.code(), second.out() + second.err());
    assertTrue(second.out().contains("resumed " + ck + " after 3 steps"), second.out());
    assertTrue(second.out().matches("(?s).*weights bit-identical\\s+yes.*"), second.out());
    assertTrue(second.out().contains("steps 4..5 of a resumed run"), second.out());
    assertTrue(Files.isRegularFile(ck.resolve("model-5.bin")) && !Files.exists(ck.resolve("model-3.bin")));

    Result other = train(args(ck, "--steps", "6", "--lr", "6"));
    assertEquals(2, other.code());
    assertTrue(other.err().contains("holds a run of") && other.err().contains("lr=2^-6"), other.err());

    byte[] model = Files.readAllBytes(ck.resolve("model-5.bin"));
    Files.write(ck.resolve("model-5.bin"), java.util.Arrays.copyOf(model, model.length / 2));
    Result damaged = train(args(ck, "--steps", "6"));
    assertEquals(1, damaged.code());
    assertTrue(damaged.err().contains("model-5.bin") && damaged.err().matches("(?s).*(truncated|incomplete).*"), damaged.err());
  }
}
