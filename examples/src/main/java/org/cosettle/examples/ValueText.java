package org.cosettle.examples;

import java.time.LocalDate;
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
}
