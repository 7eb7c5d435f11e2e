package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code owner} and {@code server} commands check their flags as {@code train} does: a bad
 * command line is refused before any work with exit code 2 and one line naming the flag, and the
 * owner's defaults are train's (one table, {@link TrainOptions}).
 */
class PartyFlagsTest {
  @TempDir
  Path dir;

  private interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static void refused(Command c, String[] args, String... expected) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = c.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, e);
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing done before the refusal");
    assertEquals(1, e.strip().split("\\R").length, "one line: " + e);
    assertFalse(e.contains("Exception") || e.contains("\tat "), e);
    for (String x : expected) {
      assertTrue(e.contains(x), "'" + x + "' in: " + e);
    }
  }

  private String[] owner(String... more) {
    String[] a = new String[more.length + 3];
    a[0] = "--local";
    a[1] = "--state";
    a[2] = dir.resolve("owner").toString();
    System.arraycopy(more, 0, a, 3, more.length);
    return a;
  }

  @Test
  void ownerRefusesBadOwnDataWithOneLine() throws java.io.IOException {
    Path ragged = dir.resolve("ragged.csv");
    java.nio.file.Files.writeString(ragged, "a,b,label\n1,2,x\n3,4,y\n5,x\n");
    refused(OwnerCommand::run, owner("--data", ragged.toString(), "--m", "4096", "--bits", "240", "--insecure"),
        "fhe4j owner: " + ragged + " line 4");
    refused(OwnerCommand::run, owner("--label", "species"), "--label applies to your own --data");
    refused(OwnerCommand::run, owner("--data", ragged.toString(), "--synthetic", "100"), "drop --data");
  }

  @Test
  void ownerFlagsAreCheckedBeforeAnyWork() {
    refused(OwnerCommand::run, owner("--steps", "0"), "fhe4j owner: --steps 0: must be a whole number >= 1");
    refused(OwnerCommand::run, owner("--net", "196-x-10"), "--net 196-x-10: width 'x'");
    refused(OwnerCommand::run, owner("--eval-every", "3"), "--eval-every is an option of the train command");
    refused(OwnerCommand::run, owner("--bogus"), "unknown option --bogus");
    refused(OwnerCommand::run, new String[] {"--local"}, "--state DIR is required");
    refused(OwnerCommand::run, new String[] {"--state", "s", "--connect", "nohost", "--certs", "c"},
        "--connect nohost: must be HOST:PORT");
    refused(OwnerCommand::run, owner("--connect", "h:1"), "--local starts its own server");
    refused(OwnerCommand::run, owner("--run-id", "a b"), "--run-id a b: must be 1 to 64");
    refused(OwnerCommand::run, owner("--m", "4096"), "--m 4096", "add --insecure (tests only)");
  }

  @Test
  void serverFlagsAreCheckedBeforeAnyWork() {
    String d = dir.resolve("server").toString();
    refused(ServerCommand::run, new String[] {"--dir", d, "--certs", d, "--port", "x"},
        "fhe4j server: --port x: must be a whole number in 0..65535");
    refused(ServerCommand::run, new String[] {"--dir", d, "--certs", d, "--checkpoint-every", "0"},
        "--checkpoint-every 0");
    refused(ServerCommand::run, new String[] {"--bogus"}, "unknown option --bogus");
    refused(ServerCommand::run, new String[] {"--dir", d}, "--dir DIR and --certs DIR are required");
    refused(ServerCommand::run, new String[] {"--dir", d, "--certs", d}, "no server.pem");
    refused(ServerCommand::run, new String[] {"--dir"}, "--dir needs a value");
    refused(ServerCommand::run, new String[] {"--dir", d, "--certs", d, "--master", "yarn"},
        "--master yarn: give local[*], local[N] or spark://host:port");
    refused(ServerCommand::run, new String[] {"--dir", d, "--certs", d, "--master", "spark://h"},
        "--master spark://h: give");
  }

  @Test
  void masterWithoutTheSparkModuleIsAUsageError() throws java.io.IOException {
    java.nio.file.Path certs = java.nio.file.Files.createDirectories(dir.resolve("certs"));
    java.nio.file.Files.writeString(certs.resolve("server.pem"), "");
    refused(ServerCommand::run, new String[] {"--dir", dir.resolve("server").toString(), "--certs", certs.toString(),
        "--master", "local[*]"}, "--master local[*] needs the spark-server module on the class path",
        "io.fhe4j.party.PartyMain server");
  }

  @Test
  void theOwnersDefaultsAreTrains() {
    TrainOptions owner = TrainOptions.parse(TrainOptions.Command.OWNER, owner());
    assertEquals(new TrainOptions().configuration(), owner.configuration());
    assertEquals(200, owner.steps());
    assertEquals("196-32-10", owner.net().toString());
  }
}
