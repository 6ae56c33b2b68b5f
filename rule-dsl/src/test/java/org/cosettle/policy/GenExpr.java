package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;

/**
 * The random policy generator's own typed expression model, independent of the production AST.
 * Every node knows its type, its printing precedence and a bound on |value| (in the type's units)
 * for all inputs within the bounds of spec §3; the generator uses the bound to stay clear of
 * policies that {@code check} would reject for possible 64-bit overflow.
 */
sealed interface GenExpr {
  GType type();

  BigInteger bound();

  /** Printing precedence, loosest first (spec §4). */
  default int precedence() {
    return PRIMARY;
  }

  int IF = 0;
  int OR = 1;
  int AND = 2;
  int NOT = 3;
  int COMPARE = 4;
  int ADD = 5;
  int MUL = 6;
  int UNARY = 7;
  int PRIMARY = 8;

  BigInteger ONE = BigInteger.ONE;
  BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
  BigInteger CLAIM_MONEY = BigInteger.valueOf(100_000_000_000L);
  BigInteger ITEM_MONEY = BigInteger.valueOf(1_000_000_000L);
  BigInteger RATIO_BOUND = BigInteger.valueOf(100_000);
  BigInteger INT_BOUND = BigInteger.valueOf(1_000_000);
  BigInteger DATE_BOUND = BigInteger.valueOf(90_000);
  BigInteger MAX_ITEMS = BigInteger.valueOf(10_000);

  static BigInteger max(List<? extends GenExpr> es) {
    return es.stream().map(GenExpr::bound).reduce(BigInteger.ZERO, BigInteger::max);
  }

  /**
   * A numeric expression made only of literals, typed by its context. {@code value} is exact
   * in natural units (12.50 for 12.50 yuan); {@code text} is how it is written.
   */
  record Lit(GType type, BigDecimal value, String text, boolean compound) implements GenExpr {
    public BigInteger bound() {
      return value.movePointRight(type.scale).toBigIntegerExact().abs();
    }

    public int precedence() {
      return compound ? ADD : text.startsWith("-") ? UNARY : PRIMARY;
    }
  }

  record BoolLit(boolean value) implements GenExpr {
    public GType type() {
      return GType.BOOL;
    }

    public BigInteger bound() {
      return ONE;
    }
  }

  record DateLit(LocalDate date) implements GenExpr {
    public GType type() {
      return GType.DATE;
    }

    public BigInteger bound() {
      return DATE_BOUND;
    }
  }

  /** {@code INPATIENT}, {@code MALE}, {@code WESTERN_DRUG}. */
  record EnumLit(GType type, Enum<?> value) implements GenExpr {
    public BigInteger bound() {
      return BigInteger.valueOf(13);
    }
  }

  /** An input field; {@code object} is claim, patient, insured, or the item variable of a sum. */
  record Field(String object, String field, GType type, boolean item) implements GenExpr {
    public BigInteger bound() {
      if (field.equals("hospital_level")) {
        return BigInteger.valueOf(3);
      }
      switch (type) {
        case MONEY: return item ? ITEM_MONEY : CLAIM_MONEY;
        case INT: return INT_BOUND;
        case DATE: return DATE_BOUND;
        default: return BigInteger.valueOf(13);
      }
    }
  }

  /** What a declared name is. */
  enum RefKind { PARAM, PRIVATE_PARAM, STATE, LET, OUTPUT }

  record Ref(String name, GType type, RefKind kind, BigInteger bound) implements GenExpr {  }

  record Neg(GenExpr operand) implements GenExpr {
    public GType type() {
      return operand.type();
    }

    public BigInteger bound() {
      return operand.bound();
    }

    public int precedence() {
      return UNARY;
    }
  }

  /** {@code + - *}; the result type follows spec §4 (money × ratio is money, and so on). */
  record Arith(char op, GenExpr left, GenExpr right, GType type) implements GenExpr {
    public BigInteger bound() {
      if (op != '*') {
        return left.bound().add(right.bound());
      }
      BigInteger exact = exactProductBound();
      boolean rounded = left.type() == GType.RATIO || right.type() == GType.RATIO;
      return rounded ? exact.divide(TEN_THOUSAND).add(ONE) : exact;
    }

    BigInteger exactProductBound() {
      return left.bound().multiply(right.bound());
    }

    public int precedence() {
      return op == '*' ? MUL : ADD;
    }
  }

  /** {@code m / k} with {@code k} an int literal or a public int param ({@code divisorText}). */
  record Div(GenExpr left, long divisor, String divisorText) implements GenExpr {
    public GType type() {
      return GType.MONEY;
    }

    public BigInteger bound() {
      return left.bound().divide(BigInteger.valueOf(Math.abs(divisor))).add(ONE);
    }

    public int precedence() {
      return MUL;
    }
  }

  /** A bool-valued operator node. */
  sealed interface Condition extends GenExpr {
    default GType type() {
      return GType.BOOL;
    }

    default BigInteger bound() {
      return ONE;
    }
  }

  /** {@code < <= > >= == !=}. */
  record Compare(String op, GenExpr left, GenExpr right) implements Condition {
    public int precedence() {
      return COMPARE;
    }
  }

  /** {@code and}, {@code or}. */
  record Logic(String op, GenExpr left, GenExpr right) implements Condition {
    public int precedence() {
      return op.equals("and") ? AND : OR;
    }
  }

  record Not(GenExpr operand) implements Condition {
    public int precedence() {
      return NOT;
    }
  }

  /** {@code x in {A, B}} or {@code x in SETPARAM}; {@code members} always holds the elements. */
  record InEnum(GenExpr value, List<Enum<?>> members, String setParam) implements Condition {
    public int precedence() {
      return COMPARE;
    }
  }

  /** {@code claim.diagnosis in {"C*", "Z51.1"}} or {@code item.code in SETPARAM}. */
  /** {@code value in SET} for the private code set {@code set}, whose members the batch gives. */
  record InPrivateSet(Field value, String set) implements Condition {
    public int precedence() {
      return COMPARE;
    }
  }

  /** {@code table[key]}: the private table's entry for a code field, or its default. */
  record Lookup(String table, Field key, GType type) implements GenExpr {
    public BigInteger bound() {
      switch (type) {
        case MONEY: return CLAIM_MONEY;
        case RATIO: return RATIO_BOUND;
        case INT: return INT_BOUND;
        default: return ONE;
      }
    }
  }

  /**
   * {@code state[item.code]}: the value of a state kept per item code for the item's code, before
   * that item (after the earlier items of the claim with the same code); read within a sum or count.
   */
  record CodeState(String state, Field key, GType type) implements GenExpr {
    public BigInteger bound() {
      return type == GType.INT ? INT_BOUND : CLAIM_MONEY;
    }
  }

  record InCode(Field value, List<String> members, String setParam) implements Condition {
    public int precedence() {
      return COMPARE;
    }
  }

  record If(GenExpr condition, GenExpr then, GenExpr otherwise, GType type) implements GenExpr {
    public BigInteger bound() {
      return then.bound().max(otherwise.bound());
    }

    public int precedence() {
      return IF;
    }
  }

  record Match(List<GenExpr> conditions, List<GenExpr> values, GenExpr otherwise, GType type) implements GenExpr {
    public BigInteger bound() {
      return GenExpr.max(values).max(otherwise.bound());
    }
  }

  /** {@code min}, {@code max} (two or more arguments) and {@code clamp(x, lo, hi)}. */
  record Call(String function, List<GenExpr> args, GType type) implements GenExpr {
    public BigInteger bound() {
      return GenExpr.max(args);
    }
  }

  record DaysBetween(GenExpr from, GenExpr to) implements GenExpr {
    public GType type() {
      return GType.INT;
    }

    public BigInteger bound() {
      return DATE_BOUND.shiftLeft(1);
    }
  }

  /**
   * {@code tiered(x, [b0: r0, ...])}: bounds are money literals starting at 0; with {@code from}
   * (may be null) the cumulative form {@code tiered(x, [...], from total)}.
   */
  record Tiered(GenExpr value, List<Lit> bounds, List<GenExpr> rates, GenExpr from) implements GenExpr {
    public GType type() {
      return GType.MONEY;
    }

    public BigInteger bound() {
      BigInteger one = exactSumBound().divide(TEN_THOUSAND).add(ONE);
      return from == null ? one : one.shiftLeft(1);
    }

    /** The largest exact band sum, at {@code total + x} for the cumulative form. */
    BigInteger exactSumBound() {
      BigInteger x = from == null ? value.bound() : value.bound().add(from.bound());
      return x.multiply(GenExpr.max(rates));
    }
  }

  /** {@code sum(body for VAR in claim.items [where c])}; {@code where} may be null. */
  record SumItems(String variable, GenExpr body, GenExpr where) implements GenExpr {
    public GType type() {
      return body.type();
    }

    public BigInteger bound() {
      return body.bound().multiply(MAX_ITEMS);
    }
  }

  /** {@code count(VAR in claim.items [where c])}; {@code where} may be null. */
  record CountItems(String variable, GenExpr where) implements GenExpr {
    public GType type() {
      return GType.INT;
    }

    public BigInteger bound() {
      return MAX_ITEMS;
    }
  }
}
