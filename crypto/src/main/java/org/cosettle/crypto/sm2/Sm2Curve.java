package org.cosettle.crypto.sm2;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.cosettle.crypto.InvalidEncodingException;

/** The recommended SM2 curve of GB/T 32918.5 (sm2p256v1) and the checks every decoder shares. */
final class Sm2Curve {
  /** Bouncy Castle's specialised field arithmetic for this curve: about ten times the generic speed. */
  static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1,
      CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1));
  static final BigInteger ORDER = DOMAIN.getN();
  /** The default user ID of GB/T 35276-2017 §5.3 (also used in certificates, GM/T 0015). */
  static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
  /** The user ID's bit length is hashed as 16 bits (ENTL), so an ID has at most 8191 bytes. */
  static final int MAX_USER_ID_BYTES = 8191;

  private Sm2Curve() {}

  /** Reads a structure from DER; may fail with any of the exceptions Bouncy Castle uses. */
  interface DerReader<T> {
    T read(ASN1Primitive der) throws IOException;
  }

  /**
   * Parses {@code der} and hands it to {@code reader}, turning every failure into an
   * {@link InvalidEncodingException} naming {@code what}. Bouncy Castle reports malformed input
   * with several unchecked types, some only when a field is first read, so the whole reading
   * runs inside this one boundary.
   */
  static <T> T decode(byte[] der, String what, DerReader<T> reader) {
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
      if (primitive == null) {
        throw new InvalidEncodingException("empty input where DER-encoded " + what + " was expected");
      }
      return reader.read(primitive);
    } catch (InvalidEncodingException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("not a valid DER-encoded " + what + ": " + e.getMessage(), e);
    }
  }

  /** Parses DER nested inside an outer structure (an OCTET STRING's content). */
  static ASN1Primitive parseInner(byte[] der) throws IOException {
    ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
    if (primitive == null) {
      throw new InvalidEncodingException("an embedded DER structure is empty");
    }
    return primitive;
  }

  /** Fails unless {@code parsed} re-encodes to exactly {@code der} (rejects BER and trailing data). */
  static void requireCanonical(ASN1Object parsed, byte[] der, String what) {
    try {
      if (!Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), der)) {
        throw new InvalidEncodingException(what + " is not in canonical DER");
      }
    } catch (IOException e) {
      throw new InvalidEncodingException(what + " cannot be re-encoded: " + e.getMessage());
    }
  }

  /** Fails unless the algorithm is id-ecPublicKey on the named curve sm2p256v1. */
  static void requireSm2Algorithm(AlgorithmIdentifier algorithm) {
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
      throw new InvalidEncodingException("not an elliptic-curve key: algorithm " + algorithm.getAlgorithm());
    }
    requireSm2Curve(algorithm.getParameters());
  }

  static void requireSm2Curve(ASN1Encodable curve) {
    if (!GMObjectIdentifiers.sm2p256v1.equals(curve)) {
      throw new InvalidEncodingException("key is not on the named curve sm2p256v1 (1.2.156.10197.1.301): " + curve);
    }
  }

  /** Decodes an SEC 1 point (compressed or not), refusing the point at infinity and off-curve points. */
  static ECPoint decodePoint(byte[] encoded) {
    boolean shapeOk = (encoded.length == 65 && encoded[0] == 4)
        || (encoded.length == 33 && (encoded[0] == 2 || encoded[0] == 3));
    if (!shapeOk) {
      throw new InvalidEncodingException("an sm2p256v1 point has 65 bytes starting 04 or 33 bytes starting 02/03, "
          + "not " + encoded.length + " bytes");
    }
    try {
      return DOMAIN.getCurve().decodePoint(encoded).normalize();
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("not a point on sm2p256v1: " + e.getMessage());
    }
  }

  static void requireUserId(byte[] userId) {
    if (userId.length > MAX_USER_ID_BYTES) {
      throw new IllegalArgumentException("an SM2 user ID has at most 8191 bytes, not " + userId.length);
    }
  }
}
