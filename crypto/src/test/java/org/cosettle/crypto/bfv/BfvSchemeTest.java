package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BfvSchemeTest {
  static final BfvContext BFV = BfvContext.create(BfvParameters.defaults(4096));
  static final RandomSource RANDOM = NttTablesTest.seeded(42);
  static final BfvSecretKey SECRET = BFV.keyGenerator().secretKey(RANDOM);
  static final BfvPublicKey PUBLIC = BFV.keyGenerator().publicKey(SECRET, RANDOM);
  static final long T = BFV.parameters().plainModulus();

  static long[] randomSlots(RandomSource random) {
    long[] values = new long[BFV.parameters().slotCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextBelow(T);
    }
    return values;
  }

  static BfvCiphertext encrypt(long[] values) {
    return BFV.encryptor(PUBLIC).encrypt(BFV.encoder().encode(values), RANDOM);
  }

  static long[] decrypt(BfvCiphertext ct) {
    return BFV.encoder().decode(BFV.decryptor(SECRET).decrypt(ct));
  }

  @Test
  void decryptInvertsEncrypt() {
    long[] values = randomSlots(RANDOM);
    BfvCiphertext ct = encrypt(values);
    assertArrayEquals(values, decrypt(ct));
    int budget = BFV.decryptor(SECRET).noiseBudget(ct);
    System.out.println("fresh budget " + budget);
    assertTrue(budget > 20, "budget " + budget);
  }

  @Test
  void multiplyRelin() {
    long[] x = randomSlots(RANDOM);
    long[] y = randomSlots(RANDOM);
    BfvRelinKeys relin = BFV.keyGenerator().relinKeys(SECRET, RANDOM);
    BfvCiphertext product = BFV.evaluator().multiply(encrypt(x), encrypt(y));
    long[] expected = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = (long) (((double) 0) + java.math.BigInteger.valueOf(x[i]).multiply(java.math.BigInteger.valueOf(y[i])).mod(java.math.BigInteger.valueOf(T)).longValue());
    }
    System.out.println("size3 budget " + BFV.decryptor(SECRET).noiseBudget(product));
    assertArrayEquals(expected, decrypt(product));
    BfvCiphertext relinearized = BFV.evaluator().relinearize(product, relin);
    System.out.println("relin budget " + BFV.decryptor(SECRET).noiseBudget(relinearized));
    assertArrayEquals(expected, decrypt(relinearized));
  }

  @Test
  void rotate() {
    long[] x = randomSlots(RANDOM);
    BfvGaloisKeys keys = BFV.keyGenerator().galoisKeys(SECRET, RANDOM);
    int half = x.length / 2;
    for (int step : new int[] {1, 5, -3, 1000}) {
      BfvCiphertext r = BFV.evaluator().rotateRows(encrypt(x), step, keys);
      long[] got = decrypt(r);
      for (int i = 0; i < x.length; i++) {
        int row = i / half;
        int col = Math.floorMod(i % half + step, half);
        assertEquals(x[row * half + col], got[i], "step " + step + " slot " + i);
      }
    }
  }
}
