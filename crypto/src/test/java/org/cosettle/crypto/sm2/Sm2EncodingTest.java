package org.cosettle.crypto.sm2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.cosettle.crypto.DecoderFuzz;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/** Round trips of keys and certificates, and every decoder against garbage, truncation and mutation. */
class Sm2EncodingTest {
  private static final int TRIES = Integer.getInteger("cosettle.fuzz.tries", 2000);
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private final Prg prg = Prg.fromSeed(new byte[16]);
  private final Sm2PrivateKey key = Sm2PrivateKey.generate(prg);

  @Test
  void keysRoundTripThroughDerPemAndPoints() {
    Sm2PublicKey publicKey = key.publicKey();
    assertEquals(publicKey, Sm2PublicKey.fromDer(publicKey.toDer()));
    assertEquals(publicKey, Sm2PublicKey.fromPem(publicKey.toPem()));
    assertEquals(publicKey, Sm2PublicKey.fromEncodedPoint(publicKey.encodedPoint()));
    assertTrue(publicKey.toPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    SecretAccess access = SecretAccess.grant();
    Sm2PrivateKey fromDer = Sm2PrivateKey.fromPkcs8Der(key.toPkcs8Der(access));
    Sm2PrivateKey fromPem = Sm2PrivateKey.fromPkcs8Pem("\n  " + key.toPkcs8Pem(access).replace("\n", "\r\n") + "\n");
    assertArrayEquals(key.toRawScalar(access), fromDer.toRawScalar(access));
    assertArrayEquals(key.toRawScalar(access), fromPem.toRawScalar(access));
    byte[] message = {1, 2, 3};
    assertTrue(publicKey.verify(message, fromPem.sign(message)));
  }

  @Test
  void selfSignedCertificatesCarryTheKeyAndVerify() {
    Sm2Certificate cert = Sm2Certificate.selfSigned(key, "CN=insurer-01,O=Example", NOW.plusMillis(700),
        Duration.ofDays(365), prg);
    assertEquals(key.publicKey(), cert.publicKey());
    assertEquals("CN=insurer-01,O=Example", cert.subject());
    assertEquals(cert.subject(), cert.issuer());
    assertEquals(NOW, cert.notBefore());
    assertEquals(NOW.plus(Duration.ofDays(365)), cert.notAfter());
    assertTrue(cert.serialNumber().signum() > 0);
    assertTrue(cert.isSignedBy(key.publicKey()));
    assertFalse(cert.isSignedBy(Sm2PrivateKey.generate(prg).publicKey()));
    assertTrue(cert.isValidAt(NOW.plus(Duration.ofDays(1))));
    assertFalse(cert.isValidAt(NOW.minusSeconds(1)));
    Sm2Certificate parsed = Sm2Certificate.fromPem(cert.toPem());
    assertArrayEquals(cert.toDer(), parsed.toDer());
    assertTrue(parsed.isSignedBy(key.publicKey()));
    assertThrows(IllegalArgumentException.class,
        () -> Sm2Certificate.selfSigned(key, "CN=x", NOW, Duration.ZERO, prg));
  }

  @Test
  void certificatesSignedWithAnotherAlgorithmAreRefused() {
    byte[] der = Sm2Certificate.selfSigned(key, "CN=x", NOW, Duration.ofDays(1), prg).toDer();
    byte[] sm3WithSm2 = {0x06, 0x08, 0x2a, (byte) 0x81, 0x1c, (byte) 0xcf, 0x55, 0x01, (byte) 0x83, 0x75};
    int first = indexOf(der, sm3WithSm2, 0);
    int second = indexOf(der, sm3WithSm2, first + 1);
    assertTrue(first > 0 && second > first, "both algorithm identifiers found");
    for (int at : new int[] {first, second}) {
      byte[] changed = der.clone();
      changed[at + sm3WithSm2.length - 1] = 0x76; // 1.2.156.10197.1.502, SM2 with SHA-1
      InvalidEncodingException e = assertThrows(InvalidEncodingException.class, () -> Sm2Certificate.fromDer(changed));
      assertTrue(e.getMessage().contains("SM3withSM2"), e.getMessage());
    }
  }

  @Test
  void aCertificateWhoseSignatureIsNotWholeBytesIsRefused() {
    byte[] der = Sm2Certificate.selfSigned(key, "CN=x", NOW, Duration.ofDays(1), prg).toDer();
    byte[] signature = org.bouncycastle.asn1.x509.Certificate.getInstance(der).getSignature().getOctets();
    // the signature BIT STRING ends the certificate: its unused-bits byte comes right before the signature
    int unusedBits = der.length - signature.length - 1;
    assertEquals(0, der[unusedBits]);
    byte[] changed = der.clone();
    changed[unusedBits] = 1;
    changed[der.length - 1] &= (byte) 0xfe; // the unused bit is 0, as DER wants: canonical, but no signature
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, () -> Sm2Certificate.fromDer(changed));
    assertTrue(e.getMessage().contains("not a whole number of bytes"), e.getMessage());
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    for (int i = from; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void keysOnOtherCurvesAreRefused() throws Exception {
    X9ECParameters p256 = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256),
        prg.asSecureRandom()));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded(ASN1Encoding.DER);
    byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded(ASN1Encoding.DER);
    assertTrue(assertThrows(InvalidEncodingException.class, () -> Sm2PublicKey.fromDer(spki)).getMessage()
        .contains("sm2p256v1"));
    assertTrue(assertThrows(InvalidEncodingException.class, () -> Sm2PrivateKey.fromPkcs8Der(pkcs8)).getMessage()
        .contains("sm2p256v1"));
  }

  @Test
  void pemTextMustBeOneObjectOfTheRightKind() {
    String pem = key.publicKey().toPem();
    InvalidEncodingException wrongKind = assertThrows(InvalidEncodingException.class, () -> Sm2PrivateKey.fromPkcs8Pem(pem));
    assertEquals("found PEM text labelled PUBLIC KEY where PRIVATE KEY was expected", wrongKind.getMessage());
    assertTrue(assertThrows(InvalidEncodingException.class, () -> Sm2PublicKey.fromPem("0\u0082\u0001"))
        .getMessage().startsWith("not PEM text"));
    assertThrows(InvalidEncodingException.class, () -> Sm2PublicKey.fromPem(pem + pem));
    assertThrows(InvalidEncodingException.class, () -> Sm2PublicKey.fromPem(pem.replace("M", "*")));
    assertThrows(InvalidEncodingException.class, () -> Sm2PublicKey.fromPem(""));
    for (int length = 0; length < pem.length() - 2; length += 3) {
      String truncated = pem.substring(0, length);
      assertThrows(InvalidEncodingException.class, () -> Sm2PublicKey.fromPem(truncated), truncated);
    }
    String alphabet = "ABCXYZabcxyz0189+/=-\n \u00e9*";
    for (int trial = 0; trial < TRIES; trial++) {
      char[] text = pem.toCharArray();
      text[(int) prg.nextLongBelow(text.length)] = alphabet.charAt((int) prg.nextLongBelow(alphabet.length()));
      try {
        Sm2PublicKey.fromPem(new String(text));
      } catch (InvalidEncodingException expected) {
        assertFalse(expected.getMessage().isEmpty());
      } catch (RuntimeException e) {
        fail("PEM decoder threw " + e + " instead of InvalidEncodingException", e);
      }
    }
  }

  @Test
  void publicKeyDecoderRejectsGarbageTruncationAndMutation() {
    fuzz(key.publicKey().toDer(), Sm2PublicKey::fromDer, Sm2PublicKey::toDer);
    fuzz(key.publicKey().encodedPoint(), Sm2PublicKey::fromEncodedPoint, Sm2PublicKey::encodedPoint);
  }

  @Test
  void privateKeyDecoderRejectsGarbageTruncationAndMutation() {
    SecretAccess access = SecretAccess.grant();
    fuzz(key.toPkcs8Der(access), Sm2PrivateKey::fromPkcs8Der, k -> k.toPkcs8Der(access));
  }

  @Test
  void certificateDecoderRejectsGarbageTruncationAndMutation() {
    Sm2Certificate cert = Sm2Certificate.selfSigned(key, "CN=fuzz", NOW, Duration.ofDays(1), prg);
    fuzz(cert.toDer(), Sm2Certificate::fromDer, Sm2Certificate::toDer);
  }

  private <T> void fuzz(byte[] valid, Function<byte[], T> decoder, Function<T, byte[]> encoder) {
    DecoderFuzz.check(valid, decoder, encoder, prg, TRIES, message -> { });
  }
}
