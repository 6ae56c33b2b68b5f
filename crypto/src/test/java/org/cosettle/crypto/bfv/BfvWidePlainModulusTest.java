package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A 60-bit t at n = 8192 is larger than every coefficient prime (43–44 bits): the lifts reduce. */
class BfvWidePlainModulusTest {
  private static final BfvFixture F = new BfvFixture(BfvParameters.defaults(8192, 60), 60);

  @Test
  void everyOperationIsExactWithASixtyBitPlainModulus() {
    assertEquals(60, 64 - Long.numberOfLeadingZeros(F.t));
    BfvEvaluator eval = F.bfv.evaluator();
    long[] x = F.randomSlots(BfvFixture.seeded(1));
    long[] y = F.randomSlots(BfvFixture.seeded(2));
    x[0] = 0;
    x[1] = F.t - 1;
    y[1] = F.t - 1;
    BfvCiphertext cx = F.encrypt(x);
    BfvCiphertext cy = F.encryptSymmetric(y);
    assertArrayEquals(x, F.decrypt(cx));
    long[] sum = F.decrypt(eval.add(cx, cy));
    long[] plainProduct = F.decrypt(eval.multiplyPlain(cx, F.bfv.encoder().encode(y)));
    BfvCiphertext product = eval.multiply(cx, cy, F.relinKeys());
    long[] products = F.decrypt(product);
    BfvGaloisKeys keys = F.bfv.keyGenerator().galoisKeys(F.secret, new int[] {-1}, false, F.random);
    long[] rotated = F.decrypt(eval.rotateRows(product, -1, keys));
    int half = x.length / 2;
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.floorMod(x[i] + y[i], F.t), sum[i]);
      assertEquals(F.mulMod(x[i], y[i]), plainProduct[i]);
      assertEquals(F.mulMod(x[i], y[i]), products[i]);
      int source = i / half * half + Math.floorMod(i % half - 1, half);
      assertEquals(products[source], rotated[i]);
    }
    assertEquals(1, products[1], "(−1)·(−1)");
    assertTrue(F.budget(product) > 0);
  }
}
