package org.cosettle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Decimals;

/**
 * A test case's claim completed with the fields the policy does not read, so that an actuary
 * writes only what matters to the case. A field the policy reads is never filled in (leaving it
 * out stays an error); the others get fixed values, and the amounts are completed so that the
 * settlement invariants hold for what the case does give:
 *
 * <ul>
 *   <li>{@code visit_type} OUTPATIENT, {@code hospital_level} 1, {@code diagnosis} "", the dates
 *       each other's value or 2026-01-01, {@code patient} age 0 and sex MALE;
 *   <li>on an item: {@code code} "", {@code category} OTHER, {@code special_drug} false,
 *       {@code full_self_pay}, {@code over_limit} and {@code pre_self_pay} 0.00, {@code in_scope}
 *       what {@code amount} leaves after the first two, {@code amount} the sum of the three;
 *   <li>on the claim: each part of the split the sum over the items (0.00 without items);
 *       {@code total} the items' amounts, else {@code full_self_pay + over_limit + in_scope} when
 *       {@code in_scope} is given, else the payments given; {@code in_scope} what the total leaves
 *       after {@code full_self_pay} and {@code over_limit}; {@code fund_paid}, {@code
 *       critical_paid}, {@code assistance_paid} and {@code account_paid} 0.00; {@code cash_paid}
 *       what the total leaves after the other payments.
 * </ul>
 *
 * A value that is not valid money is left for the claims reader to report.
 */
final class CaseClaim {
  private static final String[] PAYMENTS = {"fund_paid", "critical_paid", "assistance_paid", "account_paid"};
  private static final List<String[]> ALIASES = List.of(new String[] {"total", "medfee_sumamt"},
      new String[] {"full_self_pay", "fulamt_ownpay_amt"}, new String[] {"over_limit", "overlmt_selfpay"},
      new String[] {"pre_self_pay", "preselfpay_amt"}, new String[] {"in_scope", "inscp_scp_amt"},
      new String[] {"fund_paid", "hifp_pay"}, new String[] {"critical_paid", "hifmi_pay"},
      new String[] {"assistance_paid", "maf_pay"}, new String[] {"account_paid", "acct_pay"},
      new String[] {"cash_paid", "psn_cash_pay"}, new String[] {"amount", "det_item_fee_sumamt"},
      new String[] {"over_limit", "overlmt_amt"});

  private final Set<String> read;

  private CaseClaim(Set<String> read) {
    this.read = read;
  }

  /** Fills in {@code claim} (a copy the caller owns) the fields {@code policy} does not read. */
  static void complete(ObjectNode claim, CompiledPolicy policy) {
    new CaseClaim(Set.copyOf(policy.fieldsRead())).claim(claim);
  }

  private void claim(ObjectNode c) {
    fill(c, "claim.visit_type", "visit_type", "OUTPATIENT");
    if (missing(c, "hospital_level") && !read.contains("claim.hospital_level")) {
      c.put("hospital_level", 1);
    }
    fill(c, "claim.diagnosis", "diagnosis", "");
    String admission = c.path("admission_date").isTextual() ? c.get("admission_date").asText() : "2026-01-01";
    String discharge = c.path("discharge_date").isTextual() ? c.get("discharge_date").asText() : admission;
    fill(c, "claim.admission_date", "admission_date", missing(c, "admission_date") ? discharge : admission);
    fill(c, "claim.discharge_date", "discharge_date", discharge);
    if (missing(c, "patient") && !(read.contains("patient.age") && read.contains("patient.sex"))) {
      c.putObject("patient");
    }
    if (c.get("patient") instanceof ObjectNode patient) {
      if (missing(patient, "age") && !read.contains("patient.age")) {
        patient.put("age", 0);
      }
      fill(patient, "patient.sex", "sex", "MALE");
    }
    long[] itemSums = null;
    if (c.get("items") instanceof com.fasterxml.jackson.databind.node.ArrayNode items && !items.isEmpty()) {
      long[] sums = new long[5];
      boolean known = true;
      for (JsonNode item : items) {
        long[] split = item instanceof ObjectNode o ? item(o) : null;
        known &= split != null;
        for (int k = 0; k < 5 && split != null; k++) {
          sums[k] += split[k];
        }
      }
      itemSums = known ? sums : null;
    }
    Long fsp = part(c, "full_self_pay", itemSums, 1);
    Long ol = part(c, "over_limit", itemSums, 2);
    part(c, "pre_self_pay", itemSums, 3);
    Long in = money(c, "in_scope");
    Long total = money(c, "total");
    if (total == null && missing(c, "total") && !read.contains("claim.total")) {
      Long sum = itemSums != null ? Long.valueOf(itemSums[0]) : in != null ? add(fsp, ol, in) : payments(c);
      total = put(c, "total", sum);
    }
    if (in == null && missing(c, "in_scope") && !read.contains("claim.in_scope")) {
      in = put(c, "in_scope", itemSums != null ? Long.valueOf(itemSums[4]) : subtract(total, add(fsp, ol, 0L)));
    }
    long others = 0;
    boolean othersKnown = true;
    for (String p : PAYMENTS) {
      Long v = money(c, p);
      if (v == null && missing(c, p) && !read.contains("claim." + p)) {
        v = put(c, p, 0L);
      }
      othersKnown &= v != null;
      others += v == null ? 0 : v;
    }
    if (missing(c, "cash_paid") && !read.contains("claim.cash_paid")) {
      put(c, "cash_paid", othersKnown ? subtract(total, others) : null);
    }
  }

  /** Completes one item; its {amount, full_self_pay, over_limit, pre_self_pay, in_scope}, or null when unknown. */
  private long[] item(ObjectNode o) {
    fill(o, "item.code", "code", "");
    fill(o, "item.category", "category", "OTHER");
    if (missing(o, "special_drug") && !read.contains("item.special_drug")) {
      o.put("special_drug", false);
    }
    Long fsp = money(o, "full_self_pay");
    fsp = fsp == null && missing(o, "full_self_pay") && !read.contains("item.full_self_pay") ? put(o, "full_self_pay", 0L) : fsp;
    Long ol = money(o, "over_limit");
    ol = ol == null && missing(o, "over_limit") && !read.contains("item.over_limit") ? put(o, "over_limit", 0L) : ol;
    Long psp = money(o, "pre_self_pay");
    psp = psp == null && missing(o, "pre_self_pay") && !read.contains("item.pre_self_pay") ? put(o, "pre_self_pay", 0L) : psp;
    Long amount = money(o, "amount");
    Long in = money(o, "in_scope");
    if (in == null && missing(o, "in_scope") && !read.contains("item.in_scope")) {
      in = put(o, "in_scope", amount != null ? subtract(amount, add(fsp, ol, 0L)) : Long.valueOf(0));
    }
    if (amount == null && missing(o, "amount") && !read.contains("item.amount")) {
      amount = put(o, "amount", add(fsp, ol, in));
    }
    if (amount == null || fsp == null || ol == null || psp == null || in == null) {
      return null;
    }
    return new long[] {amount, fsp, ol, psp, in};
  }

  /** A part of the claim's split: given, else the items' sum, else 0.00 (when the policy does not read it). */
  private Long part(ObjectNode c, String name, long[] itemSums, int k) {
    Long v = money(c, name);
    if (v == null && missing(c, name) && !read.contains("claim." + name)) {
      v = put(c, name, itemSums != null ? itemSums[k] : 0L);
    }
    return v;
  }

  private Long payments(ObjectNode c) {
    long sum = 0;
    for (String p : new String[] {"fund_paid", "critical_paid", "assistance_paid", "account_paid", "cash_paid"}) {
      Long v = money(c, p);
      if (v == null && !missing(c, p)) {
        return null;
      }
      sum += v == null ? 0 : v;
    }
    return sum;
  }

  private void fill(ObjectNode o, String field, String name, String value) {
    if (missing(o, name) && !read.contains(field)) {
      o.put(name, value);
    }
  }

  /** Writes {@code fen} under {@code name} and answers it; writes nothing for null. */
  private static Long put(ObjectNode o, String name, Long fen) {
    if (fen != null) {
      o.put(name, Decimals.formatMoney(fen));
    }
    return fen;
  }

  /** Whether neither the field nor its national name is given. */
  private static boolean missing(ObjectNode o, String name) {
    if (o.has(name)) {
      return false;
    }
    for (String[] a : ALIASES) {
      if (a[0].equals(name) && o.has(a[1])) {
        return false;
      }
    }
    return true;
  }

  /** The money given under the field or its national name, or null when absent or not valid money. */
  private static Long money(ObjectNode o, String name) {
    JsonNode n = o.get(name);
    for (String[] a : ALIASES) {
      if (n == null && a[0].equals(name)) {
        n = o.get(a[1]);
      }
    }
    if (n == null || !(n.isTextual() || n.isIntegralNumber() || n.isBigDecimal() || n.isDouble())) {
      return null;
    }
    try {
      return Decimals.parseFixed(n.isTextual() ? n.asText() : n.decimalValue().toPlainString(),
          Decimals.MONEY_SCALE, Decimals.MONEY_SCALE);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Long add(Long a, Long b, Long c) {
    return a == null || b == null || c == null ? null : a + b + c;
  }

  private static Long subtract(Long a, Long b) {
    return a == null || b == null ? null : a - b;
  }
}
