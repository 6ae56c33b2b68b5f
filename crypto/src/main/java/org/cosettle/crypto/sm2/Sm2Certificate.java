package org.cosettle.crypto.sm2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.Pem;
import org.cosettle.crypto.random.Prg;

/**
 * An X.509 v3 certificate signed with SM3withSM2 (OID 1.2.156.10197.1.501, GM/T 0015) over an
 * sm2p256v1 key. Built self-signed for a party's identity ({@link #selfSigned}), e.g. to pin the
 * peer of a session; parsed strictly from DER or PEM ({@code CERTIFICATE}).
 *
 * <pre>{@code
 * Sm2Certificate cert = Sm2Certificate.selfSigned(key, "CN=insurer-01,O=Example Insurance",
 *     Instant.now(), Duration.ofDays(365), prg);
 * Files.writeString(path, cert.toPem());
 * }</pre>
 */
public final class Sm2Certificate {
  private static final AlgorithmIdentifier SM3_WITH_SM2 = new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);

  private final X509CertificateHolder holder;
  private final byte[] der;
  private final Sm2PublicKey publicKey;

  private Sm2Certificate(X509CertificateHolder holder, byte[] der) {
    this.holder = holder;
    this.der = der;
    if (!isSm3WithSm2(holder.getSignatureAlgorithm())
        || !isSm3WithSm2(holder.toASN1Structure().getTBSCertificate().getSignature())) {
      throw new InvalidEncodingException("the certificate is not signed with SM3withSM2: "
          + holder.getSignatureAlgorithm().getAlgorithm());
    }
    if (holder.toASN1Structure().getSignature().getPadBits() != 0) {
      // an SM2 signature is a DER SEQUENCE, whole bytes: a BIT STRING with unused bits is no signature
      throw new InvalidEncodingException("the certificate's signature is not a whole number of bytes");
    }
    try {
      this.publicKey = Sm2PublicKey.fromDer(holder.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new InvalidEncodingException("the certificate's public key cannot be encoded", e);
    }
  }

  /** SM3withSM2 with parameters absent (as written here and by OpenSSL) or NULL (as some tools write). */
  private static boolean isSm3WithSm2(AlgorithmIdentifier algorithm) {
    return GMObjectIdentifiers.sm2sign_with_sm3.equals(algorithm.getAlgorithm())
        && (algorithm.getParameters() == null || DERNull.INSTANCE.equals(algorithm.getParameters()));
  }

  /**
   * A self-signed end-entity certificate for {@code key}'s public key, with subject and issuer
   * {@code subject} (an X.500 name such as {@code "CN=data-holder,O=Example"}), valid from
   * {@code notBefore} (truncated to seconds) for {@code validity}, a random 127-bit serial number,
   * and critical extensions basicConstraints (not a CA) and keyUsage (digitalSignature).
   */
  public static Sm2Certificate selfSigned(Sm2PrivateKey key, String subject, Instant notBefore, Duration validity,
      Prg prg) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    X500Name name = new X500Name(subject);
    Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
    BigInteger serial = new BigInteger(1, prg.nextBytes(16)).shiftRight(1).setBit(0);
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial, Date.from(start),
        Date.from(start.plus(validity)), name, SubjectPublicKeyInfo.getInstance(key.publicKey().toDer()));
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    } catch (CertIOException e) {
      throw new IllegalStateException("adding certificate extensions failed", e);
    }
    X509CertificateHolder holder = builder.build(new Sm2ContentSigner(key));
    try {
      return new Sm2Certificate(holder, holder.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("encoding the certificate failed", e);
    }
  }

  /** A certificate from DER; refuses non-canonical DER, other signature algorithms and non-SM2 keys. */
  public static Sm2Certificate fromDer(byte[] der) {
    return Sm2Curve.decode(der, "X.509 certificate", primitive -> {
      Certificate certificate = Certificate.getInstance(primitive);
      Sm2Curve.requireCanonical(certificate, der, "X.509 certificate");
      return new Sm2Certificate(new X509CertificateHolder(certificate), der.clone());
    });
  }

  /** A certificate from PEM text labelled {@code CERTIFICATE}. */
  public static Sm2Certificate fromPem(String pem) {
    return fromDer(Pem.decode("CERTIFICATE", pem));
  }

  /** Whether {@code issuer} signed this certificate (for a self-signed one: its own key). */
  public boolean isSignedBy(Sm2PublicKey issuer) {
    try {
      byte[] tbs = holder.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
      return issuer.verify(tbs, holder.getSignature());
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code time} lies within [notBefore, notAfter]. */
  public boolean isValidAt(Instant time) {
    return !time.isBefore(notBefore()) && !time.isAfter(notAfter());
  }

  public Sm2PublicKey publicKey() {
    return publicKey;
  }

  public String subject() {
    return holder.getSubject().toString();
  }

  public String issuer() {
    return holder.getIssuer().toString();
  }

  public BigInteger serialNumber() {
    return holder.getSerialNumber();
  }

  public Instant notBefore() {
    return holder.getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return holder.getNotAfter().toInstant();
  }

  public byte[] toDer() {
    return der.clone();
  }

  public String toPem() {
    return Pem.encode("CERTIFICATE", der);
  }

  @Override
  public String toString() {
    return "Sm2Certificate[" + subject() + ", serial " + serialNumber().toString(16) + ", key "
        + publicKey.fingerprint() + "]";
  }

  /** Signs the to-be-signed certificate bytes with SM3withSM2 under the default user ID (GM/T 0015). */
  private static final class Sm2ContentSigner implements ContentSigner {
    private final Sm2PrivateKey key;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    Sm2ContentSigner(Sm2PrivateKey key) {
      this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return SM3_WITH_SM2;
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      return key.sign(tbs.toByteArray());
    }
  }
}
