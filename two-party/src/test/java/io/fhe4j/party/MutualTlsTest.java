package io.fhe4j.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.party.proto.OpenRequest;
import io.fhe4j.party.proto.TrainingServerGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the run's owner gets through: other authorities, no certificate, or the server's own certificate are refused. */
class MutualTlsTest {
  @TempDir
  Path tmp;

  private static OpenRequest open() {
    return OpenRequest.newBuilder().setProtocolVersion(TrainingService.PROTOCOL_VERSION).setRunId("r")
        .setSpec(Fixtures.plan(1).toMsg())
        .setContextFingerprint("x").build();
  }

  private Status.Code call(int port, ChannelCredentials creds) throws InterruptedException {
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("localhost", port, creds).build();
    try {
      TrainingServerGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS).open(open());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void onlyTheOwnerOfTheRunsAuthorityIsServed() throws Exception {
    Path run = Fixtures.certs(tmp.resolve("run"));
    Path other = Fixtures.certs(tmp.resolve("other"));
    Path dir = tmp.resolve("server");
    try (PartyServer server = PartyServer.start(0, Tls.server(run), Fixtures.serverOptions(dir))) {
      int port = server.port();
      // a client of another authority (its owner certificate, trusting its own CA)
      assertEquals(Status.Code.UNAVAILABLE, call(port, Tls.owner(other)));
      // another authority's owner certificate, though it trusts the run's CA
      assertEquals(Status.Code.UNAVAILABLE, call(port, TlsChannelCredentials.newBuilder()
          .keyManager(other.resolve("owner.pem").toFile(), other.resolve("owner-key.pem").toFile())
          .trustManager(run.resolve("ca.pem").toFile()).build()));
      // no client certificate at all
      assertEquals(Status.Code.UNAVAILABLE, call(port, TlsChannelCredentials.newBuilder()
          .trustManager(run.resolve("ca.pem").toFile()).build()));
      // the run's server certificate used as a client certificate (right authority, wrong role)
      Status.Code asServer = call(port, TlsChannelCredentials.newBuilder()
          .keyManager(run.resolve("server.pem").toFile(), run.resolve("server-key.pem").toFile())
          .trustManager(run.resolve("ca.pem").toFile()).build());
      assertTrue(asServer == Status.Code.UNAVAILABLE || asServer == Status.Code.UNAUTHENTICATED, asServer.toString());
      assertFalse(Files.exists(dir.resolve("run.bin")), "a refused client opened a run");
      // the owner gets through (its Open is then judged on its content)
      assertEquals(Status.Code.OK, call(port, Tls.owner(run)));
    }
  }

  @Test
  void privateKeysAreWrittenForTheOwnerOnlyAndNeverOverwritten() throws Exception {
    Path d = Fixtures.certs(tmp.resolve("c"));
    for (String k : new String[] {"ca-key.pem", "server-key.pem", "owner-key.pem"}) {
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(d.resolve(k)), k);
    }
    byte[] before = Files.readAllBytes(d.resolve("owner-key.pem"));
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Fixtures.certs(d));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(d.resolve("owner-key.pem"))));
  }
}
