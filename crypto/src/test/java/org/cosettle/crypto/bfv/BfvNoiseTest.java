package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BfvNoiseTest {

  /**
   * Squares until decryption fails. The noise budget must predict it: every ciphertext with a
   * positive budget decrypts correctly, and the first wrong one reports 0. Returns the depth.
   */
  private static int depthOf(BfvFixture f) {
    BfvEvaluator eval = f.bfv.evaluator();
    long[] values = f.randomSlots(BfvFixture.seeded(1));
    long[] expected = values.clone();
    BfvCiphertext ct = f.encrypt(values);
    int previousBudget = f.budget(ct);
    for (int depth = 0; depth < 20; depth++) {
      ct = eval.multiply(ct, ct, f.relinKeys());
      for (int i = 0; i < expected.length; i++) {
        expected[i] = f.mulMod(expected[i], expected[i]);
      }
      int budget = f.budget(ct);
      assertTrue(budget < previousBudget, "a multiplication consumes budget");
      previousBudget = budget;
      boolean correct = Arrays.equals(expected, f.decrypt(ct));
      if (budget > 0) {
        assertTrue(correct, "budget " + budget + " but wrong decryption at depth " + (depth + 1));
      }
      if (!correct) {
        assertEquals(0, budget, "wrong decryption must show an exhausted budget");
        return depth;
      }
    }
    throw new AssertionError("noise never ran out");
  }

  @Test
  void depthAt4096WithTheDefaultPlainModulusIsOne() {
    assertEquals(1, depthOf(BfvFixture.N4096));
  }

  @Test
  void depthAt8192WithA20BitAndA40BitPlainModulus() {
    int wide = depthOf(BfvFixture.n8192());
    int wider = depthOf(new BfvFixture(BfvParameters.defaults(8192, 40), 8193));
    assertEquals(4, wide);
    assertEquals(2, wider);
  }

  @Test
  void lowerLevelsMultiplyAndRotateWithTheSameKeys() {
    BfvFixture f = BfvFixture.n8192();
    BfvEvaluator eval = f.bfv.evaluator();
    long[] x = f.randomSlots(f.random);
    long[] y = f.randomSlots(f.random);
    BfvCiphertext cx = eval.modSwitchToNext(eval.modSwitchToNext(f.encrypt(x)));
    BfvCiphertext cy = eval.modSwitchToNext(eval.modSwitchToNext(f.encryptSymmetric(y)));
    assertEquals(2, cx.level());
    BfvCiphertext product = eval.multiply(cx, cy, f.relinKeys());
    BfvGaloisKeys keys = f.bfv.keyGenerator().galoisKeys(f.secret, new int[] {5}, true, f.random);
    long[] rotated = f.decrypt(eval.rotateColumns(eval.rotateRows(product, 5, keys), keys));
    int half = x.length / 2;
    for (int i = 0; i < x.length; i++) {
      int source = ((i + half) % x.length) / half * half + (i % half + 5) % half;
      assertEquals(f.mulMod(x[source], y[source]), rotated[i], "slot " + i);
    }
    assertTrue(f.budget(product) > 0);
  }

  @Test
  void budgetsOfFreshAndDerivedCiphertexts() {
    BfvFixture f = BfvFixture.N4096;
    BfvEvaluator eval = f.bfv.evaluator();
    BfvCiphertext fresh = f.encrypt(f.randomSlots(f.random));
    BfvCiphertext symmetric = f.encryptSymmetric(f.randomSlots(f.random));
    int freshBudget = f.budget(fresh);
    assertTrue(freshBudget >= 40, "fresh budget " + freshBudget);
    assertTrue(f.budget(symmetric) >= freshBudget - 1, "symmetric encryption adds only e");
    assertTrue(f.budget(eval.add(fresh, symmetric)) >= freshBudget - 1);
    int afterPlain = f.budget(eval.multiplyPlain(fresh, f.bfv.encoder().encode(f.randomSlots(f.random))));
    assertTrue(afterPlain > 0 && afterPlain < freshBudget - 15, "after a plaintext product " + afterPlain);
    BfvCiphertext product = eval.multiply(fresh, symmetric, f.relinKeys());
    int afterMultiply = f.budget(product);
    assertTrue(afterMultiply > 0 && afterMultiply < freshBudget - 20, "after a product " + afterMultiply);
    // switching to the 36-bit modulus adds a rounding noise of about t·‖s‖/q_0, leaving a few bits
    int switched = f.budget(f.bfv.evaluator().modSwitchToNext(product));
    assertTrue(switched > 0 && switched <= afterMultiply, "after modulus switching " + switched);
  }

  @Test
  void aZeroBudgetCiphertextDecryptsWrongly() {
    BfvFixture f = BfvFixture.N4096;
    BfvEvaluator eval = f.bfv.evaluator();
    long[] values = f.randomSlots(f.random);
    BfvCiphertext ct = f.encrypt(values);
    BfvCiphertext deep = eval.multiply(eval.multiply(ct, ct, f.relinKeys()), ct, f.relinKeys());
    assertEquals(0, f.budget(deep));
    long[] cubes = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      cubes[i] = f.mulMod(f.mulMod(values[i], values[i]), values[i]);
    }
    assertFalse(Arrays.equals(cubes, f.decrypt(deep)));
    assertArrayEquals(values, f.decrypt(ct));
  }
}
