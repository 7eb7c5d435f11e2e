package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code train --checkpoint}: the command says where the checkpoint is, how many
 * steps it holds and the exact command that resumes; its progress, written to a file, is plain
 * lines. The end-to-end case runs the command in a child JVM and sends it SIGINT (Linux, real
 * MNIST: skipped without {@code MNIST_DIR}).
 */
class TrainInterruptTest {
  @TempDir
  Path dir;

  @Test
  void messageNamesTheCheckpointAndTheResumeCommand() {
    String[] args = {"--steps", "9", "--checkpoint", "my run", "--lr", "3/7"};
    InterruptNotice n = new InterruptNotice(args, Path.of("my run"), 2, 9, new PrintStream(new ByteArrayOutputStream()));
    n.stepDone(5);
    n.saved(4);
    String m = n.message();
    assertTrue(m.startsWith("fhe4j train: interrupted after 5 of 9 steps."), m);
    assertTrue(m.contains("The checkpoint " + Path.of("my run").toAbsolutePath() + " holds 4 steps (steps 5..5 are"
        + " redone). Resume with:"), m);
    assertTrue(m.endsWith(" train --steps 9 --checkpoint 'my run' --lr 3/7"), m);
    assertTrue(m.contains("Resume with:" + System.lineSeparator() + "  java -jar "), m);
    String none = new InterruptNotice(new String[0], null, 0, 9, new PrintStream(new ByteArrayOutputStream())).message();
    assertTrue(none.contains("interrupted after 0 of 9 steps. Nothing was saved; add --checkpoint DIR"), none);
    assertEquals("'it'\\''s'", InterruptNotice.quote("it's"));
  }

  @Test
  void sigintPrintsWhereTheCheckpointIsAndHowToResume() throws Exception {
    sigint(true);
  }

  @Test
  void sigintThroughTheProtocolPrintsTheSame() throws Exception {
    sigint(false);
  }

  /** Whether SIGINT (signal 2) is in this process's ignored set ({@code SigIgn} of /proc/self/status). */
  static boolean sigintIgnored() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }

  private void sigint(boolean inProcess) throws Exception {
    assumeTrue(System.getenv("MNIST_DIR") != null, "MNIST_DIR not set");
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux signals");
    // a JVM started with SIGINT ignored (a command put in the background by a non-interactive shell, e.g.
    // `mvn verify &`) passes that on to its children, which then cannot see Ctrl-C at all
    assumeTrue(!sigintIgnored(), "SIGINT is ignored in this process (started in the background by a shell?), so"
        + " the child would ignore it too: run mvn in the foreground to test Ctrl-C");
    Path ck = dir.resolve("run");
    List<String> trainArgs = new ArrayList<>(List.of("--m", "4096", "--bits", "240", "--insecure", "--net", "49-8-10",
        "--res", "7", "--batch", "10", "--test", "100", "--steps", "100000", "--checkpoint-every", "1", "--checkpoint",
        ck.toString()));
    if (inProcess) {
      trainArgs.add(0, "--in-process");
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss8m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        "io.fhe4j.bench.Main", "train"));
    cmd.addAll(trainArgs);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (stepsSaved(ck) < 1 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(p.isAlive(), "the run ended early: " + Files.readString(err));
      assertTrue(stepsSaved(ck) >= 1, "no checkpoint within 240 s: " + Files.readString(err));
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGINT");
    } finally {
      p.destroyForcibly();
    }
    assertNotEquals(0, p.exitValue());
    String e = Files.readString(err, StandardCharsets.UTF_8);
    long saved = stepsSaved(ck);
    assertTrue(e.contains("fhe4j train: interrupted after "), e);
    assertTrue(e.contains("The checkpoint " + ck.toAbsolutePath() + " holds " + saved + " steps"), e);
    assertTrue(e.contains("Resume with:"), e);
    String resume = e.lines().dropWhile(l -> !l.startsWith("The checkpoint")).skip(1).findFirst().orElse("").strip();
    assertTrue(resume.startsWith("java -jar ") && resume.endsWith(" train " + String.join(" ", trainArgs)), resume);
    assertFalse(e.contains("\r"), "progress to a file is plain lines");
    // the rate: s/step below one step a second, steps/s at or above (a quiet machine runs this tiny net faster)
    assertTrue(e.contains("encrypted SGD [") && (e.contains(" s/step") || e.matches("(?s).*encrypted SGD \\[.* \\d+/s .*")),
        e);
  }

  /** The steps the checkpoint holds: the in-process run's run.properties, or the server's model.bin. */
  private static long stepsSaved(Path ck) {
    try {
      if (Files.isRegularFile(ck.resolve("server").resolve("model.bin"))) {
        return io.fhe4j.party.proto.FinalModel.parseFrom(Files.readAllBytes(ck.resolve("server").resolve("model.bin")))
            .getSteps();
      }
      return Files.isRegularFile(ck.resolve("run.properties")) ? RunState.read(ck.resolve("run.properties")).steps : -1;
    } catch (IOException | CheckpointException e) {
      return -1; // being replaced
    }
  }
}
