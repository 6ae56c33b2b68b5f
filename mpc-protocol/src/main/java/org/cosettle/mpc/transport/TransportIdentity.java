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
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.cosettle.crypto.Pem;

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
 * TransportFiles.writeIdentity(platform, keyFile, certFile);  // give certFile to the insurer; keyFile stays 0600
 * }</pre>
 *
 * <p>{@code cosettle keygen --tls} does the same from the command line; {@link TransportFiles}
 * reads the files back, checked.
 */
public final class TransportIdentity {
  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private TransportIdentity(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /**
   * A fresh key and a certificate for {@code CN=commonName} valid for {@code validity} from five
   * minutes ago (so that a peer whose clock is a little behind accepts it at once).
   */
  public static TransportIdentity generate(String commonName, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
    return generate(commonName, start, start.plus(validity));
  }

  /**
   * As {@link #generate(String, Duration)}, valid from {@code notBefore} to {@code notAfter}: an
   * identity for a later key rollover, or, in tests, an expired or not yet valid one.
   */
  public static TransportIdentity generate(String commonName, Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("the validity must end after it starts: " + notBefore + " to " + notAfter);
    }
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      // built attribute by attribute, not parsed from "CN=" + name: any name (commas, plus signs,
      // Chinese) is one CN value, never extra attributes
      X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
      byte[] serialBytes = new byte[16];
      random.nextBytes(serialBytes);
      BigInteger serial = new BigInteger(1, serialBytes).shiftRight(1).setBit(0);
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(notBefore),
          Date.from(notAfter), name, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new TransportIdentity(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("could not make a P-256 TLS identity", e);
    }
  }

  /**
   * An identity from its PEM certificate and PEM PKCS#8 private key (as written by this class).
   * Files are read by {@link TransportFiles}, which also names the file at fault.
   *
   * @throws IllegalArgumentException saying what is wrong: not PEM, not a certificate, not a
   *     P-256 key, or a key that does not belong to the certificate
   */
  public static TransportIdentity fromPem(String certificatePem, String privateKeyPem) {
    return of(privateKeyFromPem(privateKeyPem), certificateFromPem(certificatePem));
  }

  /** {@code key} with its {@code certificate}, checked to belong together (a test signature). */
  static TransportIdentity of(PrivateKey key, X509Certificate certificate) {
    if (!matches(key, certificate)) {
      throw new IllegalArgumentException("the private key does not belong to the certificate "
          + subject(certificate));
    }
    return new TransportIdentity(key, certificate);
  }

  /**
   * A certificate with a P-256 key from PEM text labelled {@code CERTIFICATE}: a peer's, or one's
   * own.
   *
   * @throws IllegalArgumentException saying what is wrong: not PEM, not an X.509 certificate, or
   *     a key other than P-256 (an SM2 certificate of {@code cosettle keygen --role}, say)
   */
  public static X509Certificate certificateFromPem(String pem) {
    byte[] der = Pem.decode("CERTIFICATE", pem);
    // the key type is checked on the ASN.1 structure before the JDK parses the certificate: the
    // JDK refuses an SM2 certificate as a whole, which would hide the useful message
    org.bouncycastle.asn1.x509.Certificate structure;
    try {
      structure = org.bouncycastle.asn1.x509.Certificate.getInstance(der);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the CERTIFICATE block is not an X.509 certificate");
    }
    String kind = keyKind(structure.getSubjectPublicKeyInfo().getAlgorithm());
    if (kind != null) {
      // in the order of the encoding (as subject() and cosettle keygen --role write it)
      throw new IllegalArgumentException("the certificate " + structure.getSubject() + " has " + kind
          + ", not a P-256 (ECDSA) key; TLS identities are made by cosettle keygen --tls");
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("the CERTIFICATE block is not an X.509 certificate");
    }
  }

  /** An unencrypted PKCS#8 P-256 private key from PEM text labelled {@code PRIVATE KEY}. */
  static PrivateKey privateKeyFromPem(String pem) {
    byte[] der = Pem.decode("PRIVATE KEY", pem);
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(der);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PRIVATE KEY block is not a PKCS#8 private key");
    }
    String kind = keyKind(info.getPrivateKeyAlgorithm());
    if (kind != null) {
      throw new IllegalArgumentException("the private key is " + kind
          + ", not a P-256 (ECDSA) key; TLS identities are made by cosettle keygen --tls");
    }
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the PRIVATE KEY block is not a valid P-256 private key");
    }
  }

  /**
   * What is wrong with {@code certificate}'s validity at {@code now} (expired, not yet valid), or
   * null: checked when a certificate is loaded, and again by the peer at every connection.
   */
  static String validityProblem(X509Certificate certificate, Instant now) {
    Instant notAfter = certificate.getNotAfter().toInstant();
    Instant notBefore = certificate.getNotBefore().toInstant();
    if (now.isAfter(notAfter)) {
      return "certificate " + subject(certificate) + " expired on " + notAfter;
    }
    if (now.isBefore(notBefore)) {
      return "certificate " + subject(certificate) + " is valid only from " + notBefore;
    }
    return null;
  }

  /**
   * The subject as written in messages, {@code CN=platform}: attributes in the order of the
   * encoding, as for a certificate whose key is refused in {@link #certificateFromPem}.
   */
  static String subject(X509Certificate certificate) {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).toString();
  }

  /** The common name (CN) of a certificate's subject, the party's name; the whole subject when it has none. */
  public static String commonName(X509Certificate certificate) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    org.bouncycastle.asn1.x500.RDN[] cn = name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
    return cn.length == 0 ? name.toString()
        : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(cn[0].getFirst().getValue());
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
      return Pem.encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The private key as PEM PKCS#8, for the owner's key file only ({@link TransportFiles#writeIdentity}
   * writes it owner-only): the {@link org.cosettle.crypto.SecretAccess} token marks the call.
   */
  public String privateKeyPem(org.cosettle.crypto.SecretAccess access) {
    org.cosettle.crypto.SecretAccess.check(access);
    return Pem.encode("PRIVATE KEY", privateKey.getEncoded());
  }

  /** The subject and the fingerprint; never the key. */
  @Override
  public String toString() {
    return "TransportIdentity[" + subject(certificate) + ", sha256 "
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

  /** Null for a P-256 key's algorithm; otherwise what the key is, for a message ("a key of type RSA"). */
  private static String keyKind(AlgorithmIdentifier algorithm) {
    ASN1ObjectIdentifier type = algorithm.getAlgorithm();
    if (!type.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      String name = new DefaultAlgorithmNameFinder().getAlgorithmName(type);
      return "a key of type " + name;
    }
    if (!(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
      return "an EC key without a named curve";
    }
    if (curve.equals(SECObjectIdentifiers.secp256r1)) {
      return null;
    }
    String name = ECNamedCurveTable.getName(curve);
    return "an EC key on the curve " + (name == null ? curve.getId() : name);
  }
}
