package io.fhe4j.party;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A training server in this JVM on a loopback port, for a run of both parties on one machine
 * ({@code owner --local}, {@code train}): the same {@link PartyServer} behind mutual TLS as
 * {@code fhe4j server}, with certificates of its own authority (made in {@code certs} once, 0600
 * keys) and its folder {@code dir} (both created 0700). The owner reaches it through {@link #channel()}, so the bytes
 * are those a real link carries. Closed by its owner. Thread-safe.
 */
public final class LocalServer implements AutoCloseable {
  private final PartyServer server;
  private final Path certs;

  private LocalServer(PartyServer server, Path certs) {
    this.server = server;
    this.certs = certs;
  }

  /**
   * Starts a server with folder {@code dir} and certificates in {@code certs} (generated if
   * absent), saving every {@code checkpointEvery} steps; {@code insecure} lets it accept the owner's
   * context under 128-bit security (tests only).
   */
  public static LocalServer start(Path dir, Path certs, int checkpointEvery, boolean insecure) throws IOException {
    if (!Files.exists(certs.resolve("ca.pem"))) {
      OwnerState.createPrivate(certs);
      Certificates.generate(certs, List.of(), Duration.ofDays(30));
    }
    OwnerState.createPrivate(dir);
    ServerOptions d = ServerOptions.defaults(dir);
    ServerOptions o = new ServerOptions(dir, checkpointEvery, d.callDeadlineNanos(), d.maxMessageBytes(),
        d.maxKeyBytes(), insecure);
    return new LocalServer(PartyServer.start(0, Tls.server(certs), o), certs);
  }

  /** The loopback port it listens on. */
  public int port() {
    return server.port();
  }

  /** Where the owner connects: {@code localhost:port}. */
  public String address() {
    return "localhost:" + port();
  }

  /** A mutual-TLS channel of the owner to this server (the caller shuts it down). */
  public ManagedChannel channel() throws IOException {
    return OwnerClient.channel(address(), certs);
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
  }
}
