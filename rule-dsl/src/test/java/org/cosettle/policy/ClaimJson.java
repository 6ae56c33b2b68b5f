package org.cosettle.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;

/** Writes test batches in the file formats of spec §8, for failure reports and as fuzz seeds. */
final class ClaimJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClaimJson() {}

  /** One claims-file line; amounts as decimal strings, categories by CPL name. */
  static String line(Claim c) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", c.id());
    o.put("insured_id", c.insuredId());
    o.put("hospital_id", c.hospitalId());
    o.put("visit_type", c.visitType().name());
    o.put("hospital_level", c.hospitalLevel());
    o.put("admission_date", LocalDate.ofEpochDay(c.admissionDate()).toString());
    o.put("discharge_date", LocalDate.ofEpochDay(c.dischargeDate()).toString());
    o.put("diagnosis", c.diagnosis());
    ObjectNode patient = o.putObject("patient");
    patient.put("age", c.age());
    patient.put("sex", c.sex().name());
    long[] amounts = {c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(), c.inScope(), c.fundPaid(),
        c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid()};
    String[] names = {"total", "full_self_pay", "over_limit", "pre_self_pay", "in_scope", "fund_paid",
        "critical_paid", "assistance_paid", "account_paid", "cash_paid"};
    for (int k = 0; k < names.length; k++) {
      o.put(names[k], money(amounts[k]));
    }
    o.put("settlement_route", c.route().name());
    o.put("threshold_applied", c.thresholdApplied());
    o.put("other_insurer_paid", money(c.otherInsurerPaid()));
    o.put("diagnosis_date", LocalDate.ofEpochDay(c.diagnosisDate()).toString());
    ArrayNode items = o.putArray("items");
    for (LineItem it : c.items()) {
      ObjectNode i = items.addObject();
      i.put("code", it.code());
      i.put("category", it.category().name());
      i.put("amount", money(it.amount()));
      i.put("full_self_pay", money(it.fullSelfPay()));
      i.put("over_limit", money(it.overLimit()));
      i.put("pre_self_pay", money(it.preSelfPay()));
      i.put("in_scope", money(it.inScope()));
      i.put("special_drug", it.specialDrug());
    }
    return o.toString();
  }

  static String lines(List<Claim> claims) {
    return claims.stream().map(ClaimJson::line).collect(Collectors.joining("\n"));
  }

  /** The insured file as CSV (ids written as they are; the generator's ids need no quoting). */
  /** The insured file for a report: ids and codes of fields as read, years as ints, values per code as pairs. */
  static String insuredCsv(InsuredFile insured) {
    StringBuilder sb = new StringBuilder("insured_id,preexisting,policy_start");
    insured.fields().forEach(f -> sb.append(',').append(f.name()));
    insured.stateNames().forEach(s -> sb.append(',').append(s));
    for (InsuredRecord r : insured.records()) {
      sb.append('\n').append(r.insuredId()).append(',').append(r.preexisting()).append(',')
          .append(LocalDate.ofEpochDay(r.policyStart()));
      for (int f = 0; f < insured.fields().size(); f++) {
        sb.append(',').append(r.codes(f).isEmpty() ? Long.toString(r.field(f)) : String.join("|", r.codes(f)));
      }
      for (int s = 0; s < r.states().length; s++) {
        String name = insured.stateNames().get(s);
        boolean year = name.equals(ReferenceEvaluator.POLICY_YEAR) || name.endsWith("_" + ReferenceEvaluator.POLICY_YEAR);
        org.cosettle.core.InsuredColumn column = insured.states().get(s);
        if (!column.isByCode()) {
          sb.append(',').append(year ? Long.toString(r.states()[s]) : column.format(r.states()[s]));
        } else {
          boolean money = column.kind() == org.cosettle.core.InsuredColumn.Kind.MONEY_BY_CODE;
          List<String> pairs = new ArrayList<>();
          new TreeMap<>(r.valuesByCode(s)).forEach((code, v) -> pairs.add(code + "=" + (money ? money(v) : v)));
          sb.append(',').append(String.join("|", pairs));
        }
      }
    }
    return sb.toString();
  }

  static String money(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }
}
