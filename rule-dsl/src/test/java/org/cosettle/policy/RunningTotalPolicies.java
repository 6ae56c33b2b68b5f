package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;

/**
 * Random policies whose states are running totals — the updates of the families {@code
 * StateFamilies} recognises (sums, saturating deductibles, caps, floors, the two-block
 * deductible of a city-inclusive product, chained states) and near misses that are outside every
 * family (a step that may be negative where the family needs it not to be, a claim-dependent
 * limit, a running maximum, a branch on the state) — and batches with many claims per insured
 * person, starting states below, at and above the limits, reversals and zero amounts.
 */
final class RunningTotalPolicies {
  private RunningTotalPolicies() {}

  /** A policy text with two states {@code a} and {@code b} and one private param. */
  static String policy(Random rnd) {
    String x = pick(rnd, "max(0, claim.total - claim.fund_paid)", "claim.total - claim.fund_paid",
        "max(0, claim.in_scope)", "claim.cash_paid", "max(0, claim.total) + max(0, claim.over_limit)",
        "if claim.visit_type == INPATIENT then max(0, claim.total) else 0");
    String y = pick(rnd, "max(0, claim.over_limit)", "claim.over_limit", "max(0, claim.full_self_pay)");
    String k = pick(rnd, "limit", "hidden", "limit + limit", "claim.total", "max(limit, hidden)");
    String formA = form(rnd, "a", "x", "y", k);
    String pay = pick(rnd, "max(0, x - applied) * ratio", "x * ratio", "min(max(0, x - a), cap)",
        "if insured.preexisting then 0 else max(0, x)");
    String formB = form(rnd, "b", "pay", "max(0, y)", pick(rnd, "cap", "hidden", "claim.total"));
    return "policy \"running\" version 1\n"
        + "param limit: money = " + money(rnd, 5_000_000) + "\n"
        + "param cap: money = " + money(rnd, 20_000_000) + "\n"
        + "param ratio: ratio = " + (rnd.nextInt(101)) + "%\n"
        + "private param hidden: money\n"
        + "state a: money\n"
        + "state b: money\n"
        + "let x = " + x + "\n"
        + "let y = " + y + "\n"
        + "let left = max(0, limit - a)\n"
        + "let applied = min(max(0, x), left)\n"
        + "let pay = " + pay + "\n"
        + "output payout = pay to insurer, data_holder\n"
        + "output used = a to insurer\n"
        + "update a = " + formA + "\n"
        + "update b = " + formB + "\n";
  }

  private static String form(Random rnd, String s, String x, String y, String k) {
    return switch (rnd.nextInt(16)) {
      case 0 -> s + " + " + x;
      case 1 -> s + " + min(" + x + ", max(0, " + k + " - " + s + "))";
      case 2 -> "min(" + s + " + " + x + ", " + k + ")";
      case 3 -> "max(" + s + " - max(0, " + x + "), " + k + ")";
      case 4 -> "max(" + s + ", min(" + s + " + " + x + ", " + k + "))";
      case 5 -> s + " + min(max(0, " + x + "), max(0, " + k + " - " + s + ")) + min(" + y + ", max(0, " + k + " - " + s
          + ") - min(max(0, " + x + "), max(0, " + k + " - " + s + ")))";
      case 6 -> "if " + s + " < " + k + " then min(" + s + " + " + x + ", " + k + ") else " + s;
      case 7 -> "max(" + s + ", " + x + ")";
      case 8 -> s + " + min(" + x + ", " + k + ")";
      case 9 -> s + " + min(" + x + ", " + k + " - " + s + ")";
      case 10 -> s;
      // clamps with steps of either sign: a floor, a ceiling, both, and the floor written as a step
      case 12 -> "min(max(" + s + " + " + x + ", 0), " + k + ")";
      case 13 -> "max(" + s + " - " + x + ", 0)";
      case 14 -> s + " + min(max(" + x + ", 0 - " + s + "), " + k + " - " + s + ")";
      case 15 -> "max(min(" + s + " + " + x + " - " + y + ", " + k + "), 0 - " + k + ")";
      default -> s + " - " + x;
    };
  }

  /** A batch: 1–3 persons, often one with dozens of claims, in a random order. */
  static BatchGenerator.Batch batch(Random rnd) {
    List<InsuredRecord> records = new ArrayList<>();
    int persons = 1 + rnd.nextInt(3);
    for (int p = 0; p < persons; p++) {
      long[] states = new long[2];
      for (int s = 0; s < 2; s++) {
        states[s] = switch (rnd.nextInt(4)) {
          case 0 -> 0;
          case 1 -> rnd.nextInt(30_000_000);
          case 2 -> -rnd.nextInt(1_000_000);
          default -> rnd.nextInt(5_000_000);
        };
      }
      records.add(new InsuredRecord("P" + p, rnd.nextBoolean(), 20_000, states));
    }
    int n = rnd.nextInt(3) == 0 ? 20 + rnd.nextInt(40) : 1 + rnd.nextInt(12);
    List<Claim> claims = new ArrayList<>();
    BatchGenerator generator = new BatchGenerator(rnd, false);
    for (int i = 0; i < n; i++) {
      claims.add(generator.claim(String.format("C%03d", i), records.get(rnd.nextInt(persons)).insuredId(),
          rnd.nextInt(10) < 8));
    }
    long[] hidden = {rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(8_000_000)};
    return new BatchGenerator.Batch(claims, InsuredFile.of(List.of("a", "b"), records), hidden);
  }

  private static String money(Random rnd, int maxFen) {
    long fen = rnd.nextInt(maxFen);
    return fen / 100 + "." + String.format("%02d", fen % 100);
  }

  private static String pick(Random rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }
}
