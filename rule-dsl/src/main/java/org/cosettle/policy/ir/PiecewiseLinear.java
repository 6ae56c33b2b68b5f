package org.cosettle.policy.ir;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Piecewise-linear functions of integer variables in known ranges — sums with integer
 * coefficients, {@code min}, {@code max} and {@code select} on a 0/1 variable — and two exact
 * questions about them: are two such functions equal everywhere in the ranges, and what are the
 * least and greatest values of one. Both are answered the same way: every combination of the
 * branches the {@code min}s, {@code max}s and {@code select}s take is a region (a conjunction of
 * linear inequalities), infeasible combinations are cut as soon as they arise, and in each
 * feasible region the function is one linear form, decided by {@link LinearSystem}. The answers
 * are proofs for the integer points of the ranges: "equal" means no integer point of any region
 * tells the two apart; a bound holds at every integer point.
 *
 * <p>Nodes are numbered in the order they are made, so a node's operands always come before it.
 */
final class PiecewiseLinear {
  /** Past this many branching nodes the questions are not asked (the answer is "not proven"). */
  static final int MAX_BRANCHES = 14;

  private enum Kind { VAR, CONST, LINEAR, MIN, MAX, SELECT }

  private final List<long[]> ranges = new ArrayList<>();
  private final List<Kind> kinds = new ArrayList<>();
  private final List<int[]> operands = new ArrayList<>();
  private final List<long[]> numbers = new ArrayList<>();
  private int branches;
  /** The number of variables while a question is answered. */
  private int variables;

  /** A new variable ranging over {@code [low, high]}, as a node. */
  int variable(long low, long high) {
    ranges.add(new long[] {low, high});
    return add(Kind.VAR, new int[] {ranges.size() - 1}, new long[0]);
  }

  int branches() {
    return branches;
  }

  int constant(long value) {
    return add(Kind.CONST, new int[0], new long[] {value});
  }

  /** {@code Σ coefficients[i]·nodes[i] + constant}. */
  int linear(int[] nodes, long[] coefficients, long constant) {
    long[] n = java.util.Arrays.copyOf(coefficients, coefficients.length + 1);
    n[coefficients.length] = constant;
    return add(Kind.LINEAR, nodes.clone(), n);
  }

  int sum(int a, int b) {
    return linear(new int[] {a, b}, new long[] {1, 1}, 0);
  }

  int difference(int a, int b) {
    return linear(new int[] {a, b}, new long[] {1, -1}, 0);
  }

  int min(int a, int b) {
    branches++;
    return add(Kind.MIN, new int[] {a, b}, new long[0]);
  }

  int max(int a, int b) {
    branches++;
    return add(Kind.MAX, new int[] {a, b}, new long[0]);
  }

  /** {@code condition != 0 ? a : b} for a {@link #variable} node {@code condition} ranging over 0 and 1. */
  int select(int condition, int a, int b) {
    if (kinds.get(condition) != Kind.VAR) {
      throw new IllegalArgumentException("a select's condition is a variable");
    }
    branches++;
    return add(Kind.SELECT, new int[] {operands.get(condition)[0], a, b}, new long[0]);
  }

  private int add(Kind kind, int[] ops, long[] nums) {
    kinds.add(kind);
    operands.add(ops);
    numbers.add(nums);
    return kinds.size() - 1;
  }

  /** Whether {@code a} and {@code b} are proven to take the same value at every integer point of the ranges. */
  boolean provenEqual(int a, int b) {
    boolean[] differs = new boolean[1];
    boolean walked = regions(new int[] {a, b}, (value, region) -> {
      LinearSystem.Form d = value[a].subtract(value[b]);
      if (LinearSystem.maybeFeasible(with(region, d.plus(BigInteger.ONE.negate())))
          || LinearSystem.maybeFeasible(with(region, d.scale(BigInteger.ONE.negate()).plus(BigInteger.ONE.negate())))) {
        differs[0] = true;
        return false;
      }
      return true;
    });
    return walked && !differs[0];
  }

  /** The proven least and greatest values of node {@code x}; {@code null} when none is proven. */
  long[] bounds(int x) {
    BigInteger[] all = new BigInteger[2];
    boolean[] unbounded = new boolean[1];
    boolean[] any = new boolean[1];
    boolean walked = regions(new int[] {x}, (value, region) -> {
      BigInteger[] b = LinearSystem.bounds(region, value[x]);
      if (b == null) {
        return true; // no integer point in this region
      }
      if (b[0] == null || b[1] == null) {
        unbounded[0] = true;
        return false;
      }
      any[0] = true;
      all[0] = all[0] == null ? b[0] : all[0].min(b[0]);
      all[1] = all[1] == null ? b[1] : all[1].max(b[1]);
      return true;
    });
    if (!walked || unbounded[0] || !any[0] || all[0].bitLength() > 63 || all[1].bitLength() > 63) {
      return null;
    }
    return new long[] {all[0].longValue(), all[1].longValue()};
  }

  private static List<LinearSystem.Form> with(List<LinearSystem.Form> region, LinearSystem.Form extra) {
    List<LinearSystem.Form> out = new ArrayList<>(region);
    out.add(extra);
    return out;
  }

  private interface RegionVisitor {
    /** Called with each node's linear form in one feasible region; false stops the walk. */
    boolean visit(LinearSystem.Form[] value, List<LinearSystem.Form> region);
  }

  /**
   * Walks the feasible regions of the nodes {@code roots} depend on; false when there are more
   * than {@link #MAX_BRANCHES} branching nodes among them (nothing is walked then).
   */
  private boolean regions(int[] roots, RegionVisitor visitor) {
    int upTo = 0;
    for (int r : roots) {
      upTo = Math.max(upTo, r + 1);
    }
    boolean[] needed = new boolean[upTo];
    for (int r : roots) {
      needed[r] = true;
    }
    int count = 0;
    for (int i = upTo - 1; i >= 0; i--) {
      if (!needed[i]) {
        continue;
      }
      Kind k = kinds.get(i);
      count += k == Kind.MIN || k == Kind.MAX || k == Kind.SELECT ? 1 : 0;
      if (k == Kind.VAR) {
        continue;
      }
      int[] ops = operands.get(i);
      for (int j = k == Kind.SELECT ? 1 : 0; j < ops.length; j++) {
        needed[ops[j]] = true;
      }
    }
    if (count > MAX_BRANCHES) {
      return false;
    }
    variables = ranges.size();
    List<LinearSystem.Form> region = new ArrayList<>();
    for (int v = 0; v < variables; v++) {
      LinearSystem.Form x = LinearSystem.Form.variable(variables, v);
      region.add(x.plus(BigInteger.valueOf(ranges.get(v)[0]).negate()));
      region.add(x.scale(BigInteger.ONE.negate()).plus(BigInteger.valueOf(ranges.get(v)[1])));
    }
    this.needed = needed;
    walk(0, upTo, new LinearSystem.Form[upTo], region, visitor);
    return true;
  }

  /** The nodes the question being answered depends on. */
  private boolean[] needed;

  private boolean walk(int i, int upTo, LinearSystem.Form[] value, List<LinearSystem.Form> region, RegionVisitor visitor) {
    if (i == upTo) {
      return visitor.visit(value, region);
    }
    if (!needed[i]) {
      return walk(i + 1, upTo, value, region, visitor);
    }
    int[] ops = operands.get(i);
    long[] nums = numbers.get(i);
    switch (kinds.get(i)) {
      case VAR:
        value[i] = LinearSystem.Form.variable(variables, ops[0]);
        return walk(i + 1, upTo, value, region, visitor);
      case CONST:
        value[i] = LinearSystem.Form.constant(variables, nums[0]);
        return walk(i + 1, upTo, value, region, visitor);
      case LINEAR: {
        LinearSystem.Form f = LinearSystem.Form.constant(variables, nums[ops.length]);
        for (int k = 0; k < ops.length; k++) {
          f = f.add(value[ops[k]].scale(BigInteger.valueOf(nums[k])));
        }
        value[i] = f;
        return walk(i + 1, upTo, value, region, visitor);
      }
      case MIN:
      case MAX: {
        LinearSystem.Form a = value[ops[0]];
        LinearSystem.Form b = value[ops[1]];
        LinearSystem.Form aFirst = kinds.get(i) == Kind.MIN ? b.subtract(a) : a.subtract(b); // the branch taking a
        return branch(i, upTo, value, region, visitor, aFirst, a,
            aFirst.scale(BigInteger.ONE.negate()).plus(BigInteger.ONE.negate()), b);
      }
      case SELECT: {
        LinearSystem.Form c = LinearSystem.Form.variable(variables, ops[0]);
        return branch(i, upTo, value, region, visitor, c.plus(BigInteger.ONE.negate()), value[ops[1]],
            c.scale(BigInteger.ONE.negate()), value[ops[2]]);
      }
      default:
        throw new IllegalStateException();
    }
  }

  private boolean branch(int i, int upTo, LinearSystem.Form[] value, List<LinearSystem.Form> region,
      RegionVisitor visitor, LinearSystem.Form firstIf, LinearSystem.Form first, LinearSystem.Form secondIf,
      LinearSystem.Form second) {
    LinearSystem.Form[][] outcomes = {{firstIf, first}, {secondIf, second}};
    for (LinearSystem.Form[] o : outcomes) {
      region.add(o[0]);
      try {
        if (LinearSystem.maybeFeasible(region)) {
          value[i] = o[1];
          if (!walk(i + 1, upTo, value, region, visitor)) {
            return false;
          }
        }
      } finally {
        region.remove(region.size() - 1);
      }
    }
    return true;
  }
}
