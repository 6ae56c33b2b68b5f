package org.cosettle.policy.ir;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;

/** One state's update as a {@link PiecewiseLinear} graph: the state and the ops that do not read it as variables. */
final class UpdateProof {
  final PiecewiseLinear graph = new PiecewiseLinear();
  final int s;
  final int state;
  final Map<Integer, Integer> nodes = new HashMap<>();
  final Map<Integer, Integer> variables = new HashMap<>();

  private final List<Op> ops;
  private final BitSet[] reads;
  private final ProvenRanges ranges;

  /** The op read as the state: {@code select(r, 0, s)} when the update restarts, −1 when it reads s directly. */
  private final int restartRead;

  UpdateProof(List<Op> ops, BitSet[] reads, ProvenRanges ranges, int s, int restartRead) {
    this.restartRead = restartRead;
    this.ops = ops;
    this.reads = reads;
    this.ranges = ranges;
    this.s = s;
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (Op op : ops) {
      if (op.code() == Opcode.STATE && op.imm() == s) {
        low = Math.min(low, op.min());
        high = Math.max(high, op.max());
      }
    }
    if (restartRead >= 0) {
      // read through a restart, the state is also its zero value
      low = Math.min(low, 0);
      high = Math.max(high, 0);
    }
    this.state = graph.variable(low, high);
  }

  int variable(int id) {
    Integer known = variables.get(id);
    if (known != null) {
      return known;
    }
    Op op = ops.get(id);
    int n = op.code() == Opcode.CONST ? graph.constant(op.imm()) : graph.variable(ranges.range(id)[0], ranges.range(id)[1]);
    variables.put(id, n);
    return n;
  }

  int node(int id) {
    Integer known = nodes.get(id);
    if (known != null) {
      return known;
    }
    int n = build(id);
    nodes.put(id, n);
    return n;
  }

  private int build(int id) {
    Op op = ops.get(id);
    if (!reads[id].get(s)) {
      return variable(id);
    }
    if (restartRead >= 0) {
      if (id == restartRead) {
        return state;
      }
      if (op.code() == Opcode.STATE) {
        throw new StateFamilies.NotPiecewise();
      }
    }
    switch (op.code()) {
      case STATE:
        if (op.imm() == s) {
          return state;
        }
        throw new StateFamilies.NotPiecewise();
      case ADD:
        return graph.sum(node(op.a()), node(op.b()));
      case SUB:
        return graph.difference(node(op.a()), node(op.b()));
      case NEG:
        return graph.linear(new int[] {node(op.a())}, new long[] {-1}, 0);
      case MUL: {
        int constant = StateFamilies.constantOperand(ops, op);
        if (constant < 0) {
          throw new StateFamilies.NotPiecewise();
        }
        int other = constant == op.a() ? op.b() : op.a();
        return graph.linear(new int[] {node(other)}, new long[] {ops.get(constant).imm()}, 0);
      }
      case MIN:
        return graph.min(node(op.a()), node(op.b()));
      case MAX:
        return graph.max(node(op.a()), node(op.b()));
      case SELECT:
        return select(op.a(), node(op.b()), node(op.c()));
      default:
        throw new StateFamilies.NotPiecewise();
    }
  }

  /** Term {@code t} as a node, each of its ops a variable (the terms of a family read no state s). */
  int node(FamilyTerm t) {
    return node(t, false);
  }

  /**
   * Term {@code t} as a node whose ops that read state s are built from it ({@link #node(int)}): a
   * family's step that reads another state, proven as a function of that state.
   */
  int linked(FamilyTerm t) {
    return node(t, true);
  }

  private int node(FamilyTerm t, boolean linked) {
    return switch (t.kind()) {
      case OP -> linked ? node(t.op()) : variable(t.op());
      case CONST -> graph.constant(t.value());
      case ADD -> graph.sum(node(t.a(), linked), node(t.b(), linked));
      case SUB -> graph.difference(node(t.a(), linked), node(t.b(), linked));
      case NEG, SCALE -> graph.linear(new int[] {node(t.a(), linked)}, new long[] {t.value()}, 0);
      case MIN -> graph.min(node(t.a(), linked), node(t.b(), linked));
      case MAX -> graph.max(node(t.a(), linked), node(t.b(), linked));
      case SELECT -> select(t.op(), node(t.a(), linked), node(t.b(), linked));
    };
  }

  private int select(int condition, int a, int b) {
    Op c = ops.get(condition);
    if (c.code() == Opcode.CONST) {
      return c.imm() != 0 ? a : b;
    }
    return graph.select(variable(condition), a, b);
  }
}
