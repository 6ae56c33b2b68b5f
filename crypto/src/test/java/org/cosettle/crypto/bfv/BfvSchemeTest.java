package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.triples.HeTripleGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BFV test suite every backend runs, through {@link BfvScheme} only: round trips, additions
 * and products checked slot by slot against arithmetic mod t, the edges of t, the noise budget
 * after the depth the HE triples need, rotations, levels, and refusals (wrong key, foreign
 * handles, malformed bytes, values outside (−t, t)). The same test class runs in
 * {@code cosettle-crypto-seal} with both backends on the class path.
 */
class BfvSchemeTest {
  static java.util.List<String> backends() {
    return SchemeFixture.backends();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void publicAndSymmetricEncryptionRoundTripThroughTheWire(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 4096, 20);
    BfvScheme he = f.he;
    Prg source = SchemeFixture.seeded(1);
    for (int round = 0; round < 3; round++) {
      long[] values = f.randomSlots(source);
      BfvScheme.Ciphertext viaPublic = he.encrypt(f.publicKey, values, f.random);
      BfvScheme.Ciphertext viaSecret = he.encryptSymmetric(f.secret, values, f.random);
      assertArrayEquals(values, f.decrypt(viaPublic));
      assertArrayEquals(values, f.decrypt(he.readCiphertext(viaPublic.toBytes())));
      byte[] seeded = viaSecret.toBytes();
      assertTrue(seeded.length < 0.6 * viaPublic.toBytes().length, "a fresh symmetric ciphertext ships a seed");
      assertArrayEquals(values, f.decrypt(he.readCiphertext(seeded)));
      assertArrayEquals(values, f.decrypt(viaSecret));
      assertEquals(he.parameters().maxLevel(), viaSecret.level());
      assertEquals(2, viaSecret.size());
    }
    BfvScheme.PublicKey received = he.readPublicKey(f.publicKey.toBytes());
    long[] values = f.randomSlots(source);
    assertArrayEquals(values, f.decrypt(he.encrypt(received, values, f.random)));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void additionsAndProductsMatchSlotArithmetic(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 8192, 20);
    BfvScheme he = f.he;
    Prg source = SchemeFixture.seeded(2);
    long[] x = f.randomSlots(source);
    long[] y = f.randomSlots(source);
    BfvScheme.Ciphertext cx = he.encrypt(f.publicKey, x, f.random);
    BfvScheme.Ciphertext cy = he.encryptSymmetric(f.secret, y, f.random);
    long[] sum = f.decrypt(he.add(cx, cy));
    long[] plusPlain = f.decrypt(he.addPlain(cx, y));
    long[] timesPlain = f.decrypt(he.multiplyPlain(cx, y));
    BfvScheme.Ciphertext product = he.multiply(cx, cy);
    assertEquals(3, product.size());
    long[] unrelinearised = f.decrypt(product);
    BfvScheme.Ciphertext relinearised = he.relinearize(product, f.relinKeys());
    assertEquals(2, relinearised.size());
    long[] times = f.decrypt(relinearised);
    for (int i = 0; i < x.length; i++) {
      assertEquals((x[i] + y[i]) % f.t, sum[i], "add, slot " + i);
      assertEquals((x[i] + y[i]) % f.t, plusPlain[i], "add plain, slot " + i);
      assertEquals(f.mulMod(x[i], y[i]), timesPlain[i], "multiply plain, slot " + i);
      assertEquals(f.mulMod(x[i], y[i]), unrelinearised[i], "multiply, slot " + i);
      assertEquals(f.mulMod(x[i], y[i]), times[i], "multiply + relinearise, slot " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void valuesAtTheEdgesOfThePlaintextModulusWrapAsIntegersModT(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 4096, 20);
    BfvScheme he = f.he;
    long t = f.t;
    long[] edges = {0, 1, t - 1, -1, t / 2, -(t / 2), (t + 1) / 2, -(t - 1), 2};
    long[] residues = BfvEncoder.slotResidues(edges, he.slotCount(), t);
    long[] addend = {t - 1, t - 1, 1, 1, t / 2, t / 2, 1, 1, t - 2};
    long[] factor = {t - 1, -1, t - 1, -1, 2, 2, 2, -1, (t + 1) / 2};
    long[] factorResidues = BfvEncoder.slotResidues(factor, he.slotCount(), t);
    BfvScheme.Ciphertext c = he.encrypt(f.publicKey, edges, f.random);
    assertArrayEquals(residues, f.decrypt(c));
    long[] sum = f.decrypt(he.addPlain(c, addend));
    long[] product = f.decrypt(he.multiplyPlain(c, factor));
    for (int i = 0; i < edges.length; i++) {
      assertEquals((residues[i] + addend[i]) % t, sum[i], "slot " + i);
      assertEquals(f.mulMod(residues[i], factorResidues[i]), product[i], "slot " + i);
    }
    // (t−1)·(t−1) = 1, 2·(t+1)/2 = 1, and the slots past the values stay 0
    assertEquals(1, product[2]);
    assertEquals(1, product[8]);
    assertEquals(0, product[edges.length]);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aProductWithTheZeroPlaintextIsAnEncryptionOfZeroThatLaterOperationsAccept(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 4096, 20);
    BfvScheme he = f.he;
    long[] values = f.randomSlots(SchemeFixture.seeded(3));
    BfvScheme.Ciphertext zero = he.multiplyPlain(he.encrypt(f.publicKey, values, f.random), new long[0]);
    assertArrayEquals(new long[he.slotCount()], f.decrypt(zero));
    BfvScheme.Ciphertext sum = he.add(zero, he.encryptSymmetric(f.secret, values, f.random));
    assertArrayEquals(values, f.decrypt(sum));
    assertArrayEquals(new long[he.slotCount()], f.decrypt(he.addPlain(zero, new long[0])));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theTriplesCircuitKeepsBudgetAndDecryptsAtItsReplyLevel(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 8192, 30);
    BfvScheme he = f.he;
    Prg source = SchemeFixture.seeded(4);
    long[] a0 = f.randomSlots(source);
    long[] b0 = f.randomSlots(source);
    long[] a1 = f.randomSlots(source);
    long[] b1 = f.randomSlots(source);
    long[] mask = f.randomSlots(source);
    BfvScheme.Ciphertext encA0 = he.readCiphertext(he.encryptSymmetric(f.secret, a0, f.random).toBytes());
    BfvScheme.Ciphertext encB0 = he.readCiphertext(he.encryptSymmetric(f.secret, b0, f.random).toBytes());
    int fresh = he.noiseBudget(f.secret, encA0);
    BfvScheme.Ciphertext cross = he.addPlain(he.add(he.multiplyPlain(encA0, b1), he.multiplyPlain(encB0, a1)), mask);
    int afterProducts = he.noiseBudget(f.secret, cross);
    int beta = HeTripleGenerator.floodingBits(he.parameters());
    BfvScheme.Ciphertext flooded = he.addUniformNoise(he.add(cross, he.encrypt(f.publicKey, new long[0], f.random)),
        beta, f.random);
    int afterFlooding = he.noiseBudget(f.secret, flooded);
    BfvScheme.Ciphertext reply = flooded;
    while (reply.level() > 2) {
      reply = he.modSwitchToNext(reply);
    }
    long[] expected = new long[he.slotCount()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (f.mulMod(a0[i], b1[i]) + f.mulMod(a1[i], b0[i]) + mask[i]) % f.t;
    }
    assertArrayEquals(expected, f.decrypt(cross));
    assertArrayEquals(expected, f.decrypt(flooded));
    assertArrayEquals(expected, f.decrypt(reply));
    assertEquals(2, reply.level());
    int atReply = he.noiseBudget(f.secret, reply);
    assertTrue(fresh > afterProducts && afterProducts > afterFlooding && atReply > 0,
        "budgets " + fresh + " > " + afterProducts + " > " + afterFlooding + ", at the reply level " + atReply);
    // the flood is 2^β, at least 40 + log2 n bits above the noise actually present
    assertTrue(afterProducts - afterFlooding >= HeTripleGenerator.STATISTICAL_SECURITY + 13,
        "budget before flooding " + afterProducts + ", after " + afterFlooding);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void oneProductAndRotationsKeepBudgetAndMoveSlots(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 8192, 20);
    BfvScheme he = f.he;
    long[] x = f.randomSlots(SchemeFixture.seeded(5));
    BfvScheme.Ciphertext c = he.encrypt(f.publicKey, x, f.random);
    BfvScheme.Ciphertext square = he.relinearize(he.multiply(c, c), f.relinKeys());
    assertTrue(he.noiseBudget(f.secret, square) > 50, "n = 8192, t 20 bits: a product leaves most of the budget");
    int half = he.slotCount() / 2;
    for (int steps : new int[] {1, -1, 5}) {
      long[] rotated = f.decrypt(he.rotateRows(c, steps, f.galoisKeys()));
      for (int column = 0; column < half; column++) {
        int from = Math.floorMod(column + steps, half);
        assertEquals(x[from], rotated[column], "row 0, step " + steps);
        assertEquals(x[half + from], rotated[half + column], "row 1, step " + steps);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void modulusSwitchingLowersTheLevelAndKeepsTheSlots(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 8192, 20);
    BfvScheme he = f.he;
    long[] x = f.randomSlots(SchemeFixture.seeded(6));
    BfvScheme.Ciphertext c = he.encrypt(f.publicKey, x, f.random);
    for (int level = he.parameters().maxLevel() - 1; level >= 1; level--) {
      c = he.modSwitchToNext(c);
      assertEquals(level, c.level());
      assertArrayEquals(x, f.decrypt(c));
      assertArrayEquals(x, f.decrypt(he.readCiphertext(c.toBytes())));
    }
    BfvScheme.Ciphertext lowest = c;
    assertThrows(IllegalArgumentException.class, () -> he.modSwitchToNext(lowest));
    BfvScheme.Ciphertext top = he.encrypt(f.publicKey, x, f.random);
    assertThrows(IllegalArgumentException.class, () -> he.add(top, lowest));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void anotherSecretKeyDecryptsToNoise(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 4096, 20);
    BfvScheme he = f.he;
    long[] x = f.randomSlots(SchemeFixture.seeded(7));
    BfvScheme.Ciphertext c = he.encrypt(f.publicKey, x, f.random);
    BfvScheme.SecretKey other = he.secretKey(f.random);
    long[] wrong = he.decrypt(other, c);
    int equal = 0;
    for (int i = 0; i < x.length; i++) {
      equal += wrong[i] == x[i] ? 1 : 0;
    }
    assertTrue(equal < 5, equal + " of " + x.length + " slots decrypted right under another key");
    assertEquals(0, he.noiseBudget(other, c));
    assertArrayEquals(x, he.decrypt(f.secret, c), "the right key still decrypts");
    assertTrue(other.toString().length() < 200, "a secret key prints no key material: " + other);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void handlesOfAnotherParameterSetOrBackendAndBadSlotsAreRefused(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 4096, 20);
    SchemeFixture g = SchemeFixture.of(backend, 8192, 20);
    BfvScheme he = f.he;
    BfvScheme.Ciphertext foreign = g.he.encrypt(g.publicKey, new long[] {1}, g.random);
    BfvScheme.Ciphertext own = he.encrypt(f.publicKey, new long[] {1}, f.random);
    assertThrows(IllegalArgumentException.class, () -> he.add(own, foreign));
    assertThrows(IllegalArgumentException.class, () -> he.decrypt(f.secret, foreign));
    assertThrows(IllegalArgumentException.class, () -> he.decrypt(g.secret, own));
    assertThrows(IllegalArgumentException.class, () -> he.encrypt(g.publicKey, new long[] {1}, f.random));
    BfvScheme.Ciphertext alien = new AlienCiphertext(he.parameters());
    assertThrows(IllegalArgumentException.class, () -> he.add(own, alien));
    assertThrows(IllegalArgumentException.class, () -> he.decrypt(f.secret, alien));
    long t = f.t;
    assertThrows(IllegalArgumentException.class, () -> he.encrypt(f.publicKey, new long[] {t}, f.random));
    assertThrows(IllegalArgumentException.class, () -> he.multiplyPlain(own, new long[] {-t}));
    assertThrows(IllegalArgumentException.class, () -> he.addPlain(own, new long[he.slotCount() + 1]));
    assertThrows(IllegalArgumentException.class, () -> he.addUniformNoise(own, 0, f.random));
    assertThrows(IllegalArgumentException.class, () -> he.addUniformNoise(own, BfvEvaluator.MAX_FLOODING_BITS + 1,
        f.random));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void malformedBytesAreRefused(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 4096, 20);
    SchemeFixture g = SchemeFixture.of(backend, 8192, 20);
    BfvScheme he = f.he;
    byte[] good = he.encrypt(f.publicKey, new long[] {1, 2}, f.random).toBytes();
    byte[] seeded = he.encryptSymmetric(f.secret, new long[] {1, 2}, f.random).toBytes();
    byte[] key = f.publicKey.toBytes();
    Prg noise = SchemeFixture.seeded(8);
    for (byte[] bad : new byte[][] {
        new byte[0], Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, 40), Arrays.copyOf(seeded, seeded.length - 3),
        noise.nextBytes(good.length), g.he.encrypt(g.publicKey, new long[] {1}, g.random).toBytes(), key}) {
      assertThrows(IllegalArgumentException.class, () -> he.readCiphertext(bad));
    }
    for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(key, key.length - 1), noise.nextBytes(key.length),
        g.publicKey.toBytes(), good}) {
      assertThrows(IllegalArgumentException.class, () -> he.readPublicKey(bad));
    }
    // the last 8 bytes of an uncompressed ciphertext lie in its last residue on either backend:
    // all ones there is a residue above its prime (or, packed, non-zero padding)
    byte[] outOfRange = good.clone();
    Arrays.fill(outOfRange, outOfRange.length - 8, outOfRange.length, (byte) 0xff);
    assertThrows(IllegalArgumentException.class, () -> he.readCiphertext(outOfRange));
  }

  /** A ciphertext handle no backend made. */
  private record AlienCiphertext(BfvParameters parameters) implements BfvScheme.Ciphertext {
    @Override
    public int level() {
      return parameters.maxLevel();
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    public byte[] toBytes() {
      return new byte[0];
    }
  }
}
