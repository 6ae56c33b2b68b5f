package org.cosettle.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** Homomorphic identities against plain BigInteger arithmetic modulo n, edge values included. */
class PaillierHomomorphicTest {
  private static final PaillierFixture F = PaillierFixture.LEGACY_2048;

  @Provide
  Arbitrary<BigInteger> plaintexts() {
    BigInteger n = F.n;
    List<BigInteger> edges = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(),
        n.subtract(BigInteger.ONE), n.shiftRight(1), n.shiftRight(1).negate(), n.shiftRight(1).add(BigInteger.ONE),
        BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(Long.MIN_VALUE), n, n.negate()));
    Arbitrary<BigInteger> random = Arbitraries.bigIntegers().between(n.negate(), n.shiftLeft(1));
    Arbitrary<BigInteger> small = Arbitraries.longs().map(BigInteger::valueOf);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(edges)), Tuple.of(3, random),
        Tuple.of(3, small));
  }

  @Property(tries = 40)
  void decryptionReturnsTheCenteredPlaintext(@ForAll("plaintexts") BigInteger m) {
    assertEquals(F.centered(m), F.decrypt(F.encrypt(m)));
  }

  @Property(tries = 30)
  void addingCiphertextsAddsPlaintexts(@ForAll("plaintexts") BigInteger a, @ForAll("plaintexts") BigInteger b) {
    assertEquals(F.centered(a.add(b)), F.decrypt(F.evaluator.add(F.encrypt(a), F.encrypt(b))));
    assertEquals(F.centered(a.subtract(b)), F.decrypt(F.evaluator.subtract(F.encrypt(a), F.encrypt(b))));
  }

  @Property(tries = 30)
  void addPlainAddsThePlaintext(@ForAll("plaintexts") BigInteger a, @ForAll("plaintexts") BigInteger b) {
    assertEquals(F.centered(a.add(b)), F.decrypt(F.evaluator.addPlain(F.encrypt(a), b)));
  }

  @Property(tries = 30)
  void multiplyPlainMultipliesBySignedScalars(@ForAll("plaintexts") BigInteger a, @ForAll("plaintexts") BigInteger k) {
    assertEquals(F.centered(a.multiply(k)), F.decrypt(F.evaluator.multiplyPlain(F.encrypt(a), k)));
  }

  @Property(tries = 20)
  void negateNegates(@ForAll("plaintexts") BigInteger a) {
    assertEquals(F.centered(a.negate()), F.decrypt(F.evaluator.negate(F.encrypt(a))));
  }

  @Property(tries = 20)
  void crtDecryptionEqualsTextbookDecryption(@ForAll("plaintexts") BigInteger m) {
    PaillierCiphertext c = F.encryptor.encryptWithFullRandomness(m, F.prg);
    assertEquals(F.privateKey.decryptWithoutCrt(c), F.privateKey.decrypt(c));
    assertEquals(F.centered(m), F.privateKey.decrypt(c));
  }

  @Test
  void longScalarsAndPlaintextsWorkAtTheLongEdges() {
    PaillierCiphertext max = F.encryptor.encrypt(Long.MAX_VALUE, F.prg);
    assertEquals(Long.MAX_VALUE, F.privateKey.decryptLong(max));
    assertEquals(Long.MIN_VALUE, F.privateKey.decryptLong(F.encryptor.encrypt(Long.MIN_VALUE, F.prg)));
    assertEquals(-Long.MAX_VALUE, F.privateKey.decryptLong(F.evaluator.multiplyPlain(max, -1)));
    assertEquals(0, F.privateKey.decryptLong(F.evaluator.multiplyPlain(max, 0)));
    PaillierCiphertext beyond = F.evaluator.addPlain(max, 1);
    assertEquals(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), F.decrypt(beyond));
    assertThrows(ArithmeticException.class, () -> F.privateKey.decryptLong(beyond));
  }

  @Test
  void rerandomisationChangesTheCiphertextButNotThePlaintext() {
    PaillierCiphertext c = F.encrypt(BigInteger.valueOf(-42));
    PaillierCiphertext fresh = F.encryptor.rerandomize(c, F.prg);
    assertNotEquals(c, fresh);
    assertEquals(BigInteger.valueOf(-42), F.decrypt(fresh));
    PaillierCiphertext fullyFresh = F.encryptor.rerandomizeWithFullRandomness(c, F.prg);
    assertNotEquals(c, fullyFresh);
    assertNotEquals(fresh, fullyFresh);
    assertEquals(BigInteger.valueOf(-42), F.decrypt(fullyFresh));
    assertNotEquals(F.encrypt(BigInteger.ONE), F.encrypt(BigInteger.ONE), "encryption is randomised");
  }

  @Test
  void theRecommendedKeySizeComputesCorrectly() {
    PaillierFixture f = PaillierFixture.recommended3072();
    BigInteger a = f.n.subtract(BigInteger.TWO);
    BigInteger b = BigInteger.valueOf(-987_654_321L);
    PaillierCiphertext sum = f.evaluator.add(f.encrypt(a), f.encryptor.encryptWithFullRandomness(b, f.prg));
    assertEquals(f.centered(a.add(b)), f.decrypt(sum));
    assertEquals(f.centered(a.multiply(b)), f.decrypt(f.evaluator.multiplyPlain(f.encrypt(a), b)));
    assertEquals(f.privateKey.decryptWithoutCrt(sum), f.decrypt(f.encryptor.rerandomize(sum, f.prg)));
    assertEquals(3072, f.publicKey.parameters().modulusBits());
  }

  @Test
  void ciphertextsUnderAnotherKeyAreRefused() {
    PaillierFixture other = PaillierFixture.recommended3072();
    PaillierCiphertext foreign = other.encrypt(BigInteger.ONE);
    assertThrows(IllegalArgumentException.class, () -> F.evaluator.add(F.encrypt(BigInteger.ONE), foreign));
    assertThrows(IllegalArgumentException.class, () -> F.privateKey.decrypt(foreign));
    assertThrows(IllegalArgumentException.class, () -> F.encryptor.rerandomize(foreign, F.prg));
  }
}
