package org.cosettle.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The modular arithmetic under the scheme: fixed-base powers, Barrett products, inverses mod n². */
class PaillierArithmeticTest {
  private static final PaillierFixture F = PaillierFixture.LEGACY_2048;
  private static final int BITS = 224;
  private static final BigInteger BASE = new BigInteger("0123456789abcdef0123456789abcdef", 16).pow(40).mod(F.publicKey.nSquared);
  private static final FixedBaseExponentiation POWERS =
      new FixedBaseExponentiation(BASE, F.publicKey.moduloNSquared, BITS);

  @Property(tries = 50)
  void tablePowersEqualModPow(@ForAll long seed) {
    BigInteger exponent = RandomIntegers.bits(PaillierFixture.seeded(seed), BITS);
    assertEquals(BASE.modPow(exponent, F.publicKey.nSquared), POWERS.power(exponent));
  }

  @Test
  void edgeExponents() {
    BigInteger max = BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE);
    assertEquals(BigInteger.ONE, POWERS.power(BigInteger.ZERO));
    assertEquals(BASE, POWERS.power(BigInteger.ONE));
    assertEquals(BASE.modPow(max, F.publicKey.nSquared), POWERS.power(max));
    assertThrows(IllegalArgumentException.class, () -> POWERS.power(max.add(BigInteger.ONE)));
    assertThrows(IllegalArgumentException.class, () -> POWERS.power(BigInteger.ONE.negate()));
  }

  @Property(tries = 50)
  void barrettReductionEqualsMod(@ForAll long seed) {
    BigInteger modulus = F.publicKey.nSquared;
    BigInteger a = RandomIntegers.bits(PaillierFixture.seeded(seed), modulus.bitLength()).mod(modulus);
    BigInteger b = RandomIntegers.bits(PaillierFixture.seeded(~seed), modulus.bitLength()).mod(modulus);
    assertEquals(a.multiply(b).mod(modulus), F.publicKey.moduloNSquared.multiply(a, b));
    BigInteger top = modulus.subtract(BigInteger.ONE);
    assertEquals(top.multiply(top).mod(modulus), F.publicKey.moduloNSquared.multiply(top, top));
  }

  @Property(tries = 50)
  void henselInverseEqualsModInverse(@ForAll long seed) {
    BigInteger n2 = F.publicKey.nSquared;
    BigInteger c = F.encryptor.encrypt(seed, PaillierFixture.seeded(seed)).value;
    assertEquals(c.modInverse(n2), F.publicKey.inverse(c));
  }

  @Test
  void inverseOfEdgeUnits() {
    BigInteger n2 = F.publicKey.nSquared;
    for (BigInteger c : new BigInteger[] {BigInteger.ONE, n2.subtract(BigInteger.ONE), F.n.add(BigInteger.ONE), BigInteger.TWO}) {
      assertEquals(c.modInverse(n2), F.publicKey.inverse(c));
    }
    assertThrows(ArithmeticException.class, () -> F.publicKey.inverse(F.n));
  }
}
