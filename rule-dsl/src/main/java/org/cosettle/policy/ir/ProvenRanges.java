package org.cosettle.policy.ir;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;

/**
 * The ranges of a program's ops as tight as {@link PiecewiseLinear} proves them: the IR's
 * interval ranges lose every relation between operands ({@code in − min(in, L)} spans
 * {@code [−L, in]} there), so a sum of {@code min}s, {@code max}s and {@code select}s is bounded
 * over its operands' own tightened ranges region by region, and products, roundings and divisions
 * carry the tightened ranges through by monotonicity. Always within the IR's range, and a bound
 * for every claim whose inputs are within spec §3 as the IR's is, so the secure engine sizes its
 * comparisons and divisions by them (a rounding of a value proven ≥ 0 needs no sign test).
 * Computed on demand and kept; not thread-safe.
 */
public final class ProvenRanges {
  private final List<Op> ops;
  private final Map<Integer, long[]> refined = new HashMap<>();

  ProvenRanges(List<Op> ops) {
    this.ops = ops;
  }

  /** The proven ranges of {@code program}'s ops. */
  public static ProvenRanges of(Ir.Program program) {
    return new ProvenRanges(program.ops());
  }

  /** {@code program} with every op's range replaced by its proven one (the same ops otherwise). */
  public Ir.Program tightened(Ir.Program program) {
    List<Op> out = new java.util.ArrayList<>(program.ops().size());
    for (Op op : program.ops()) {
      long[] r = range(op.id());
      out.add(r[0] == op.min() && r[1] == op.max() ? op : new Op(op.id(), op.code(), op.type(), op.level(), op.label(),
          op.args(), op.imm(), op.codes(), r[0], r[1], op.position(), op.note()));
    }
    return new Ir.Program(out, program.bindings(), program.updates(), program.aggregates());
  }

  /** The least value op {@code id} takes. */
  public long min(int id) {
    return range(id)[0];
  }

  /** The greatest value op {@code id} takes. */
  public long max(int id) {
    return range(id)[1];
  }

  /**
   * Op {@code id}'s range: the IR's, tightened where a sum of {@code min}s, {@code max}s and
   * {@code select}s is provably narrower over its operands' (tightened) ranges, and through
   * products, roundings and divisions by their monotonicity.
   */
  long[] range(int id) {
    long[] known = refined.get(id);
    if (known != null) {
      return known;
    }
    Op op = ops.get(id);
    long[] r = {op.min(), op.max()};
    long[] tighter = switch (op.code()) {
      case ROUND4 -> monotone(range(op.a()), v -> Arith.round4(v));
      case DIV_ROUND -> op.imm() > 0 ? monotone(range(op.a()), v -> Arith.divRound(v, op.imm()))
          : reversed(monotone(range(op.a()), v -> Arith.divRound(v, op.imm())));
      case MUL -> StateFamilies.constantOperand(ops, op) >= 0 ? piecewise(id) : product(range(op.a()), range(op.b()));
      case ADD, SUB, NEG, MIN, MAX, SELECT -> piecewise(id);
      default -> null;
    };
    if (tighter != null && tighter[0] <= tighter[1] && tighter[0] <= r[1] && tighter[1] >= r[0]) {
      r = new long[] {Math.max(r[0], tighter[0]), Math.min(r[1], tighter[1])};
    }
    refined.put(id, r);
    return r;
  }

  /** Branches one range question may expand before the deeper ops count as variables. */
  private static final int CONE_BRANCHES = 6;

  private long[] piecewise(int id) {
    PiecewiseLinear graph = new PiecewiseLinear();
    Map<Integer, Integer> nodes = new HashMap<>();
    int root = cone(id, graph, nodes, true);
    return graph.bounds(root);
  }

  private int cone(int id, PiecewiseLinear graph, Map<Integer, Integer> nodes, boolean root) {
    Integer known = nodes.get(id);
    if (known != null) {
      return known;
    }
    Op op = ops.get(id);
    boolean branching = op.code() == Opcode.MIN || op.code() == Opcode.MAX || op.code() == Opcode.SELECT;
    boolean expand = (root || graph.branches() < CONE_BRANCHES || !branching) && switch (op.code()) {
      case ADD, SUB, NEG, MIN, MAX, SELECT -> true;
      case MUL -> StateFamilies.constantOperand(ops, op) >= 0;
      default -> false;
    };
    int n;
    if (op.code() == Opcode.CONST) {
      n = graph.constant(op.imm());
    } else if (!expand) {
      long[] r = range(id);
      n = graph.variable(r[0], r[1]);
    } else {
      n = switch (op.code()) {
        case ADD -> graph.sum(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case SUB -> graph.difference(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case NEG -> graph.linear(new int[] {cone(op.a(), graph, nodes, false)}, new long[] {-1}, 0);
        case MUL -> {
          int constant = StateFamilies.constantOperand(ops, op);
          yield graph.linear(new int[] {cone(constant == op.a() ? op.b() : op.a(), graph, nodes, false)},
              new long[] {ops.get(constant).imm()}, 0);
        }
        case MIN -> graph.min(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case MAX -> graph.max(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case SELECT -> {
          long[] c = range(op.a());
          int a = cone(op.b(), graph, nodes, false);
          int b = cone(op.c(), graph, nodes, false);
          yield c[0] >= 1 ? a : c[1] <= 0 ? b : graph.select(graph.variable(0, 1), a, b);
        }
        default -> throw new IllegalStateException();
      };
    }
    nodes.put(id, n);
    return n;
  }

  private static long[] monotone(long[] r, java.util.function.LongUnaryOperator f) {
    return new long[] {f.applyAsLong(r[0]), f.applyAsLong(r[1])};
  }

  private static long[] reversed(long[] r) {
    return new long[] {r[1], r[0]};
  }

  private static long[] product(long[] a, long[] b) {
    BigInteger lo = null;
    BigInteger hi = null;
    for (long x : a) {
      for (long y : b) {
        BigInteger p = BigInteger.valueOf(x).multiply(BigInteger.valueOf(y));
        lo = lo == null ? p : lo.min(p);
        hi = hi == null ? p : hi.max(p);
      }
    }
    if (lo.bitLength() > 63 || hi.bitLength() > 63) {
      return null;
    }
    return new long[] {lo.longValue(), hi.longValue()};
  }
}
