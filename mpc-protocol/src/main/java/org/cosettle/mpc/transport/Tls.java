package org.cosettle.mpc.transport;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** Mutual TLS with pinned certificates, for both ends of a session. */
final class Tls {
  private Tls() {}

  static ServerCredentials server(TransportIdentity identity, X509Certificate client) {
    return TlsServerCredentials.newBuilder()
        .keyManager(keyManagers(identity))
        .trustManager(new PinnedTrustManager(client))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  static ChannelCredentials client(TransportIdentity identity, X509Certificate server) {
    return TlsChannelCredentials.newBuilder()
        .keyManager(keyManagers(identity))
        .trustManager(new PinnedTrustManager(server))
        .build();
  }

  private static KeyManager[] keyManagers(TransportIdentity identity) {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("identity", identity.privateKey(), password, new Certificate[] {identity.certificate()});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("could not load the TLS identity", e);
    }
  }
}
