package org.cosettle.examples;

import java.time.LocalDate;
import org.cosettle.core.Decimals;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.Type;

/** A value of any CPL type as a person reads it: result-file syntax, dates and enum names. */
final class ValueText {
  private ValueText() {}

  static String of(long value, Type type) {
    switch (type) {
      case DATE: return LocalDate.ofEpochDay(value).toString();
      case CATEGORY: return FeeCategory.values()[(int) value].name();
      case VISIT_TYPE: return VisitType.values()[(int) value].name();
      case SEX: return Sex.values()[(int) value].name();
      default: return BatchResult.format(value, type);
    }
  }

  /** Money with thousands separators, for summaries: {@code 27,476,086.23}. */
  static String groupedMoney(long fen) {
    String plain = Decimals.formatMoney(Math.abs(fen));
    StringBuilder sb = new StringBuilder(plain);
    for (int i = plain.indexOf('.') - 3; i > 0; i -= 3) {
      sb.insert(i, ',');
    }
    return (fen < 0 ? "-" : "") + sb;
  }
}
