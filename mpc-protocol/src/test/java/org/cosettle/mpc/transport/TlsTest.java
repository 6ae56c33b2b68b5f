package org.cosettle.mpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.cosettle.crypto.channel.ChannelException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS of handshake sessions: TLS 1.3 only, and pinned certificates used only while valid. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
  static final SessionHello HELLO = new SessionHello("cosettle.test/1", "policy-hash".getBytes(StandardCharsets.UTF_8));
  static final TransportOptions OPTIONS = TransportOptions.DEFAULTS.withReceiveTimeout(Duration.ofSeconds(20));
  static TransportIdentity platform;
  static TransportIdentity insurer;

  @BeforeAll
  static void identities() {
    platform = TransportIdentity.generate("platform", Duration.ofDays(1));
    insurer = TransportIdentity.generate("insurer", Duration.ofDays(1));
  }

  @Test
  void eachPartyPresentsItsP256IdentityForEcKeyTypesOnly() {
    IdentityKeyManager keys = new IdentityKeyManager(platform);
    String alias = keys.chooseEngineServerAlias("EC", null, null);
    assertEquals(platform.certificate(), keys.getCertificateChain(alias)[0]);
    assertEquals(platform.privateKey(), keys.getPrivateKey(alias));
    assertEquals(alias, keys.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null));
    assertNull(keys.chooseEngineServerAlias("RSA", null, null));
    assertNull(keys.chooseEngineClientAlias(new String[] {"RSA", "DSA"}, null, null));
    assertNull(keys.getPrivateKey("another alias"));
  }

  @Test
  void theListeningPartyRefusesTls12AndSpeaksTls13() throws Exception {
    try (HandshakeServer server = HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), platform,
        insurer.certificate(), HELLO, OPTIONS, session -> {})) {
      try (SSLSocket socket = dial(server.port(), "TLSv1.2")) {
        assertThrows(SSLHandshakeException.class, socket::startHandshake);
      }
      // the same client with TLS 1.3 gets through the handshake: what failed above was the version
      try (SSLSocket socket = dial(server.port(), "TLSv1.3")) {
        socket.startHandshake();
        assertEquals("TLSv1.3", socket.getSession().getProtocol());
      }
    }
  }

  @Test
  void theDiallingPartyRefusesTls12AndSpeaksTls13() throws Exception {
    for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
      try (SSLServerSocket listener = (SSLServerSocket) context(platform, insurer.certificate()).getServerSocketFactory()
          .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        listener.setEnabledProtocols(new String[] {version});
        CompletableFuture<String> handshake = CompletableFuture.supplyAsync(() -> {
          try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.startHandshake();
            return socket.getSession().getProtocol();
          } catch (java.io.IOException e) {
            return "refused: " + e;
          }
        });
        // this listener speaks TLS but not gRPC, so the session fails either way; what matters is
        // whether the TLS handshake under it succeeded
        assertThrows(ChannelException.class, () -> HandshakeClient.connect(
            new InetSocketAddress("127.0.0.1", listener.getLocalPort()), insurer, platform.certificate(), HELLO, OPTIONS));
        String outcome = handshake.get(20, TimeUnit.SECONDS);
        if (version.equals("TLSv1.2")) {
          assertTrue(outcome.startsWith("refused: javax.net.ssl.SSLHandshakeException"), outcome);
        } else {
          assertEquals("TLSv1.3", outcome);
        }
      }
    }
  }

  @Test
  void anExpiredPinnedCertificateIsRefusedAtConnection() throws Exception {
    TransportIdentity expired = validForDays("platform", -10, -1);
    ChannelException e = refused(expired, insurer);
    // the dialling party refused: it says why in its own message, not only deep in the causes
    assertTrue(e.getMessage().contains("TLS refused the peer: the peer's certificate CN=platform expired on "
        + expired.certificate().getNotAfter().toInstant()), e.getMessage());
  }

  @Test
  void aPinnedCertificateNotYetValidIsRefusedAtConnection() throws Exception {
    TransportIdentity early = validForDays("insurer", 1, 10);
    ChannelException e = refused(platform, early);
    // the listening party refused: the dialling party hears only a TLS alert, and says what it may mean
    assertTrue(e.getMessage().contains("the peer may have refused this side's certificate"), e.getMessage());
  }

  @Test
  void theTrustManagerSaysWhyItRefusesAValidityItDoesNotAccept() {
    TransportIdentity old = TransportIdentity.generate("old", Instant.parse("2024-01-01T00:00:00Z"),
        Instant.parse("2025-01-01T00:00:00Z"));
    TransportIdentity future = TransportIdentity.generate("future", Instant.parse("2999-01-01T00:00:00Z"),
        Instant.parse("2999-02-01T00:00:00Z"));
    CertificateException e = assertThrows(CertificateException.class, () -> new PinnedTrustManager(old.certificate())
        .checkServerTrusted(new X509Certificate[] {old.certificate()}, "ECDHE_ECDSA"));
    assertEquals("the peer's certificate CN=old expired on 2025-01-01T00:00:00Z", e.getMessage());
    e = assertThrows(CertificateException.class, () -> new PinnedTrustManager(future.certificate())
        .checkClientTrusted(new X509Certificate[] {future.certificate()}, "ECDHE_ECDSA"));
    assertEquals("the peer's certificate CN=future is valid only from 2999-01-01T00:00:00Z", e.getMessage());
  }

  /** An identity valid from {@code from} to {@code to} days from now (negative: in the past). */
  private static TransportIdentity validForDays(String name, int from, int to) {
    Instant now = Instant.now();
    return TransportIdentity.generate(name, now.plus(Duration.ofDays(from)), now.plus(Duration.ofDays(to)));
  }

  /** A session between these two, each pinning the other's certificate: refused, before any session ran. */
  private static ChannelException refused(TransportIdentity listening, TransportIdentity dialling) throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    ChannelException e;
    try (HandshakeServer server = HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), listening,
        dialling.certificate(), HELLO, OPTIONS, session -> ran.set(true))) {
      e = assertThrows(ChannelException.class, () -> HandshakeClient.connect(
          new InetSocketAddress("127.0.0.1", server.port()), dialling, listening.certificate(), HELLO, OPTIONS));
    }
    assertFalse(ran.get(), "no session with a peer whose certificate is not valid now");
    return e;
  }

  /** A plain JDK TLS client with the insurer's certificate, pinning the platform's, speaking only {@code version}. */
  private static SSLSocket dial(int port, String version) throws Exception {
    SSLSocket socket = (SSLSocket) context(insurer, platform.certificate()).getSocketFactory()
        .createSocket("127.0.0.1", port);
    socket.setEnabledProtocols(new String[] {version});
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static SSLContext context(TransportIdentity me, X509Certificate peer) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("me", me.privateKey(), new char[0], new Certificate[] {me.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), new TrustManager[] {new PinnedTrustManager(peer)}, null);
    return context;
  }
}
