package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.nn.fixed.FixedPointData;
import io.fhe4j.nn.fixed.LongMatrix;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner and the server over real sockets on loopback with mutual TLS: 3 steps, bit-exact. */
class TwoPartyTrainingTest {
  @TempDir
  Path tmp;

  @Test
  void threeStepsOverLoopbackTlsEqualThePlainReplayBitForBit() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs"));
    TrainingPlan plan = Fixtures.plan(3);
    FixedPointData data = Fixtures.data(32, 3);
    try (PartyServer server = PartyServer.start(0, Tls.server(certs), Fixtures.serverOptions(tmp.resolve("server")))) {
      ManagedChannel ch = Fixtures.channel(server.port(), certs);
      try {
        OwnerClient.Result r = new OwnerClient(ch, Fixtures.owner(), plan, Fixtures.SEED, data,
            Fixtures.ownerOptions("test-run")).run();
        List<LongMatrix> expected = PlainReplay.parameters(PlainReplay.train(plan, Fixtures.SEED, data, 3));
        assertEquals(expected, r.model());
        assertEquals(0, r.resumedAt());
        assertTrue(r.keyBytes() > 0 && r.sentBytes() > 0 && r.receivedBytes() > 0, r.toString());
        assertTrue(r.refreshRounds() >= 3 * 4, "refresh rounds " + r.refreshRounds());
        assertTrue(r.dataRequests() >= 6, "data requests " + r.dataRequests());
        assertTrue(r.prefetched() >= 2, "uploads encrypted ahead " + r.prefetched());
        assertTrue(server.awaitFinished(10_000));
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aServerWithoutTheOptInRefusesAnInsecureContext() throws Exception {
    Path certs = Fixtures.certs(tmp.resolve("certs"));
    TrainingPlan plan = Fixtures.plan(1);
    FixedPointData data = Fixtures.data(32, 3);
    ServerOptions secureOnly = Fixtures.serverOptions(tmp.resolve("server")).withInsecure(false);
    try (PartyServer server = PartyServer.start(0, Tls.server(certs), secureOnly)) {
      ManagedChannel ch = Fixtures.channel(server.port(), certs);
      try {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> new OwnerClient(ch,
            Fixtures.owner(), plan, Fixtures.SEED, data, Fixtures.ownerOptions("insecure-run")).run());
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.toString());
        assertTrue(e.getStatus().getDescription().contains("under 128-bit security")
            && e.getStatus().getDescription().contains("--insecure"), e.toString());
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
