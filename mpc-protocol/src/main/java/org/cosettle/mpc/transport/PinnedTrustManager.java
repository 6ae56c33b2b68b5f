package org.cosettle.mpc.transport;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one certificate, the pinned peer's, while it is valid. Host names are not
 * checked: the pin names the peer more precisely than a host name could, and loopback or
 * private addresses would never match one anyway.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final X509Certificate pinned;
  private final byte[] pinnedDer;
  private final java.util.function.Consumer<String> onRefused;

  PinnedTrustManager(X509Certificate pinned) {
    this(pinned, reason -> { });
  }

  /** {@code onRefused} hears why a peer was refused (a listener has no other way to learn it). */
  PinnedTrustManager(X509Certificate pinned, java.util.function.Consumer<String> onRefused) {
    this.pinned = pinned;
    this.onRefused = onRefused;
    try {
      this.pinnedDer = pinned.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the pinned certificate cannot be encoded", e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    try {
      checkPinned(chain);
    } catch (CertificateException e) {
      onRefused.accept(e.getMessage());
      throw e;
    }
  }

  private void checkPinned(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
    if (!MessageDigest.isEqual(chain[0].getEncoded(), pinnedDer)) {
      throw new CertificateException("the peer's certificate (sha256 " + TransportIdentity.fingerprint(chain[0])
          + ") is not the pinned one (sha256 " + TransportIdentity.fingerprint(pinned) + ")");
    }
    // checked at every connection, not only when the file was read: a long-running server must
    // stop accepting a peer whose certificate expired since it started
    String problem = TransportIdentity.validityProblem(chain[0], Instant.now());
    if (problem != null) {
      throw new CertificateException("the peer's " + problem);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {pinned};
  }
}
