package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;

/**
 * The reference reading of spec §5 for aggregates: the groups of each kind of key, exact
 * totals, and the minimum-cohort rule, computed from what each claim brought.
 */
final class ReferenceAggregates {
  /** One aggregate row; {@code claims} and {@code value} are meaningful only when not withheld. */
  record Row(String aggregate, String group, long claims, long value, boolean withheld) {}

  /** What one claim brings to one aggregate: whether {@code where} kept it, its group, its value. */
  record Share(boolean kept, String group, BigDecimal value) {}

  private ReferenceAggregates() {}

  /**
   * The rows of {@code a}, one per group, empty groups too. {@code hospitals} are the hospital
   * ids of every claim of the batch, whatever {@code where} keeps.
   *
   * @throws ArithmeticException when a total does not fit in 64 bits
   */
  static List<Row> rows(GenPolicy.Aggregate a, List<Share> shares, List<String> hospitals) {
    int cohort = a.cohort() == null ? 10 : a.cohort();
    List<Row> rows = new ArrayList<>();
    for (String g : groups(a, hospitals)) {
      long count = 0;
      BigInteger total = BigInteger.ZERO;
      for (Share s : shares) {
        if (s.kept() && s.group().equals(g)) {
          count++;
          total = total.add(s.value().unscaledValue());
        }
      }
      if (total.bitLength() > 63) {
        throw new ArithmeticException("total " + total + " exceeds 64 bits");
      }
      rows.add(new Row(a.name(), g, count, total.longValue(), count >= 1 && count < cohort));
    }
    return rows;
  }

  private static List<String> groups(GenPolicy.Aggregate a, List<String> hospitals) {
    if (a.by() == null) {
      return List.of("");
    }
    if (a.by() instanceof GenPolicy.ByHospital) {
      return hospitals.stream().distinct()
          .sorted((x, y) -> Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray())).toList();
    }
    List<String> groups = new ArrayList<>();
    if (a.by() instanceof GenPolicy.ByBand b) {
      for (int i = 0; i <= b.bounds().size(); i++) {
        groups.add(bandLabel(b.bounds(), i));
      }
      return groups;
    }
    GType t = ((GenPolicy.ByValue) a.by()).key().type();
    Enum<?>[] values = t == GType.VISIT_TYPE ? VisitType.values() : t == GType.SEX ? Sex.values()
        : t == GType.SETTLEMENT_ROUTE ? SettlementRoute.values() : null;
    if (values == null) {
      return List.of("false", "true");
    }
    for (Enum<?> v : values) {
      groups.add(v.name());
    }
    return groups;
  }

  /** The band group of {@code value}: {@code <b0}, {@code [b0,b1)}, ..., {@code >=bk}. */
  static String band(List<Long> bounds, BigDecimal value) {
    int index = 0;
    while (index < bounds.size() && value.compareTo(BigDecimal.valueOf(bounds.get(index))) >= 0) {
      index++;
    }
    return bandLabel(bounds, index);
  }

  private static String bandLabel(List<Long> bounds, int index) {
    if (index == 0) {
      return "<" + bounds.get(0);
    }
    if (index == bounds.size()) {
      return ">=" + bounds.get(bounds.size() - 1);
    }
    return "[" + bounds.get(index - 1) + "," + bounds.get(index) + ")";
  }
}
