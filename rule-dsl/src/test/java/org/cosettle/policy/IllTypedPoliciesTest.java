package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every policy here breaks one rule of spec §3–§5 in its last line; {@code check} must report
 * an error on that line. (Each is a one-line change away from a valid policy.)
 */
class IllTypedPoliciesTest {
  private static final String HEADER = """
      policy "ill-typed" version 1
      param rate: ratio = 80%
      param n: int = 3
      private param secret: int
      state used: money
      """;

  private static final List<String> LAST_LINES = List.of(
      "output o = claim.admission_date + 1 to insurer",
      "output o = claim.admission_date * 2 to insurer",
      "output o = patient.age * 50% to insurer",
      "output o = patient.age * rate to insurer",
      "output o = claim.total * claim.total to insurer",
      "output o = claim.total / claim.cash_paid to insurer",
      "output o = claim.total / 0 to insurer",
      "output o = claim.total / secret to insurer",
      "output o = claim.total / rate to insurer",
      "output o = patient.age / 2 to insurer",
      "output o = patient.sex < MALE to insurer",
      "output o = insured.preexisting + 1 to insurer",
      "output o = -insured.preexisting to insurer",
      "output o = not patient.age to insurer",
      "output o = claim.total in {BED} to insurer",
      "output o = claim.visit_type in {BED} to insurer",
      "output o = claim.diagnosis in {BED} to insurer",
      "output o = claim.diagnosis == claim.diagnosis to insurer",
      "output o = item.amount to insurer",
      "output o = sum(item.special_drug for item in claim.items) to insurer",
      "output o = sum(rate for item in claim.items) to insurer",
      "output o = sum(sum(item.amount for item in claim.items) for item in claim.items) to insurer",
      "output o = tiered(claim.total, [100: 50%]) to insurer",
      "output o = tiered(claim.total, [0: 50%, 0: 60%]) to insurer",
      "output o = tiered(patient.age, [0: 50%]) to insurer",
      "output o = tiered(claim.total, [0: claim.total]) to insurer",
      "output o = tiered(claim.total, [0: 50%, claim.total: 60%]) to insurer",
      "output o = min(claim.total) to insurer",
      "output o = clamp(claim.total, 0) to insurer",
      "output o = min(claim.total, patient.age) to insurer",
      "output o = max(claim.admission_date, claim.discharge_date) to insurer",
      "output o = days_between(claim.admission_date, patient.age) to insurer",
      "output o = if patient.age then 1 else 2 to insurer",
      "output o = if insured.preexisting then claim.total else patient.age to insurer",
      "output o = match { claim.total => 1, else => 2 } to insurer",
      "output o = claim.hospital_id to insurer",
      "output o = claim.id to insurer",
      "output o = 1.5 to insurer",
      "output o = claim.total * 1.00005 to insurer",
      "output o = claim.total + 0.001 to insurer",
      "output o = rate + 0.00001 to insurer",
      "output o = claim.admission_date to insurer",
      "output o = patient.sex to insurer",
      "output o = claim.total to nobody",
      "output o = claim.total to insurer, insurer",
      "aggregate a = sum(insured.preexisting) to insurer",
      "aggregate a = sum(claim.admission_date) to insurer",
      "aggregate a = count() where claim.total to insurer",
      "aggregate a = count() by claim.total to insurer",
      "aggregate a = count() by band(claim.total, [0]) to insurer",
      "aggregate a = count() by band(patient.age, [5, 1]) to insurer",
      "aggregate a = count() by band(patient.age, [n]) to insurer",
      "aggregate a = count() to insurer cohort 0",
      "aggregate a = count() to insurer cohort 1.5",
      "update rate = claim.total",
      "update used = patient.age",
      "update used = claim.total\nupdate used = claim.total",
      "update nothing = claim.total",
      "param p: money = claim.total",
      "param p: money = 1.005",
      "param p: int = 2.5",
      "param p: ratio = 0.00001",
      "param p: set<category> = {BED, C34}",
      "param p: set<code> = {BED}",
      "state s: ratio",
      "private param p: set<category>",
      "private table t: date by code size 10 default 2026-01-01",
      "private table t: ratio by category size 10 default 0%",
      "private table t: ratio by code size 0 default 0%",
      "private table t: money by code size 10 default claim.total",
      "output o = secret[claim.diagnosis] to insurer",
      "output o = claim.diagnosis in secret to insurer",
      "let BED = 1",
      "let claim = 1",
      "let rate = 1",
      "let x = unknown_name",
      "let x = x");

  @Test
  void everyRuleBreakIsReportedOnItsLine() {
    List<String> accepted = new ArrayList<>();
    int headerLines = (int) HEADER.lines().count();
    for (String last : LAST_LINES) {
      Policies.Result r = Policies.compile(new Source("ill.cpl", HEADER + last + "\n"));
      int lastLine = headerLines + (int) last.lines().count();
      if (r.diagnostics().stream().noneMatch(d -> d.position().line() == lastLine)) {
        accepted.add(last + "   -> " + r.diagnostics());
      }
    }
    assertTrue(accepted.isEmpty(), "not reported on their line:\n" + String.join("\n", accepted));
  }
}
