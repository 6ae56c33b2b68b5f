package org.cosettle.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;

/**
 * The result files of spec §8 as the reference writes them from its outcome: results, states
 * and aggregates CSV, RFC 4180 quoting, money with 2 decimals, ratio with 4, bool as words.
 */
final class ReferenceFiles {
  private ReferenceFiles() {}

  static String results(GenPolicy policy, List<Claim> claims, ReferenceEvaluator.Outcome outcome) {
    List<GenPolicy.Output> outputs = policy.all(GenPolicy.Output.class);
    StringBuilder sb = new StringBuilder("claim_id");
    outputs.forEach(o -> sb.append(',').append(cell(o.name())));
    sb.append('\n');
    for (int c = 0; c < claims.size(); c++) {
      sb.append(cell(claims.get(c).id()));
      for (int o = 0; o < outputs.size(); o++) {
        sb.append(',').append(value(outcome.outputs()[c][o], outputs.get(o).value().type()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The states file: the insured file's columns (the id field's value as read, then the states);
   * a year as an int, a state per item code as {@code CODE=VALUE} pairs joined by {@code |}.
   */
  static String states(GenPolicy policy, InsuredFile insured, ReferenceEvaluator.Outcome outcome) {
    StringBuilder sb = new StringBuilder("insured_id,preexisting,policy_start");
    List<GenPolicy.IdField> ids = policy.all(GenPolicy.IdField.class);
    ids.forEach(f -> sb.append(',').append(cell(f.name())));
    List<String> names = ReferencePropertyTest.stateNames(policy);
    List<GenPolicy.State> declared = policy.all(GenPolicy.State.class);
    names.forEach(s -> sb.append(',').append(cell(s)));
    sb.append('\n');
    List<InsuredRecord> records = insured.records();
    for (int r = 0; r < records.size(); r++) {
      InsuredRecord rec = records.get(r);
      sb.append(cell(rec.insuredId())).append(',').append(rec.preexisting()).append(',')
          .append(LocalDate.ofEpochDay(rec.policyStart()));
      for (int f = 0; f < ids.size(); f++) {
        sb.append(',').append(cell(rec.codes(f).get(0)));
      }
      for (int s = 0; s < names.size(); s++) {
        long v = outcome.states()[r][s];
        if (s >= declared.size()) {
          sb.append(',').append(v);
        } else if (declared.get(s).byCode()) {
          GType type = declared.get(s).type();
          StringBuilder pairs = new StringBuilder();
          outcome.valuesByCode().get(r).get(s).forEach((code, units) ->
              pairs.append(pairs.length() == 0 ? "" : "|").append(code).append('=').append(value(units, type)));
          sb.append(',').append(cell(pairs.toString()));
        } else {
          sb.append(',').append(value(v, declared.get(s).type()));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String aggregates(GenPolicy policy, ReferenceEvaluator.Outcome outcome) {
    StringBuilder sb = new StringBuilder("aggregate,group,claims,value\n");
    for (ReferenceAggregates.Row row : outcome.rows()) {
      GenPolicy.Aggregate a = policy.all(GenPolicy.Aggregate.class).stream()
          .filter(x -> x.name().equals(row.aggregate())).findFirst().orElseThrow();
      GType type = a.sum() == null ? GType.INT : a.sum().type();
      sb.append(cell(row.aggregate())).append(',').append(cell(row.group())).append(',');
      sb.append(row.withheld() ? "," : row.claims() + "," + value(row.value(), type)).append('\n');
    }
    return sb.toString();
  }

  private static String value(long units, GType type) {
    return type == GType.BOOL ? String.valueOf(units != 0) : BigDecimal.valueOf(units, type.scale).toPlainString();
  }

  private static String cell(String s) {
    boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
    return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
