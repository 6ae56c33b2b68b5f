package org.cosettle.policy;

/** The CPL types of spec §3 as the random policy generator and the reference evaluator see them. */
enum GType {
  MONEY("money", 2),
  RATIO("ratio", 4),
  INT("int", 0),
  BOOL("bool", 0),
  DATE("date", 0),
  CATEGORY("category", 0),
  VISIT_TYPE("visit type", 0),
  SEX("sex", 0),
  SETTLEMENT_ROUTE("settlement route", 0),
  CODE("code", 0);

  final String cplName;
  /** Decimal digits of the fixed-point representation: fen for money, 1/10000 for ratio. */
  final int scale;

  GType(String cplName, int scale) {
    this.cplName = cplName;
    this.scale = scale;
  }

  boolean isNumeric() {
    return this == MONEY || this == RATIO || this == INT;
  }

  boolean isEnum() {
    return this == CATEGORY || this == VISIT_TYPE || this == SEX || this == SETTLEMENT_ROUTE;
  }
}
