package io.fhe4j.party;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Mutual TLS for both parties, in one place: the server's credentials require a client
 * certificate signed by the run's authority ({@code ca.pem}), the owner's verify the server's
 * certificate against the same authority and the host name; {@link #ownerOnly()} additionally
 * checks, on every call, that the client's certificate is the owner's (not the server's own).
 * Files are the ones {@link Certificates#generate} writes. Stateless.
 */
public final class Tls {
  private static final Logger LOG = Logger.getLogger(Tls.class.getName());

  private Tls() {}

  /** The server's credentials from {@code dir}: server.pem, server-key.pem, trusting ca.pem, client certs required. */
  public static ServerCredentials server(Path dir) throws IOException {
    return TlsServerCredentials.newBuilder()
        .keyManager(file(dir, "server.pem"), file(dir, "server-key.pem"))
        .trustManager(file(dir, "ca.pem"))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** The owner's credentials from {@code dir}: owner.pem, owner-key.pem, trusting ca.pem. */
  public static ChannelCredentials owner(Path dir) throws IOException {
    return TlsChannelCredentials.newBuilder()
        .keyManager(file(dir, "owner.pem"), file(dir, "owner-key.pem"))
        .trustManager(file(dir, "ca.pem"))
        .build();
  }

  private static java.io.File file(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IOException(p + " does not exist: make the certificates with the 'certs' command");
    }
    return p.toFile();
  }

  /** An interceptor that refuses (UNAUTHENTICATED) a call whose peer certificate is not the owner's. */
  public static ServerInterceptor ownerOnly() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String who = peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (!("CN=" + Certificates.OWNER_NAME).equals(who)) {
          LOG.warning("refused a call from " + who + " (" + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
              + "): not the owner's certificate");
          call.close(Status.UNAUTHENTICATED.withDescription("only the run's owner may call this server"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  private static String peer(SSLSession s) {
    if (s == null) {
      return "a peer without TLS";
    }
    try {
      Certificate[] c = s.getPeerCertificates();
      return c.length > 0 && c[0] instanceof X509Certificate x ? x.getSubjectX500Principal().getName()
          : "a peer without certificate";
    } catch (SSLPeerUnverifiedException e) {
      return "an unverified peer";
    }
  }
}
