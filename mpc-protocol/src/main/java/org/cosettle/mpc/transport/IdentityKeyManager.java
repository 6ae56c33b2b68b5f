package org.cosettle.mpc.transport;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents exactly one identity, this party's P-256 key and its self-signed certificate, under
 * one alias, for EC key types only.
 *
 * <p>Why not {@code SslContextBuilder.keyManager(key, certificate)}: Netty puts the key into a
 * PKCS#12 key store under a password, which encrypts it with PBKDF2 (10,000 iterations of
 * HMAC-SHA-256, then AES) only to decrypt it again; on a freshly started JVM that costs about
 * 150 ms before each party can connect. Handing the key over directly does the same without it.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "cosettle-tls";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  IdentityKeyManager(TransportIdentity identity) {
    this.key = identity.privateKey();
    this.chain = new X509Certificate[] {identity.certificate()};
  }

  /** TLS 1.3 asks for "EC"; older names of EC certificate types begin with it ("EC_EC"). */
  private static boolean ec(String keyType) {
    return keyType != null && keyType.startsWith("EC");
  }

  private static String aliasFor(String... keyTypes) {
    if (keyTypes != null) {
      for (String type : keyTypes) {
        if (ec(type)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return ec(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return ec(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  @Override
  public String toString() {
    return "IdentityKeyManager[" + TransportIdentity.commonName(chain[0]) + "]";
  }
}
