package org.cosettle.policy;

import org.cosettle.core.Bounds;
import org.cosettle.core.Decimals;

/** The types of CPL (spec §3). Enum-valued types hold the ordinal at run time. */
public enum Type {
  MONEY("money"), RATIO("ratio"), INT("int"), BOOL("bool"), DATE("date"),
  CATEGORY("category"), VISIT_TYPE("visit type"), SEX("sex"), CODE("code"), TEXT("text"),
  /** The value of an enum insured field the policy declares ({@code insured field plan: enum {...}}): its ordinal. */
  ENUM("enum"),
  SET_CATEGORY("set<category>"), SET_CODE("set<code>"), SET_VISIT_TYPE("set<visit type>"), SET_SEX("set<sex>"),
  /** How the basic scheme settled a claim ({@code claim.settlement_route}). */
  SETTLEMENT_ROUTE("settlement route"), SET_SETTLEMENT_ROUTE("set<settlement route>"),
  /** An id insured field ({@code insured field family: id}): only the key of a shared state. */
  ID("id");

  private final String display;

  Type(String display) {
    this.display = display;
  }

  /** Money, ratio or int: the types arithmetic takes. */
  public boolean isNumeric() {
    return this == MONEY || this == RATIO || this == INT;
  }

  /** Category, visit type, sex or settlement route: compared with {@code ==} and tested with {@code in}. */
  public boolean isEnum() {
    return this == CATEGORY || this == VISIT_TYPE || this == SEX || this == SETTLEMENT_ROUTE;
  }

  /** A set type, which stands only after {@code in} or as a set param's value. */
  public boolean isSet() {
    return name().startsWith("SET_");
  }

  /** The set type whose elements are of this type, or null. */
  public Type setOf() {
    switch (this) {
      case CATEGORY: return SET_CATEGORY;
      case CODE: return SET_CODE;
      case VISIT_TYPE: return SET_VISIT_TYPE;
      case SEX: return SET_SEX;
      case SETTLEMENT_ROUTE: return SET_SETTLEMENT_ROUTE;
      default: return null;
    }
  }

  /**
   * The bound of an input, private param or private table value of this type (spec §3), as
   * {@code {min, max}} in its units; {@code {0, 1}} for bool and the set types.
   */
  public long[] inputBound() {
    switch (this) {
      case MONEY: return new long[] {-Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY};
      case RATIO: return new long[] {-Bounds.RATIO, Bounds.RATIO};
      case INT: return new long[] {-Bounds.INT, Bounds.INT};
      case DATE: return new long[] {Bounds.DATE_MIN, Bounds.DATE_MAX};
      case CATEGORY: return new long[] {0, org.cosettle.core.FeeCategory.values().length - 1};
      case VISIT_TYPE: return new long[] {0, org.cosettle.core.VisitType.values().length - 1};
      case SEX: return new long[] {0, org.cosettle.core.Sex.values().length - 1};
      case SETTLEMENT_ROUTE: return new long[] {0, org.cosettle.core.SettlementRoute.values().length - 1};
      case ENUM: return new long[] {0, org.cosettle.policy.check.InsuredFields.MAX_ENUM_VALUES - 1};
      default: return new long[] {0, 1};
    }
  }

  /** Units per 1 in the fixed-point representation, or 1 for non-decimal types. */
  public int scale() {
    return this == MONEY ? 2 : this == RATIO ? 4 : 0;
  }

  /** {@code value} (in this type's units) as the result files write it (spec §8). */
  public String format(long value) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, value);
    return sb.toString();
  }

  /**
   * {@code value} as a person reads it: {@link #format} for numbers and bools, a date as {@code
   * 2026-03-01}, a category, visit type or sex by its CPL name.
   */
  public String text(long value) {
    switch (this) {
      case DATE: return java.time.LocalDate.ofEpochDay(value).toString();
      case CATEGORY: return org.cosettle.core.FeeCategory.values()[(int) value].name();
      case VISIT_TYPE: return org.cosettle.core.VisitType.values()[(int) value].name();
      case SEX: return org.cosettle.core.Sex.values()[(int) value].name();
      case SETTLEMENT_ROUTE: return org.cosettle.core.SettlementRoute.values()[(int) value].name();
      default: return format(value);
    }
  }

  /** Appends {@code value} as {@link #format} writes it, without a string per value. */
  void append(StringBuilder sb, long value) {
    switch (this) {
      case MONEY:
      case RATIO:
        Decimals.appendFormatted(sb, value, scale());
        break;
      case BOOL:
        sb.append(value != 0 ? "true" : "false");
        break;
      default:
        sb.append(value);
    }
  }

  @Override
  public String toString() {
    return display;
  }
}
