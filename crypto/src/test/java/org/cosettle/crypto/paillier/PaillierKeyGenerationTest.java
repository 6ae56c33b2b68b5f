package org.cosettle.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import org.cosettle.crypto.SecretAccess;
import org.junit.jupiter.api.Test;

class PaillierKeyGenerationTest {
  @Test
  void onlyThe3072AndLegacy2048BitSizesExist() {
    assertEquals(3072, PaillierParameters.recommended().modulusBits());
    assertEquals(128, PaillierParameters.recommended().securityBits());
    assertEquals(256, PaillierParameters.recommended().randomnessExponentBits());
    assertEquals(2048, PaillierParameters.legacy112BitSecurity().modulusBits());
    assertEquals(224, PaillierParameters.legacy112BitSecurity().randomnessExponentBits());
    assertSame(PaillierParameters.recommended(), PaillierParameters.forModulusBits(3072));
    for (int bits : new int[] {0, 512, 1024, 2047, 2304, 4096, 8192}) {
      assertThrows(IllegalArgumentException.class, () -> PaillierParameters.forModulusBits(bits));
    }
  }

  @Test
  void generatedKeysHaveTwoFarApartPrimesOfHalfTheLength() {
    PaillierPrivateKey key = PaillierPrivateKey.generate(PaillierParameters.legacy112BitSecurity(),
        PaillierFixture.seeded(2048));
    byte[] secret = key.toBytes(SecretAccess.grant());
    BigInteger p = new BigInteger(1, Arrays.copyOfRange(secret, 2, 130));
    BigInteger q = new BigInteger(1, Arrays.copyOfRange(secret, 130, 258));
    assertEquals(1024, p.bitLength());
    assertEquals(1024, q.bitLength());
    assertTrue(p.isProbablePrime(64) && q.isProbablePrime(64));
    assertTrue(p.subtract(q).abs().bitLength() > 924);
    assertEquals(key.publicKey().modulus(), p.multiply(q));
    assertEquals(2048, key.publicKey().modulus().bitLength());
    PaillierEncryptor encryptor = PaillierEncryptor.create(key.publicKey(), PaillierFixture.seeded(1));
    assertEquals(-77, key.decryptLong(encryptor.encrypt(-77, PaillierFixture.seeded(2))));
  }
}
