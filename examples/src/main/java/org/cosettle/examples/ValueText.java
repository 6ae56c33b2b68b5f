package org.cosettle.examples;

import org.cosettle.core.Decimals;
import org.cosettle.policy.Type;

/** A value of any CPL type as a person reads it: result-file syntax, dates and enum names. */
final class ValueText {
  private ValueText() {}

  static String of(long value, Type type) {
    return type.text(value);
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
