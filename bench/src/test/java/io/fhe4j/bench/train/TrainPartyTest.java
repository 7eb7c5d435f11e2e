package io.fhe4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} through the two-party protocol (its default): the owner and a server in this JVM
 * over loopback mutual TLS, on the embedded MNIST subset at tiny insecure parameters. The run ends
 * bit-identical to the plain replay with bytes on the link in both directions and the accuracy
 * lines; its temporary folder is gone afterwards; with {@code --checkpoint} a run continues to more
 * steps and the same command again resumes, bit-identical, with the owner's and the server's
 * folders apart.
 */
class TrainPartyTest {
  private static final String[] SMALL = {"--embedded", "--m", "4096", "--bits", "240", "--insecure", "--net",
      "49-8-10", "--res", "7", "--batch", "10", "--test", "100"};

  @TempDir
  Path dir;

  private static TrainRun train(String... more) {
    List<String> a = new ArrayList<>(List.of(SMALL));
    a.addAll(List.of(more));
    return TrainRun.of(a.toArray(new String[0]));
  }

  private static double mb(String out, String row) {
    Matcher m = Pattern.compile(Pattern.quote(row) + "\\s+([0-9.]+) MB").matcher(out);
    assertTrue(m.find(), row + " in: " + out);
    return Double.parseDouble(m.group(1));
  }

  private static Set<Path> tempFolders() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("fhe4j-train-")).collect(Collectors.toSet());
    }
  }

  @Test
  void trainRunsBothPartiesThroughTheProtocolBitIdentical() throws IOException {
    Set<Path> before = tempFolders();
    TrainRun r = train("--steps", "3", "--eval-every", "2");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("owner and server over loopback mutual TLS"), r.out());
    assertTrue(r.out().matches("(?s).*weights bit-identical\\s+yes.*"), r.out());
    assertTrue(r.out().matches("(?s).*step 2/3 \\(20 images, [^)]*\\): test accuracy [0-9.]+ % \\(decrypted model;"
        + " FixedPointTrainer [0-9.]+ %\\).*"), r.out());
    assertTrue(mb(r.out(), "owner -> server per step") > 0, r.out());
    assertTrue(mb(r.out(), "server -> owner per step") > 0, r.out());
    assertTrue(r.out().contains("link per step after the first"), r.out());
    assertTrue(tempFolders().stream().allMatch(before::contains), "the run's temporary folder is deleted");
  }

  @Test
  void checkpointResumesBitIdentical() throws IOException {
    Path ck = dir.resolve("run");
    TrainRun first = train("--steps", "2", "--checkpoint", ck.toString(), "--eval-every", "0");
    assertEquals(0, first.code(), first.out() + first.err());
    assertTrue(Files.isRegularFile(ck.resolve("owner").resolve("owner-secret.key")), "owner's folder");
    assertTrue(Files.isRegularFile(ck.resolve("server").resolve("model.bin")), "server's folder");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ck)));
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(ck.resolve("owner").resolve("owner-secret.key"))));

    TrainRun longer = train("--steps", "4", "--checkpoint", ck.toString(), "--eval-every", "0");
    assertEquals(0, longer.code(), longer.out() + longer.err());
    assertTrue(longer.out().contains("resumed " + ck + " after 2 steps"), longer.out());
    assertTrue(longer.out().contains("steps 3..4 of a resumed run"), longer.out());
    assertTrue(longer.out().matches("(?s).*weights bit-identical\\s+yes.*"), longer.out());

    TrainRun again = train("--steps", "4", "--checkpoint", ck.toString(), "--eval-every", "0");
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*weights bit-identical\\s+yes.*"), again.out());

    TrainRun other = train("--steps", "4", "--checkpoint", ck.toString(), "--lr", "6");
    assertEquals(2, other.code(), other.out() + other.err());
    assertTrue(other.err().contains("lr=2^-6"), other.err());
  }
}
