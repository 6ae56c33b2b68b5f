package org.cosettle.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.cosettle.crypto.DecoderFuzz;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/** Round trips, fixed lengths, and every decoder against garbage, truncation and mutation. */
class PaillierEncodingTest {
  private static final int TRIES = Integer.getInteger("cosettle.fuzz.tries", 2000);
  private static final PaillierFixture F = PaillierFixture.LEGACY_2048;
  private final Prg prg = PaillierFixture.seeded(7);

  @Test
  void encodingsHaveFixedLengthsAndRoundTrip() {
    PaillierCiphertext small = F.encryptor.encrypt(0, prg);
    assertEquals(512, small.toBytes().length);
    assertEquals(small, F.publicKey.ciphertextFromBytes(small.toBytes()));
    assertEquals(258, F.publicKey.toBytes().length);
    assertEquals(F.publicKey, PaillierPublicKey.fromBytes(F.publicKey.toBytes()));
    byte[] secret = F.privateKey.toBytes(SecretAccess.grant());
    assertEquals(258, secret.length);
    assertEquals(F.publicKey, PaillierPrivateKey.fromBytes(secret).publicKey());
    PaillierFixture big = PaillierFixture.recommended3072();
    assertEquals(386, big.publicKey.toBytes().length);
    assertEquals(768, big.encrypt(BigInteger.TEN).toBytes().length);
  }

  @Test
  void ciphertextsOutsideTheGroupAreRefused() {
    BigInteger n = F.n;
    BigInteger p = n.gcd(primeFactorMultiple());
    for (BigInteger bad : List.of(BigInteger.ZERO, n, p, F.publicKey.nSquared.subtract(n), F.publicKey.nSquared,
        BigInteger.ONE.shiftLeft(4096).subtract(BigInteger.ONE))) {
      byte[] bytes = new byte[512];
      PaillierEncoding.writeFixed(bad, bytes, 0, 512);
      InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
          () -> F.publicKey.ciphertextFromBytes(bytes));
      assertNoSecretIn(e.getMessage());
    }
  }

  @Test
  void ciphertextDecoderSurvivesGarbage() {
    PaillierCiphertext c = F.encryptor.encrypt(-5, prg);
    fuzz(c.toBytes(), F.publicKey::ciphertextFromBytes, PaillierCiphertext::toBytes, TRIES);
  }

  @Test
  void publicKeyDecoderSurvivesGarbage() {
    fuzz(F.publicKey.toBytes(), PaillierPublicKey::fromBytes, PaillierPublicKey::toBytes, TRIES / 4);
    byte[] prime = F.publicKey.toBytes();
    PaillierEncoding.writeFixed(BigInteger.ONE.shiftLeft(2047).nextProbablePrime(), prime, 2, 256);
    assertThrows(InvalidEncodingException.class, () -> PaillierPublicKey.fromBytes(prime));
    byte[] smallFactor = F.publicKey.toBytes();
    PaillierEncoding.writeFixed(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(3 * 65521)), smallFactor, 2, 256);
    assertThrows(InvalidEncodingException.class, () -> PaillierPublicKey.fromBytes(smallFactor));
    byte[] size1024 = Arrays.copyOf(F.publicKey.toBytes(), 130);
    size1024[1] = 4;
    assertThrows(InvalidEncodingException.class, () -> PaillierPublicKey.fromBytes(size1024));
  }

  @Test
  void privateKeyDecoderSurvivesGarbageAndNeverShowsThePrimes() {
    SecretAccess access = SecretAccess.grant();
    byte[] valid = F.privateKey.toBytes(access);
    fuzz(valid, PaillierPrivateKey::fromBytes, k -> k.toBytes(access), TRIES / 20);
    byte[] same = valid.clone();
    System.arraycopy(valid, 2, same, 130, 128);
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, () -> PaillierPrivateKey.fromBytes(same));
    assertNoSecretIn(e.getMessage());
    assertThrows(SecurityException.class, () -> F.privateKey.toBytes(null));
  }

  @Test
  void toStringShowsNoSecret() {
    for (Object o : List.of(F.privateKey, F.publicKey, F.encryptor, F.encrypt(BigInteger.ONE), F.privateKey.publicKey().parameters())) {
      assertNoSecretIn(o.toString());
    }
    assertTrue(F.privateKey.toString().contains(F.publicKey.fingerprint()));
  }

  /** Neither prime, nor n, in decimal or hex, appears in the text. */
  private static void assertNoSecretIn(String text) {
    byte[] secret = F.privateKey.toBytes(SecretAccess.grant());
    BigInteger p = new BigInteger(1, Arrays.copyOfRange(secret, 2, 130));
    BigInteger q = new BigInteger(1, Arrays.copyOfRange(secret, 130, 258));
    for (BigInteger value : List.of(p, q)) {
      String decimal = value.toString();
      String hex = HexFormat.of().formatHex(value.toByteArray());
      assertFalse(text.contains(decimal.substring(0, 12)) || text.contains(hex.substring(2, 18)), text);
    }
  }

  private static BigInteger primeFactorMultiple() {
    byte[] secret = F.privateKey.toBytes(SecretAccess.grant());
    return new BigInteger(1, Arrays.copyOfRange(secret, 2, 130)).multiply(BigInteger.valueOf(3));
  }

  private <T> void fuzz(byte[] valid, Function<byte[], T> decoder, Function<T, byte[]> encoder, int tries) {
    assertThrows(InvalidEncodingException.class, () -> decoder.apply(null), "null");
    DecoderFuzz.check(valid, decoder, encoder, prg, tries, PaillierEncodingTest::assertNoSecretIn);
  }
}
