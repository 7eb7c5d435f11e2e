package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.LongMatrix;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in its own JVM: killed with SIGKILL after its first checkpoint and restarted, it
 * resumes and the owner's decrypted model still equals the plain replay bit for bit; and neither
 * server process ever loaded the secret key's class or the owner's.
 */
class ServerProcessTest {
  private static final String[] OWNER_ONLY = {"io.fhe4j.bgv.SecretKey ", "io.fhe4j.bgv.Decryptor ",
      "io.fhe4j.nn.encrypted.DataOwner ", "io.fhe4j.nn.encrypted.Refresher ", "io.fhe4j.nn.encrypted.SlotCodec "};

  @TempDir
  Path tmp;

  private Process startServer(Path certs, Path dir, int port, Path classLog) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xlog:class+load=info:file=" + classLog);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PartyMain.class.getName());
    cmd.addAll(List.of("server", "--dir", dir.toString(), "--certs", certs.toString(), "--port",
        Integer.toString(port), "--insecure"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("server-" + classLog.getFileName() + ".out").toFile()).start();
    long end = System.currentTimeMillis() + 60_000;
    Path out = tmp.resolve("server-" + classLog.getFileName() + ".out");
    while (System.currentTimeMillis() < end) {
      if (Files.exists(out) && Files.readString(out).contains("listening on port")) {
        return p;
      }
      assertTrue(p.isAlive(), () -> "server died: " + read(out));
      sleep(100);
    }
    throw new AssertionError("server did not start: " + read(out));
  }

  @Test
  void serverKilledAndRestartedResumesBitExactAndNeverLoadsSecretKeyClasses() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs"));
    Path dir = tmp.resolve("server");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TrainingPlan plan = Fixtures.plan(3);
    FixedPointData data = Fixtures.data(32, 5);
    Path log1 = tmp.resolve("classes-1.log");
    Path log2 = tmp.resolve("classes-2.log");
    Process first = startServer(certs, dir, port, log1);
    ManagedChannel ch = Fixtures.channel(port, certs);
    Process second = null;
    try {
      CompletableFuture<OwnerClient.Result> owner = CompletableFuture.supplyAsync(() -> {
        try {
          return new OwnerClient(ch, Fixtures.owner(), plan, Fixtures.SEED, data,
              new OwnerClient.Options("kill-test", 60_000, 600_000, 12, 64L << 20)).run();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      long end = System.currentTimeMillis() + 300_000;
      while (!Files.exists(dir.resolve("model.bin")) && System.currentTimeMillis() < end && !owner.isDone()) {
        sleep(20);
      }
      assertFalse(owner.isDone(), "the run ended before the kill: " + read(tmp.resolve("server-classes-1.log.out")));
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertTrue(Files.exists(dir.resolve("model.bin")));
      second = startServer(certs, dir, port, log2);
      OwnerClient.Result r = owner.get(300, TimeUnit.SECONDS);
      List<LongMatrix> expected = PlainReplay.parameters(PlainReplay.train(plan, Fixtures.SEED, data, 3));
      assertEquals(expected, r.model());
      assertTrue(r.reconnects() >= 1, "reconnects " + r.reconnects());
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the restarted server did not exit after the run");
      assertEquals(0, second.exitValue());
      for (Path log : new Path[] {log1, log2}) {
        String classes = Files.readString(log);
        assertTrue(classes.contains("io.fhe4j.party.ServerTrainer "), "class log " + log + " is not the server's");
        for (String c : OWNER_ONLY) {
          assertFalse(classes.contains(c), "the server loaded " + c.trim());
        }
      }
    } finally {
      ch.shutdownNow();
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no output)";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
