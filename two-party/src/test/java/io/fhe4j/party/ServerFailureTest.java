package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Ciphertext;
import io.fhe4j.bgv.Evaluator;
import io.fhe4j.nn.encrypted.SliceProducts;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure inside a step ends the server's run as failed (its command then exits with an error and
 * keeps the checkpoint) instead of leaving the process serving a run that will never move: also for
 * a checked exception that Scala code throws undeclared (Spark's {@code SparkException} when a task
 * is too large), which once killed the trainer thread and left both parties waiting.
 */
class ServerFailureTest {
  @TempDir
  Path tmp;

  /** Products whose every job fails as a Spark job abort does: a checked exception, undeclared. */
  private static final class AbortingProducts implements SliceProducts {
    @Override
    public Ciphertext[] partialSums(Evaluator eval, List<Ciphertext> a, List<Ciphertext> b, int chunks, int groups,
        int slices) {
      return ServerFailureTest.<RuntimeException>sneakyThrow(new Exception("Job aborted due to stage failure"));
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> Ciphertext[] sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void aCheckedExceptionFromTheProductsFailsTheRun() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs"));
    ServerOptions options = Fixtures.serverOptions(tmp.resolve("server")).withProducts(new AbortingProducts());
    try (PartyServer server = PartyServer.start(0, Tls.server(certs), options)) {
      ManagedChannel ch = Fixtures.channel(server.port(), certs);
      Thread owner = new Thread(() -> {
        try {
          new OwnerClient(ch, Fixtures.owner(), Fixtures.plan(2), Fixtures.SEED, Fixtures.data(32, 3),
              Fixtures.ownerOptions("failing-run")).run();
        } catch (RuntimeException | InterruptedException expected) {
          // the owner's side ends with an error once the server is gone
        }
      }, "owner");
      owner.setDaemon(true);
      owner.start();
      try {
        assertFalse(server.awaitFinished(60_000), "the run cannot finish: every product job fails");
        assertTrue(server.failed(), "the server must report the run as failed, not keep waiting");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
