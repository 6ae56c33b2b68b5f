package org.cosettle.policy.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cosettle.core.Claim;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.ir.Ir;

/**
 * An aggregate's rows from each claim's value and group: totals and counts per group, the
 * minimum-cohort rule. Public for {@code org.cosettle.policy.internal}; not API.
 */
public final class Aggregation {
  private Aggregation() {}

  /**
   * The rows of {@code step} from {@code values[claim]} and {@code groups[claim]} (file order;
   * group {@code -1}: filtered out), in group order.
   *
   * @throws EvaluationException when a group's total does not fit in 64 bits
   */
  public static List<BatchResult.AggregateRow> rows(Ir.AggregateStep step, List<Claim> claims,
      long[] values, int[] groups) throws EvaluationException {
    List<String> labels = new ArrayList<>();
    int[] group = groups;
    switch (step.keyKind()) {
      case NONE:
        labels.add("");
        break;
      case HOSPITAL: {
        Map<String, Integer> indexOf = new HashMap<>();
        for (String id : hospitalGroups(claims)) {
          indexOf.put(id, labels.size());
          labels.add(id);
        }
        group = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
          group[i] = groups[i] < 0 ? -1 : indexOf.get(claims.get(i).hospitalId());
        }
        break;
      }
      default:
        labels.addAll(step.groups());
    }
    long[] totals = new long[labels.size()];
    long[] counts = new long[labels.size()];
    // only the total must fit in 64 bits (spec §3), not every running sum: a group whose
    // running sum leaves the range continues exactly in BigInteger
    BigInteger[] wide = new BigInteger[labels.size()];
    for (int i = 0; i < group.length; i++) {
      int g = group[i];
      if (g >= 0) {
        if (wide[g] != null) {
          wide[g] = wide[g].add(BigInteger.valueOf(values[i]));
        } else {
          long sum = totals[g] + values[i];
          if (((totals[g] ^ sum) & (values[i] ^ sum)) < 0) {
            wide[g] = BigInteger.valueOf(totals[g]).add(BigInteger.valueOf(values[i]));
          } else {
            totals[g] = sum;
          }
        }
        counts[g]++;
      }
    }
    for (int g = 0; g < wide.length; g++) {
      if (wide[g] != null) {
        if (wide[g].bitLength() > 63) {
          throw new EvaluationException("aggregate '" + step.name() + "'" + (labels.get(g).isEmpty() ? "" : " group "
              + labels.get(g)) + ": the total " + wide[g] + " does not fit in 64 bits");
        }
        totals[g] = wide[g].longValueExact();
      }
    }
    List<BatchResult.AggregateRow> rows = new ArrayList<>();
    for (int g = 0; g < labels.size(); g++) {
      boolean withheld = counts[g] >= 1 && counts[g] < step.cohort();
      rows.add(new BatchResult.AggregateRow(step.name(), labels.get(g), counts[g], totals[g], step.valueType(), withheld));
    }
    return rows;
  }

  /**
   * The groups of an aggregate {@code by claim.hospital_id}: the batch's hospital ids in code
   * point order, the order of its rows.
   */
  public static List<String> hospitalGroups(List<Claim> claims) {
    TreeSet<String> ids = new TreeSet<>(Aggregation::compareCodePoints);
    for (Claim c : claims) {
      ids.add(c.hospitalId());
    }
    return List.copyOf(ids);
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
