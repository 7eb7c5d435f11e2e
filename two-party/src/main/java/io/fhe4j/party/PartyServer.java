package io.fhe4j.party;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The training server as a running gRPC server: the {@link TrainingService} behind mutual TLS and
 * the owner-only check, with message-size limits (one frame plus headers) and keep-alive so that a
 * cut link is noticed. {@link #close()} shuts it down with a bounded grace period. Thread-safe.
 */
public final class PartyServer implements AutoCloseable {
  private final Server server;
  private final TrainingService service;

  private PartyServer(Server server, TrainingService service) {
    this.server = server;
    this.service = service;
  }

  /** Starts a server on {@code port} (0: any free port) with {@code credentials}. */
  public static PartyServer start(int port, ServerCredentials credentials, ServerOptions options) throws IOException {
    TrainingService service = new TrainingService(options);
    Server s = Grpc.newServerBuilderForPort(port, credentials)
        .addService(ServerInterceptors.intercept(service, Tls.ownerOnly()))
        .maxInboundMessageSize(Frames.FRAME_BYTES + (64 << 10))
        .maxInboundMetadataSize(16 << 10)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .handshakeTimeout(20, TimeUnit.SECONDS)
        .build()
        .start();
    return new PartyServer(s, service);
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** Whether the run is complete (the owner acknowledged the final model). */
  public boolean finished() {
    return service.finished();
  }

  /** Whether training stopped for good without finishing (see the log). */
  public boolean failed() {
    return service.failed();
  }

  /** Waits until the run is complete or failed, or {@code millis} passed; whether it is complete. */
  public boolean awaitFinished(long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!finished() && !failed() && System.currentTimeMillis() < end) {
      Thread.sleep(50);
    }
    return finished();
  }

  @Override
  public void close() throws InterruptedException {
    service.stop();
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
