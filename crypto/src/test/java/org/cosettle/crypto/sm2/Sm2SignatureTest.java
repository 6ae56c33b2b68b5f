package org.cosettle.crypto.sm2;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class Sm2SignatureTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  // GB/T 32918.5-2017 (= GM/T 0003.5-2012) Annex A: signature example on the recommended curve.
  private static final String D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
  private static final String PX = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
  private static final String PY = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
  private static final String K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
  private static final String R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
  private static final String S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
  private static final byte[] MESSAGE = "message digest".getBytes(US_ASCII);
  private static final byte[] USER_ID = "1234567812345678".getBytes(US_ASCII);

  private static byte[] derSignature(String r, String s) throws Exception {
    return new DERSequence(new ASN1Integer[] {new ASN1Integer(new BigInteger(r, 16)), new ASN1Integer(new BigInteger(s, 16))})
        .getEncoded();
  }

  /** Returns the given bytes as its "random" output: the standard fixes k. */
  private static SecureRandom fixedOutput(byte[] bytes) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] out) {
        System.arraycopy(bytes, 0, out, 0, out.length);
      }
    };
  }

  @Test
  void standardExampleKeyGivesTheStandardPublicKey() {
    Sm2PrivateKey key = Sm2PrivateKey.fromRawScalar(HEX.parseHex(D));
    assertEquals("04" + PX + PY, HEX.formatHex(key.publicKey().encodedPoint()));
  }

  @Test
  void signingWithTheStandardsNonceGivesTheStandardSignature() throws Exception {
    Sm2PrivateKey key = Sm2PrivateKey.fromRawScalar(HEX.parseHex(D));
    byte[] signature = key.sign(MESSAGE, USER_ID, fixedOutput(HEX.parseHex(K)));
    ASN1Sequence rs = ASN1Sequence.getInstance(signature);
    assertEquals(new BigInteger(R, 16), ASN1Integer.getInstance(rs.getObjectAt(0)).getValue());
    assertEquals(new BigInteger(S, 16), ASN1Integer.getInstance(rs.getObjectAt(1)).getValue());
  }

  @Test
  void theStandardSignatureVerifiesOnlyForItsMessageIdAndKey() throws Exception {
    Sm2PublicKey publicKey = Sm2PublicKey.fromEncodedPoint(HEX.parseHex("04" + PX + PY));
    byte[] signature = derSignature(R, S);
    assertTrue(publicKey.verify(MESSAGE, signature));
    assertTrue(publicKey.verify(MESSAGE, signature, USER_ID));
    assertFalse(publicKey.verify("message digesT".getBytes(US_ASCII), signature));
    assertFalse(publicKey.verify(MESSAGE, signature, "ALICE123@YAHOO.COM".getBytes(US_ASCII)));
    assertFalse(publicKey.verify(MESSAGE, derSignature(R, "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AB")));
    assertFalse(Sm2PrivateKey.generate(Prg.fromSeed(new byte[16])).publicKey().verify(MESSAGE, signature));
  }

  @Test
  void freshSignaturesVerifyAndEveryModifiedByteBreaksThem() {
    Prg prg = Prg.fromSeed(new byte[16]);
    Sm2PrivateKey key = Sm2PrivateKey.generate(prg);
    byte[] message = prg.nextBytes(200);
    byte[] signature = key.sign(message);
    byte[] again = key.sign(message);
    assertFalse(Arrays.equals(signature, again), "two signatures share a nonce");
    assertTrue(key.publicKey().verify(message, signature));
    assertTrue(key.publicKey().verify(message, again));
    for (int i = 0; i < signature.length; i++) {
      byte[] modified = signature.clone();
      modified[i] ^= (byte) (1 + prg.nextLongBelow(255));
      assertFalse(key.publicKey().verify(message, modified), "byte " + i);
    }
    for (int length = 0; length < signature.length; length++) {
      assertFalse(key.publicKey().verify(message, Arrays.copyOf(signature, length)));
    }
    for (int i = 0; i < 200; i++) {
      assertFalse(key.publicKey().verify(message, prg.nextBytes((int) prg.nextLongBelow(80))));
    }
    message[0] ^= 1;
    assertFalse(key.publicKey().verify(message, signature));
  }

  @Test
  void nonMinimalDerOfAValidSignatureIsRefused() throws Exception {
    Sm2PublicKey publicKey = Sm2PublicKey.fromEncodedPoint(HEX.parseHex("04" + PX + PY));
    byte[] r = HEX.parseHex("00" + R); // r needs one leading zero (its top bit is set); a second is redundant
    byte[] s = new ASN1Integer(new BigInteger(S, 16)).getEncoded();
    byte[] body = new byte[2 + r.length + 1 + s.length];
    body[0] = 0x02;
    body[1] = (byte) (r.length + 1);
    body[2] = 0x00;
    System.arraycopy(r, 0, body, 3, r.length);
    System.arraycopy(s, 0, body, 3 + r.length, s.length);
    byte[] padded = new byte[2 + body.length];
    padded[0] = 0x30;
    padded[1] = (byte) body.length;
    System.arraycopy(body, 0, padded, 2, body.length);
    assertFalse(publicKey.verify(MESSAGE, padded));
    assertTrue(publicKey.verify(MESSAGE, derSignature(R, S)));
  }

  @Test
  void scalarsOutsideOneToNMinusTwoAreRefusedWithoutShowingThem() {
    BigInteger n = Sm2Curve.ORDER;
    assertThrows(InvalidEncodingException.class, () -> Sm2PrivateKey.fromRawScalar(new byte[32]));
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> Sm2PrivateKey.fromRawScalar(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, n.subtract(BigInteger.ONE))));
    assertFalse(e.getMessage().toUpperCase().contains(n.subtract(BigInteger.ONE).toString(16).toUpperCase()));
    assertThrows(InvalidEncodingException.class, () -> Sm2PrivateKey.fromRawScalar(new byte[31]));
    byte[] largest = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, n.subtract(BigInteger.TWO));
    assertArrayEquals(largest, Sm2PrivateKey.fromRawScalar(largest).toRawScalar(SecretAccess.grant()));
  }

  @Test
  void userIdsLongerThanTheLengthFieldAreRefused() {
    Sm2PrivateKey key = Sm2PrivateKey.generate(Prg.fromSeed(new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> key.sign(MESSAGE, new byte[8192]));
    assertTrue(key.publicKey().verify(MESSAGE, key.sign(MESSAGE, new byte[8191]), new byte[8191]));
  }

  @Test
  void privateKeysPrintThePublicFingerprintOnly() {
    Sm2PrivateKey key = Sm2PrivateKey.fromRawScalar(HEX.parseHex(D));
    String text = key.toString();
    assertFalse(text.toUpperCase().contains(D.substring(0, 8)), text);
    assertTrue(text.contains(key.publicKey().fingerprint()), text);
    assertThrows(SecurityException.class, () -> key.toRawScalar(null));
    assertThrows(SecurityException.class, () -> key.toPkcs8Der(null));
  }
}
