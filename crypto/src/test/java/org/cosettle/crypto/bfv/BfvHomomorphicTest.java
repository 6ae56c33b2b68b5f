package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BfvHomomorphicTest {
  private static final BfvFixture F = BfvFixture.N4096;
  private static final BfvEvaluator EVAL = F.bfv.evaluator();

  @Property(tries = 8)
  void decryptInvertsPublicAndSymmetricEncryption(@ForAll long seed) {
    long[] values = F.randomSlots(BfvFixture.seeded(seed));
    assertArrayEquals(values, F.decrypt(F.encrypt(values)));
    BfvCiphertext symmetric = F.encryptSymmetric(values);
    assertTrue(symmetric.isSeeded());
    assertArrayEquals(values, F.decrypt(symmetric));
  }

  @Property(tries = 8)
  void addSubtractNegateMatchSlotArithmetic(@ForAll long seed) {
    Prg source = BfvFixture.seeded(seed);
    long[] x = F.randomSlots(source);
    long[] y = F.randomSlots(source);
    BfvCiphertext cx = F.encrypt(x);
    BfvCiphertext cy = F.encryptSymmetric(y);
    long[] sum = F.decrypt(EVAL.add(cx, cy));
    long[] difference = F.decrypt(EVAL.subtract(cx, cy));
    long[] negated = F.decrypt(EVAL.negate(cx));
    long[] plusPlain = F.decrypt(EVAL.addPlain(cx, F.bfv.encoder().encode(y)));
    for (int i = 0; i < x.length; i++) {
      assertEquals((x[i] + y[i]) % F.t, sum[i]);
      assertEquals(Math.floorMod(x[i] - y[i], F.t), difference[i]);
      assertEquals(Math.floorMod(-x[i], F.t), negated[i]);
      assertEquals((x[i] + y[i]) % F.t, plusPlain[i]);
    }
  }

  @Property(tries = 6)
  void multiplyPlainMatchesSlotProducts(@ForAll long seed) {
    Prg source = BfvFixture.seeded(seed);
    long[] x = F.randomSlots(source);
    long[] y = F.randomSlots(source);
    long[] product = F.decrypt(EVAL.multiplyPlain(F.encrypt(x), F.bfv.encoder().encode(y)));
    for (int i = 0; i < x.length; i++) {
      assertEquals(F.mulMod(x[i], y[i]), product[i], "slot " + i);
    }
  }

  @Property(tries = 4)
  void multiplyAndRelinearizeMatchSlotProducts(@ForAll long seed) {
    Prg source = BfvFixture.seeded(seed);
    long[] x = F.randomSlots(source);
    long[] y = F.randomSlots(source);
    BfvCiphertext unrelinearized = EVAL.multiply(F.encrypt(x), F.encryptSymmetric(y));
    assertEquals(3, unrelinearized.size());
    BfvCiphertext product = EVAL.relinearize(unrelinearized, F.relinKeys());
    assertEquals(2, product.size());
    long[] three = F.decrypt(unrelinearized);
    long[] two = F.decrypt(product);
    for (int i = 0; i < x.length; i++) {
      assertEquals(F.mulMod(x[i], y[i]), three[i], "slot " + i);
      assertEquals(F.mulMod(x[i], y[i]), two[i], "slot " + i);
    }
  }

  @Test
  void edgeValuesSurviveEveryOperation() {
    long t = F.t;
    long[] signed = new long[F.bfv.parameters().slotCount()];
    long[] pattern = {0, t - 1, -1, 1, t / 2, -(t / 2), (t - 1) / 2};
    for (int i = 0; i < signed.length; i++) {
      signed[i] = pattern[i % pattern.length];
    }
    BfvEncoder encoder = F.bfv.encoder();
    BfvCiphertext ct = F.encrypt(signed);
    long[] decoded = encoder.decodeSigned(F.bfv.decryptor(F.secret).decrypt(ct));
    long[] squared = encoder.decodeSigned(F.bfv.decryptor(F.secret).decrypt(EVAL.multiply(ct, ct, F.relinKeys())));
    long[] doubled = encoder.decodeSigned(F.bfv.decryptor(F.secret).decrypt(EVAL.add(ct, ct)));
    for (int i = 0; i < signed.length; i++) {
      long centred = Math.floorMod(signed[i], t) > t / 2 ? Math.floorMod(signed[i], t) - t : Math.floorMod(signed[i], t);
      assertEquals(centred, decoded[i], "slot " + i);
      long square = F.mulMod(Math.floorMod(signed[i], t), Math.floorMod(signed[i], t));
      assertEquals(square > t / 2 ? square - t : square, squared[i], "square of slot " + i);
      long twice = Math.floorMod(2 * signed[i], t);
      assertEquals(twice > t / 2 ? twice - t : twice, doubled[i], "double of slot " + i);
    }
    assertEquals(t - 1, F.decrypt(F.encrypt(new long[] {-1}))[0]);
    assertArrayEquals(new long[signed.length], F.decrypt(F.encrypt(new long[0])));
  }

  @Test
  void modulusSwitchingKeepsTheMessageAndShrinksTheCiphertext() {
    long[] x = F.randomSlots(F.random);
    long[] y = F.randomSlots(F.random);
    BfvCiphertext product = EVAL.multiply(F.encrypt(x), F.encrypt(y), F.relinKeys());
    BfvCiphertext lower = EVAL.modSwitchToNext(product);
    assertEquals(product.level() - 1, lower.level());
    assertTrue(lower.toBytes().length < product.toBytes().length);
    long[] decrypted = F.decrypt(lower);
    for (int i = 0; i < x.length; i++) {
      assertEquals(F.mulMod(x[i], y[i]), decrypted[i]);
    }
    assertThrows(IllegalArgumentException.class, () -> EVAL.modSwitchToNext(lower));
    assertThrows(IllegalArgumentException.class, () -> EVAL.add(lower, product));
    // a small plaintext factor still fits in what is left of the budget at the lowest level
    long[] tripled = F.decrypt(EVAL.multiplyPlain(lower, F.bfv.encoder().encodeConstant(3)));
    for (int i = 0; i < x.length; i++) {
      assertEquals(F.mulMod(decrypted[i], 3), tripled[i]);
    }
  }

  @Test
  void wrongInputsAreRefused() {
    BfvFixture other = new BfvFixture(BfvParameters.defaults(4096, 18), 9);
    BfvCiphertext foreign = other.encrypt(new long[] {1});
    BfvCiphertext own = F.encrypt(new long[] {1});
    assertThrows(IllegalArgumentException.class, () -> EVAL.add(own, foreign));
    assertThrows(IllegalArgumentException.class, () -> F.bfv.decryptor(other.secret));
    assertThrows(IllegalArgumentException.class, () -> F.bfv.encoder().encode(new long[] {F.t}));
    assertThrows(IllegalArgumentException.class, () -> F.bfv.encoder().encode(new long[] {-F.t}));
    BfvCiphertext three = EVAL.multiply(own, own);
    assertThrows(IllegalArgumentException.class, () -> EVAL.multiply(three, own));
    assertThrows(IllegalArgumentException.class, () -> EVAL.rotateRows(three, 1, F.galoisKeys()));
  }

  @Test
  void secretsNeverPrint() {
    String text = F.secret.toString();
    assertTrue(text.matches("BfvSecretKey\\{fingerprint=[0-9a-f]{8}}"), text);
    assertFalse(F.publicKey.toString().contains(Long.toString(F.publicKey.b[0])));
    assertEquals(text, F.secret.toString());
    BfvSecretKey another = F.bfv.keyGenerator().secretKey(F.random);
    assertFalse(text.equals(another.toString()));
  }
}
