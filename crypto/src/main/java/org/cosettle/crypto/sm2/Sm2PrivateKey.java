package org.cosettle.crypto.sm2;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.Pem;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;

/**
 * An SM2 private key on sm2p256v1 (GB/T 32918.1/.2/.5): a scalar d in [1, n − 2] and its public
 * key dG. Signs with SM3withSM2, DER-encoding {@code SEQUENCE {r, s}} (GB/T 35276).
 *
 * <p>The per-signature nonce k comes from a {@link SecureRandom} inside this class, not from a
 * caller's {@link Prg}: two signatures under one k reveal d, and a reproducible generator makes
 * that easy to do by accident. Key generation does take a {@code Prg}, so keys can be derived
 * reproducibly in tests. {@code toString()} shows the public key's fingerprint only; the scalar
 * leaves through methods that demand {@link SecretAccess}.
 *
 * <pre>{@code
 * Sm2PrivateKey key = Sm2PrivateKey.generate(Prg.create());
 * byte[] signature = key.sign(message);
 * Files.writeString(path, key.toPkcs8Pem(SecretAccess.grant()));
 * }</pre>
 */
public final class Sm2PrivateKey {
  private static final SecureRandom NONCES = new SecureRandom();
  private static final BigInteger MAX_SCALAR = Sm2Curve.ORDER.subtract(BigInteger.TWO);

  private final ECPrivateKeyParameters key;
  private final Sm2PublicKey publicKey;

  private Sm2PrivateKey(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(MAX_SCALAR) > 0) {
      throw new InvalidEncodingException("an SM2 private scalar lies in [1, n - 2]; this one does not");
    }
    this.key = new ECPrivateKeyParameters(d, Sm2Curve.DOMAIN);
    this.publicKey = new Sm2PublicKey(new FixedPointCombMultiplier().multiply(Sm2Curve.DOMAIN.getG(), d));
  }

  /** A new key with d uniform in [1, n − 2]. */
  public static Sm2PrivateKey generate(Prg prg) {
    return new Sm2PrivateKey(BigIntegers.createRandomInRange(BigInteger.ONE, MAX_SCALAR, prg.asSecureRandom()));
  }

  /** A key from its raw 32-byte big-endian scalar (the GM/T 0009 form). */
  public static Sm2PrivateKey fromRawScalar(byte[] scalar) {
    if (scalar.length != 32) {
      throw new InvalidEncodingException("a raw SM2 private key has 32 bytes, not " + scalar.length);
    }
    return new Sm2PrivateKey(new BigInteger(1, scalar));
  }

  /**
   * A key from DER PKCS#8 PrivateKeyInfo holding an RFC 5915 ECPrivateKey on sm2p256v1. An
   * embedded public key, if present, must match the scalar.
   */
  public static Sm2PrivateKey fromPkcs8Der(byte[] der) {
    return Sm2Curve.decode(der, "PKCS#8 SM2 private key", primitive -> {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(primitive);
      Sm2Curve.requireCanonical(info, der, "PKCS#8 PrivateKeyInfo");
      Sm2Curve.requireSm2Algorithm(info.getPrivateKeyAlgorithm());
      if (!BigInteger.ZERO.equals(info.getVersion().getValue()) || info.getAttributes() != null
          || info.getPublicKeyData() != null) {
        throw new InvalidEncodingException("only version-1 PKCS#8 keys without attributes are read");
      }
      byte[] inner = info.getPrivateKey().getOctets();
      ECPrivateKey ecKey = ECPrivateKey.getInstance(Sm2Curve.parseInner(inner));
      Sm2Curve.requireCanonical(ecKey, inner, "RFC 5915 ECPrivateKey");
      ASN1Sequence fields = ASN1Sequence.getInstance(ecKey.toASN1Primitive());
      if (!BigInteger.ONE.equals(ASN1Integer.getInstance(fields.getObjectAt(0)).getValue())
          || ASN1OctetString.getInstance(fields.getObjectAt(1)).getOctets().length != 32) {
        throw new InvalidEncodingException("an RFC 5915 ECPrivateKey has version 1 and a 32-byte scalar here");
      }
      if (ecKey.getParametersObject() != null) {
        Sm2Curve.requireSm2Curve(ecKey.getParametersObject());
      }
      Sm2PrivateKey key = new Sm2PrivateKey(ecKey.getKey());
      ASN1BitString embedded = ecKey.getPublicKey();
      if (embedded != null && (embedded.getPadBits() != 0
          || !Sm2Curve.decodePoint(embedded.getOctets()).equals(key.publicKey.point()))) {
        throw new InvalidEncodingException("the public key inside the PKCS#8 key does not match its private scalar");
      }
      return key;
    });
  }

  /** A key from PEM text labelled {@code PRIVATE KEY} (unencrypted PKCS#8). */
  public static Sm2PrivateKey fromPkcs8Pem(String pem) {
    return fromPkcs8Der(Pem.decode("PRIVATE KEY", pem));
  }

  public Sm2PublicKey publicKey() {
    return publicKey;
  }

  /** The SM3withSM2 signature of {@code message} under the default user ID "1234567812345678". */
  public byte[] sign(byte[] message) {
    return sign(message, Sm2Curve.DEFAULT_USER_ID);
  }

  /** The SM3withSM2 signature of {@code message} under {@code userId} (at most 8191 bytes). */
  public byte[] sign(byte[] message, byte[] userId) {
    return sign(message, userId, NONCES);
  }

  /** Signing with a chosen nonce source, for the standard's fixed-k example only. */
  byte[] sign(byte[] message, byte[] userId, SecureRandom nonceSource) {
    Sm2Curve.requireUserId(userId);
    SM2Signer signer = new SM2Signer();
    signer.init(true, new ParametersWithID(new ParametersWithRandom(key, nonceSource), userId));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("SM2 signing failed", e);
    }
  }

  /** DER PKCS#8 PrivateKeyInfo (unencrypted: protect the file or wrap it with an {@code Aead}). */
  public byte[] toPkcs8Der(SecretAccess access) {
    SecretAccess.check(access);
    try {
      return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("encoding an SM2 private key failed", e);
    }
  }

  /** PEM text labelled {@code PRIVATE KEY}. */
  public String toPkcs8Pem(SecretAccess access) {
    return Pem.encode("PRIVATE KEY", toPkcs8Der(access));
  }

  /** The raw 32-byte big-endian scalar. */
  public byte[] toRawScalar(SecretAccess access) {
    SecretAccess.check(access);
    return BigIntegers.asUnsignedByteArray(32, key.getD());
  }

  @Override
  public String toString() {
    return "Sm2PrivateKey[sm2p256v1, public key " + publicKey.fingerprint() + "]";
  }
}
