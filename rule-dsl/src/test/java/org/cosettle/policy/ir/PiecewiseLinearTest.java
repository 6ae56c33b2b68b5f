package org.cosettle.policy.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden cases of the piecewise-linear prover, each worked by hand. */
class PiecewiseLinearTest {
  @Test
  void theSaturatingIdentityHoldsOnlyForNonNegativeSteps() {
    for (long lowestStep : new long[] {0, -1}) {
      PiecewiseLinear g = new PiecewiseLinear();
      int s = g.variable(-1_000, 1_000);
      int x = g.variable(lowestStep, 500);
      int k = g.variable(0, 300);
      // s + min(x, max(0, K − s))  vs  max(s, min(s + x, K))
      int update = g.sum(s, g.min(x, g.max(g.constant(0), g.difference(k, s))));
      int family = g.max(s, g.min(g.sum(s, x), k));
      assertTrue(g.provenEqual(update, family) == (lowestStep == 0), "x ≥ " + lowestStep);
    }
  }

  @Test
  void twoNestedMinimaOfNonNegativeAmountsAreOneMinimum() {
    PiecewiseLinear g = new PiecewiseLinear();
    int left = g.variable(0, 10_000);
    int in = g.variable(0, 50_000);
    int out = g.variable(0, 50_000);
    int appliedIn = g.min(in, left);
    int appliedOut = g.min(out, g.difference(left, appliedIn));
    assertTrue(g.provenEqual(g.sum(appliedIn, appliedOut), g.min(g.sum(in, out), left)));
    // and what is left over is never negative, though an interval analysis says −10,000
    assertArrayEquals(new long[] {0, 50_000}, g.bounds(g.difference(in, appliedIn)));
  }

  @Test
  void selectsBranchOnZeroOrOne() {
    PiecewiseLinear g = new PiecewiseLinear();
    int c = g.variable(0, 1);
    int a = g.variable(5, 9);
    int b = g.variable(-3, 2);
    assertArrayEquals(new long[] {-3, 9}, g.bounds(g.select(c, a, b)));
    assertFalse(g.provenEqual(g.select(c, a, b), a));
  }

  @Test
  void noIntegerPointMeansNoBounds() {
    PiecewiseLinear g = new PiecewiseLinear();
    int x = g.variable(3, 2);
    assertNull(g.bounds(x));
  }

  @Test
  void tooManyBranchesIsNotProven() {
    PiecewiseLinear g = new PiecewiseLinear();
    int x = g.variable(0, 10);
    int y = x;
    for (int i = 0; i <= PiecewiseLinear.MAX_BRANCHES; i++) {
      y = g.min(y, g.constant(100 + i));
    }
    assertFalse(g.provenEqual(y, x), "true, but past the branch limit nothing is proven");
    assertNull(g.bounds(y));
  }
}
