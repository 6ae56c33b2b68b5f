package org.cosettle.crypto.sm2;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.cosettle.crypto.Fingerprint;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.Pem;

/**
 * An SM2 public key on sm2p256v1 (GB/T 32918), verifying SM3withSM2 signatures. Imports and
 * exports the X.509 SubjectPublicKeyInfo form (DER, or PEM labelled {@code PUBLIC KEY}) and the
 * raw SEC 1 point; every decoder refuses other curves, off-curve points and non-canonical DER.
 *
 * <pre>{@code
 * Sm2PublicKey peer = Sm2PublicKey.fromPem(Files.readString(path));
 * boolean ok = peer.verify(message, signature);
 * }</pre>
 */
public final class Sm2PublicKey {
  private final ECPublicKeyParameters key;

  Sm2PublicKey(ECPoint point) {
    this.key = new ECPublicKeyParameters(point.normalize(), Sm2Curve.DOMAIN);
  }

  /** A key from its SEC 1 encoding: 65 bytes {@code 04 ‖ x ‖ y} or 33 bytes compressed. */
  public static Sm2PublicKey fromEncodedPoint(byte[] encoded) {
    ECPoint point = Sm2Curve.decodePoint(encoded);
    if (point.isInfinity()) {
      throw new InvalidEncodingException("the point at infinity is not a public key");
    }
    return new Sm2PublicKey(point);
  }

  /** A key from DER SubjectPublicKeyInfo (id-ecPublicKey, named curve sm2p256v1). */
  public static Sm2PublicKey fromDer(byte[] der) {
    return Sm2Curve.decode(der, "SubjectPublicKeyInfo", primitive -> {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(primitive);
      Sm2Curve.requireCanonical(info, der, "SubjectPublicKeyInfo");
      Sm2Curve.requireSm2Algorithm(info.getAlgorithm());
      if (info.getPublicKeyData().getPadBits() != 0) {
        throw new InvalidEncodingException("the public key bit string has unused bits");
      }
      return fromEncodedPoint(info.getPublicKeyData().getOctets());
    });
  }

  /** A key from PEM text labelled {@code PUBLIC KEY}. */
  public static Sm2PublicKey fromPem(String pem) {
    return fromDer(Pem.decode("PUBLIC KEY", pem));
  }

  /**
   * Whether {@code signature} (DER {@code SEQUENCE {r, s}}) is this key's SM3withSM2 signature of
   * {@code message} under the default user ID {@code "1234567812345678"}. Malformed signatures
   * give {@code false}.
   */
  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, signature, Sm2Curve.DEFAULT_USER_ID);
  }

  /** As {@link #verify(byte[], byte[])} with an explicit user ID (at most 8191 bytes). */
  public boolean verify(byte[] message, byte[] signature, byte[] userId) {
    Sm2Curve.requireUserId(userId);
    SM2Signer verifier = new SM2Signer();
    verifier.init(false, new ParametersWithID(key, userId));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** The uncompressed SEC 1 point, {@code 04 ‖ x ‖ y} (65 bytes). */
  public byte[] encodedPoint() {
    return key.getQ().getEncoded(false);
  }

  /** DER SubjectPublicKeyInfo. */
  public byte[] toDer() {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("encoding an SM2 public key failed", e);
    }
  }

  /** PEM text labelled {@code PUBLIC KEY}. */
  public String toPem() {
    return Pem.encode("PUBLIC KEY", toDer());
  }

  ECPoint point() {
    return key.getQ();
  }

  ECPublicKeyParameters parameters() {
    return key;
  }

  /** Eight hex digits identifying the key (SHA-256 of its point), for logs. */
  public String fingerprint() {
    return Fingerprint.of("cosettle/sm2-public-key", encodedPoint());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sm2PublicKey && ((Sm2PublicKey) o).key.getQ().equals(key.getQ());
  }

  @Override
  public int hashCode() {
    return key.getQ().hashCode();
  }

  @Override
  public String toString() {
    return "Sm2PublicKey[sm2p256v1, " + fingerprint() + "]";
  }
}
