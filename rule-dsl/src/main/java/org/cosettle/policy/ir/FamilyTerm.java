package org.cosettle.policy.ir;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A step or a limit of a {@link StateFamilies.Family}: a per-claim value built from IR ops that
 * do not read the state it belongs to: {@code
 * OP} (op {@code op}'s value), {@code CONST} ({@code value}), {@code ADD}/{@code SUB} of {@code
 * a} and {@code b}, {@code NEG} of {@code a}, {@code SCALE} ({@code value · a}), {@code
 * MIN}/{@code MAX} of {@code a} and {@code b}, {@code SELECT} ({@code op}'s 0/1 value chooses
 * {@code a} or {@code b}). {@code min}/{@code max} bound it.
 */
public record FamilyTerm(TermKind kind, int op, long value, FamilyTerm a, FamilyTerm b, long min, long max) {
  /** The kinds of {@link Term}. */
  public enum TermKind { OP, CONST, ADD, SUB, NEG, SCALE, MIN, MAX, SELECT }

  static FamilyTerm op(int op, long[] range) {
    return new FamilyTerm(TermKind.OP, op, 0, null, null, range[0], range[1]);
  }

  static FamilyTerm constant(long v) {
    return new FamilyTerm(TermKind.CONST, -1, v, null, null, v, v);
  }

  static FamilyTerm add(FamilyTerm a, FamilyTerm b) {
    if (a.kind == TermKind.CONST && a.value == 0) {
      return b;
    }
    if (b.kind == TermKind.CONST && b.value == 0) {
      return a;
    }
    return new FamilyTerm(TermKind.ADD, -1, 0, a, b, sat(BigInteger.valueOf(a.min).add(BigInteger.valueOf(b.min))),
        sat(BigInteger.valueOf(a.max).add(BigInteger.valueOf(b.max))));
  }

  static FamilyTerm scale(long k, FamilyTerm a) {
    if (k == 1) {
      return a;
    }
    if (a.kind == TermKind.CONST) {
      return constant(Math.multiplyExact(k, a.value));
    }
    BigInteger x = BigInteger.valueOf(a.min).multiply(BigInteger.valueOf(k));
    BigInteger y = BigInteger.valueOf(a.max).multiply(BigInteger.valueOf(k));
    return new FamilyTerm(k == -1 ? TermKind.NEG : TermKind.SCALE, -1, k, a, null, sat(x.min(y)), sat(x.max(y)));
  }

  static FamilyTerm subtract(FamilyTerm a, FamilyTerm b) {
    if (b.kind == TermKind.CONST && b.value == 0) {
      return a;
    }
    return new FamilyTerm(TermKind.SUB, -1, 0, a, b, sat(BigInteger.valueOf(a.min).subtract(BigInteger.valueOf(b.max))),
        sat(BigInteger.valueOf(a.max).subtract(BigInteger.valueOf(b.min))));
  }

  static FamilyTerm min(FamilyTerm a, FamilyTerm b) {
    return a.equals(b) ? a : new FamilyTerm(TermKind.MIN, -1, 0, a, b, Math.min(a.min, b.min), Math.min(a.max, b.max));
  }

  static FamilyTerm max(FamilyTerm a, FamilyTerm b) {
    return a.equals(b) ? a : new FamilyTerm(TermKind.MAX, -1, 0, a, b, Math.max(a.min, b.min), Math.max(a.max, b.max));
  }

  static FamilyTerm select(int condition, FamilyTerm a, FamilyTerm b) {
    return a.equals(b) ? a : new FamilyTerm(TermKind.SELECT, condition, 0, a, b, Math.min(a.min, b.min),
        Math.max(a.max, b.max));
  }

  /** Whether the bounds are exact enough to compute with (no overflow of 64 bits along the way). */
  public boolean bounded() {
    return min != Long.MIN_VALUE && max != Long.MAX_VALUE;
  }

  /**
   * The term's value for claim {@code claim} in plaintext, {@code column.apply(op)[claim]} being
   * op's value (exact: every sum and product is checked, as the evaluators compute).
   */
  public long evaluate(java.util.function.IntFunction<long[]> column, int claim) {
    return switch (kind) {
      case OP -> column.apply(op)[claim];
      case CONST -> value;
      case ADD -> Math.addExact(a.evaluate(column, claim), b.evaluate(column, claim));
      case SUB -> Math.subtractExact(a.evaluate(column, claim), b.evaluate(column, claim));
      case NEG, SCALE -> Math.multiplyExact(value, a.evaluate(column, claim));
      case MIN -> Math.min(a.evaluate(column, claim), b.evaluate(column, claim));
      case MAX -> Math.max(a.evaluate(column, claim), b.evaluate(column, claim));
      case SELECT -> column.apply(op)[claim] != 0 ? a.evaluate(column, claim) : b.evaluate(column, claim);
    };
  }

  /** The IR ops this term reads. */
  public Set<Integer> ops() {
    Set<Integer> out = new LinkedHashSet<>();
    collect(out);
    return out;
  }

  private void collect(Set<Integer> out) {
    if (kind == TermKind.OP || kind == TermKind.SELECT) {
      out.add(op);
    }
    if (a != null) {
      a.collect(out);
    }
    if (b != null) {
      b.collect(out);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case OP -> "%" + op;
      case CONST -> Long.toString(value);
      case ADD -> "(" + a + " + " + b + ")";
      case SUB -> "(" + a + " - " + b + ")";
      case NEG -> "-" + a;
      case SCALE -> value + "·" + a;
      case MIN -> "min(" + a + ", " + b + ")";
      case MAX -> "max(" + a + ", " + b + ")";
      case SELECT -> "(%" + op + " ? " + a + " : " + b + ")";
    };
  }

  private static long sat(BigInteger v) {
    return v.bitLength() > 63 ? (v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : v.longValue();
  }
}
