package org.cosettle.mpc.transport;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One party's TLS identity for handshake sessions: an ECDSA P-256 key and a self-signed X.509
 * certificate. The peers pin each other's certificate (no CA is involved): each side is given
 * the other's certificate out of band, as with the SM2 certificates of {@code cosettle keygen},
 * and a connection is accepted only from exactly that certificate.
 *
 * <p>TLS uses P-256 rather than SM2 because the JDK's TLS 1.3 has no SM2 cipher suites; the
 * session's records are still signed with SM2 by the platform layer.
 *
 * <pre>{@code
 * TransportIdentity platform = TransportIdentity.generate("platform", Duration.ofDays(365));
 * Files.writeString(certFile, platform.certificatePem());          // give this to the insurer
 * Files.writeString(keyFile, platform.privateKeyPem());            // keep this (0600)
 * }</pre>
 */
public final class TransportIdentity {
  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private TransportIdentity(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /** A fresh key and a certificate for {@code CN=commonName} valid from now for {@code validity}. */
  public static TransportIdentity generate(String commonName, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=" + commonName.replace(",", "\\,").replace("=", "\\="));
      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
      byte[] serialBytes = new byte[16];
      random.nextBytes(serialBytes);
      BigInteger serial = new BigInteger(1, serialBytes).shiftRight(1).setBit(0);
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(start),
          Date.from(start.plus(validity)), name, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new TransportIdentity(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("could not make a P-256 TLS identity", e);
    }
  }

  /** An identity from its PEM certificate and PEM PKCS#8 private key (as written by this class). */
  public static TransportIdentity fromPem(String certificatePem, String privateKeyPem) {
    X509Certificate certificate = certificateFromPem(certificatePem);
    if (!(certificate.getPublicKey() instanceof ECPublicKey)) {
      throw new IllegalArgumentException("the certificate's key is not an EC key");
    }
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode("PRIVATE KEY", privateKeyPem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 EC private key");
    }
    if (!matches(key, certificate)) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
    return new TransportIdentity(key, certificate);
  }

  /** A peer's certificate from PEM text labelled {@code CERTIFICATE}. */
  public static X509Certificate certificateFromPem(String pem) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(decode("CERTIFICATE", pem)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not an X.509 certificate");
    }
  }

  /** The SHA-256 of a certificate's DER encoding, lower-case hex: what a pin compares. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  public String certificatePem() {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key as PEM PKCS#8: keep it secret (write it with mode 0600). */
  public String privateKeyPem() {
    return encode("PRIVATE KEY", privateKey.getEncoded());
  }

  /** The subject and the fingerprint; never the key. */
  @Override
  public String toString() {
    return "TransportIdentity[" + certificate.getSubjectX500Principal().getName() + ", sha256 "
        + fingerprint(certificate) + "]";
  }

  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    try {
      java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
      signer.initSign(key);
      byte[] probe = "cosettle transport identity check".getBytes(StandardCharsets.US_ASCII);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String encode(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static byte[] decode(String label, String pem) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no PEM block labelled " + label);
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad base64 in the PEM block labelled " + label);
    }
  }
}
