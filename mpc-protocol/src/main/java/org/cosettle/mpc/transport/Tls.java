package org.cosettle.mpc.transport;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Mutual TLS 1.3 with pinned certificates, for both ends of a session.
 *
 * <p>Built on Netty's {@link SslContextBuilder} rather than grpc's {@code TlsServerCredentials}
 * and {@code TlsChannelCredentials}, which have no way to restrict the protocol version: both
 * parties run this code, so nothing older than TLS 1.3 is ever needed, and refusing it leaves no
 * downgrade to older cipher suites or renegotiation. {@link GrpcSslContexts} adds what gRPC needs
 * (HTTP/2 by ALPN, its cipher suites).
 */
final class Tls {
  /** The only protocol either end speaks. */
  static final String PROTOCOL = "TLSv1.3";

  private Tls() {}

  static ServerCredentials server(TransportIdentity identity, X509Certificate client,
      java.util.function.Consumer<String> onRefused) {
    SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(new IdentityKeyManager(identity)))
        .trustManager(new PinnedTrustManager(client, onRefused))
        .clientAuth(ClientAuth.REQUIRE);
    return NettySslContextServerCredentials.create(build(builder));
  }

  static ChannelCredentials client(TransportIdentity identity, X509Certificate server) {
    SslContextBuilder builder = GrpcSslContexts.forClient()
        .keyManager(new IdentityKeyManager(identity))
        .trustManager(new PinnedTrustManager(server));
    return NettySslContextChannelCredentials.create(build(builder));
  }

  /**
   * Loads the TLS library and the JDK's TLS defaults it reads (see {@link PeerSession#initializeTls()}).
   */
  static void initialize() {
    OpenSsl.isAvailable();
    GrpcSslContexts.forClient();
  }

  private static SslContext build(SslContextBuilder builder) {
    try {
      return builder.protocols(PROTOCOL).build();
    } catch (SSLException e) {
      throw new IllegalStateException("could not set up TLS 1.3 with the TLS identity", e);
    }
  }

  /**
   * Why a connection failed, when TLS refused it, in words a person can act on; null otherwise.
   * gRPC reports only "UNAVAILABLE: io exception" or "ssl exception", with the reason several
   * causes deep: this side's own refusal of the peer's certificate (expired, not the pinned one)
   * or, when the peer refused, the TLS alert it sent.
   */
  static String describeFailure(Throwable failure) {
    SSLException deepest = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateException refused) {
        return "TLS refused the peer: " + refused.getMessage();
      }
      if (t instanceof SSLException ssl) {
        deepest = ssl;
      }
    }
    if (deepest == null) {
      return null;
    }
    return "the TLS handshake failed (" + deepest.getMessage() + "): the peer may have refused this side's "
        + "certificate (not the one it pins, expired or not yet valid), or it does not speak TLS 1.3";
  }
}
