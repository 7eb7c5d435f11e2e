package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner command in its own JVM: killed with SIGKILL after the server's first checkpoint and
 * rerun with the same state folder, it reads its secret key back, the server resumes, and the
 * owner's table says the weights are bit-identical to the plain replay.
 */
class OwnerProcessTest {
  @TempDir
  Path tmp;

  private Process owner(Path certs, int port, Path out) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PartyMain.class.getName());
    cmd.addAll(List.of("owner", "--connect", "localhost:" + port, "--certs", certs.toString(), "--state",
        tmp.resolve("owner").toString(), "--net", "16-8-4", "--synthetic", "64", "--batch", "8", "--m", "4096",
        "--t-bits", "46", "--insecure", "--steps", "4", "--test", "64"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  @Test
  void ownerKilledAndRerunResumesBitExact() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs"));
    Path dir = tmp.resolve("server");
    try (PartyServer server = PartyServer.start(0, Tls.server(certs), Fixtures.serverOptions(dir))) {
      Process first = owner(certs, server.port(), tmp.resolve("owner-1.out"));
      long end = System.currentTimeMillis() + 300_000;
      while (!Files.exists(dir.resolve("model.bin")) && first.isAlive() && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      assertTrue(first.isAlive(), () -> "the owner ended before the kill: " + read(tmp.resolve("owner-1.out")));
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Process second = owner(certs, server.port(), tmp.resolve("owner-2.out"));
      try {
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the rerun owner did not finish");
        String out = read(tmp.resolve("owner-2.out"));
        assertEquals(0, second.exitValue(), out);
        assertTrue(out.contains("resuming run run-1 with the secret key"), out);
        assertTrue(out.matches("(?s).*steps +\\d mini-batches of 8 \\(steps \\d\\.\\.4 of a resumed run\\).*"), out);
        assertTrue(out.matches("(?s).*weights bit-identical +yes.*"), out);
        assertTrue(server.awaitFinished(10_000));
      } finally {
        second.destroyForcibly();
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "(no output)";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
