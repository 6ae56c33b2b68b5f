package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.StateFamilies;

/**
 * The order in which a prefix run computes the shared ops, pass by pass (before each state's
 * stage, then the rest), with independent operations of one kind merged into one protocol call so
 * that they cost one call's rounds: each pass's interactive ops are placed as late as their uses
 * allow (their height: the most interactive steps between them and the pass's end), and at each
 * height the exact roundings by one divisor run as one {@code divideRounded} over a range covering
 * them all, and the products with one party's plaintext factors of one width as one {@code
 * multiplyPlaintext}, the equalities of one width as one {@code equal} and the ORs as one product.
 * City-inclusive's two roundings of its two liability blocks become one call (14 rounds instead
 * of 28); a per-person code set's 10 S fingerprint equalities become one call. Both parties derive the same schedule from the plan; {@link
 * SecureCosts} counts the correlations by it.
 */
final class PassSchedule {
  /** {@code SINGLE}: one op as the evaluator computes it; the others: ops merged into one call. */
  enum Kind { SINGLE, DIVIDE, PLAINTEXT_PRODUCT, EQUAL, OR }

  /**
   * One call: {@code ops} in order; for {@code DIVIDE} the divisor and the covering range [{@code
   * min}, min + 2<sup>bits</sup>); for {@code PLAINTEXT_PRODUCT} the factor's width in {@code bits};
   * for {@code EQUAL} the operands' width in {@code bits}.
   */
  record Step(Kind kind, int[] ops, long divisor, long min, int bits) {}

  private final List<List<Step>> passes;

  private PassSchedule(List<List<Step>> passes) {
    this.passes = passes;
  }

  /** The passes: before each stage of {@code stages}, then the rest. */
  List<List<Step>> passes() {
    return passes;
  }

  /** The covering range {min, bits} of each rounding merged with others. */
  Map<Integer, long[]> divisionCovers() {
    Map<Integer, long[]> covers = new HashMap<>();
    for (List<Step> pass : passes) {
      for (Step s : pass) {
        if (s.kind() == Kind.DIVIDE) {
          for (int op : s.ops()) {
            covers.put(op, new long[] {s.min(), s.bits()});
          }
        }
      }
    }
    return covers;
  }

  static PassSchedule of(Plan plan, List<StateFamilies.Family> stages) {
    List<Op> ops = plan.program().ops();
    BitSet[] reads = new BitSet[ops.size()];
    for (Op op : ops) {
      BitSet r = new BitSet();
      if (op.code() == Ir.Opcode.STATE && plan.stateShared((int) op.imm())) {
        r.set((int) op.imm());
      }
      for (int a : op.args()) {
        r.or(reads[a]);
      }
      reads[op.id()] = r;
    }
    boolean[] done = new boolean[ops.size()];
    BitSet resolved = new BitSet();
    List<List<Step>> passes = new ArrayList<>();
    for (int p = 0; p <= stages.size(); p++) {
      if (p == stages.size()) {
        resolved.set(0, Math.max(1, ops.size()));
      }
      List<Integer> pass = new ArrayList<>();
      for (Op op : ops) {
        if (plan.site(op.id()) == Label.JOINT && !done[op.id()]) {
          BitSet missing = (BitSet) reads[op.id()].clone();
          missing.andNot(resolved);
          if (missing.isEmpty()) {
            pass.add(op.id());
            done[op.id()] = true;
          }
        }
      }
      passes.add(order(plan, pass));
      if (p < stages.size()) {
        resolved.set(stages.get(p).state());
      }
    }
    return new PassSchedule(passes);
  }

  /** One pass's ops, by decreasing height, merged where they can be. */
  private static List<Step> order(Plan plan, List<Integer> pass) {
    List<Op> ops = plan.program().ops();
    Map<Integer, Integer> height = new HashMap<>();
    for (int i = pass.size() - 1; i >= 0; i--) {
      height.put(pass.get(i), 0);
    }
    for (int i = pass.size() - 1; i >= 0; i--) {
      Op op = ops.get(pass.get(i));
      int h = height.get(op.id()) + (interactive(plan, op) ? 1 : 0);
      for (int a : op.args()) {
        Integer known = height.get(a);
        if (known != null && known < h) {
          height.put(a, h);
        }
      }
    }
    int top = height.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Step> steps = new ArrayList<>();
    for (int h = top; h >= 0; h--) {
      Map<String, List<Integer>> groups = new LinkedHashMap<>();
      List<Integer> locals = new ArrayList<>();
      for (int id : pass) {
        if (height.get(id) != h) {
          continue;
        }
        Op op = ops.get(id);
        if (!interactive(plan, op)) {
          locals.add(id);
        } else {
          groups.computeIfAbsent(groupKey(plan, op, id), k -> new ArrayList<>()).add(id);
        }
      }
      for (List<Integer> group : groups.values()) {
        steps.addAll(merged(plan, group));
      }
      for (int id : locals) {
        steps.add(new Step(Kind.SINGLE, new int[] {id}, 0, 0, 0));
      }
    }
    return steps;
  }

  private static String groupKey(Plan plan, Op op, int id) {
    List<Op> ops = plan.program().ops();
    if ((op.code() == Ir.Opcode.ROUND4 || op.code() == Ir.Opcode.DIV_ROUND) && SecureEvaluator.signFactor(plan, op) < 0) {
      return "divide " + divisor(op);
    }
    if (op.code() == Ir.Opcode.MUL && plan.site(op.a()) != Label.PUBLIC && plan.site(op.b()) != Label.PUBLIC) {
      int plain = SecureEvaluator.plaintextFactor(plan, op);
      if (plain >= 0 && !SecureEvaluator.constantFactor(plan, op)) {
        return "product " + plan.site(plain) + " " + SecureEvaluator.factorBits(ops.get(plain));
      }
    }
    if (op.code() == Ir.Opcode.EQ) {
      return "equal " + SecureEvaluator.width(op, ops);
    }
    if (op.code() == Ir.Opcode.OR) {
      return "or";
    }
    return "single " + id;
  }

  /** The group as merged calls: roundings whose covering range fits one call, products as one. */
  private static List<Step> merged(Plan plan, List<Integer> group) {
    List<Op> ops = plan.program().ops();
    Op first = ops.get(group.get(0));
    List<Step> out = new ArrayList<>();
    if ((first.code() == Ir.Opcode.ROUND4 || first.code() == Ir.Opcode.DIV_ROUND)
        && SecureEvaluator.signFactor(plan, first) < 0) {
      List<Integer> current = new ArrayList<>();
      long min = 0;
      long max = 0;
      for (int id : group) {
        Op x = ops.get(ops.get(id).a());
        long newMin = current.isEmpty() ? x.min() : Math.min(min, x.min());
        long newMax = current.isEmpty() ? x.max() : Math.max(max, x.max());
        if (!current.isEmpty() && bits(newMin, newMax) > ArithmeticSession.MAX_DIVIDEND_BITS) {
          out.add(divide(current, divisor(first), min, max));
          current = new ArrayList<>();
          newMin = x.min();
          newMax = x.max();
        }
        current.add(id);
        min = newMin;
        max = newMax;
      }
      out.add(divide(current, divisor(first), min, max));
      return out;
    }
    if (first.code() == Ir.Opcode.MUL && group.size() > 1) {
      int plain = SecureEvaluator.plaintextFactor(plan, first);
      out.add(new Step(Kind.PLAINTEXT_PRODUCT, group.stream().mapToInt(Integer::intValue).toArray(), 0, 0,
          SecureEvaluator.factorBits(ops.get(plain))));
      return out;
    }
    if ((first.code() == Ir.Opcode.EQ || first.code() == Ir.Opcode.OR) && group.size() > 1) {
      out.add(new Step(first.code() == Ir.Opcode.EQ ? Kind.EQUAL : Kind.OR,
          group.stream().mapToInt(Integer::intValue).toArray(), 0, 0,
          first.code() == Ir.Opcode.EQ ? SecureEvaluator.width(first, ops) : 1));
      return out;
    }
    for (int id : group) {
      out.add(new Step(Kind.SINGLE, new int[] {id}, 0, 0, 0));
    }
    return out;
  }

  private static Step divide(List<Integer> ops, long divisor, long min, long max) {
    return new Step(Kind.DIVIDE, ops.stream().mapToInt(Integer::intValue).toArray(), divisor, min, bits(min, max));
  }

  private static int bits(long min, long max) {
    return Math.max(1, 64 - Long.numberOfLeadingZeros(max - min));
  }

  static long divisor(Op op) {
    return op.code() == Ir.Opcode.ROUND4 ? 10_000 : op.imm();
  }

  /** Whether computing {@code op} on shares takes a protocol call. */
  static boolean interactive(Plan plan, Op op) {
    return switch (op.code()) {
      case MUL -> plan.site(op.a()) != Label.PUBLIC && plan.site(op.b()) != Label.PUBLIC;
      case ROUND4, DIV_ROUND, LT, LE, EQ, NE, AND, OR, IN_MASK, SELECT, MIN, MAX, PRIVATE_LOOKUP -> true;
      case SUM_ITEMS -> plan.masksPadding(op.id());
      default -> false;
    };
  }
}
