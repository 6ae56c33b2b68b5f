package org.cosettle.examples;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cosettle.core.Decimals;
import org.cosettle.core.FeeCategory;

/**
 * Synthetic, realistic claims that satisfy every settlement invariant of spec §8: item mixes,
 * refunds, repeat visits of one insured, long stays, very large bills, optional hospital ids.
 * Deterministic for a seed. Synthetic test data only, so a plain seeded generator is right here.
 */
final class ClaimGenerator {
  private static final String[] DIAGNOSES = {"C34.9", "C50.9", "E11.9", "I10", "I63.9", "J18.9", "K35.8", "N18.5", "O80", "S72.0", "Z51.1", "F32.9"};
  private static final String[] CODES = {"XL01XC", "XL01XE", "XA02", "ZB11", "YZ18", "YZ40", "HCA01", "ZC03"};
  private final SplittableRandom random;
  private final int persons;
  private final int hospitals;

  ClaimGenerator(long seed, int persons) {
    this.random = new SplittableRandom(seed);
    this.persons = persons;
    this.hospitals = Math.max(3, Math.min(50, persons / 20));
  }

  String personId(int i) {
    return String.format("P%06d", i);
  }

  /** One insured CSV row (without trailing newline) with every state at 0. */
  String insuredRow(int i, int stateCount) {
    StringBuilder sb = new StringBuilder(personId(i));
    sb.append(',').append(random.nextInt(10) == 0).append(',')
        .append(LocalDate.of(2025, 12, 1).plusDays(random.nextInt(90)));
    for (int s = 0; s < stateCount; s++) {
      sb.append(",0.00");
    }
    return sb.toString();
  }

  /** One claim as a JSON line. */
  String claim(int index) {
    boolean refund = random.nextInt(50) == 0;
    boolean inpatient = random.nextInt(3) == 0;
    String visit = inpatient ? "INPATIENT" : random.nextInt(4) == 0 ? "CHRONIC_SPECIAL" : "OUTPATIENT";
    LocalDate admission = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(330));
    int stay = inpatient ? (random.nextInt(20) == 0 ? 30 + random.nextInt(90) : 1 + random.nextInt(14)) : 0;
    int itemCount = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(inpatient ? 15 : 5);
    long scale = random.nextInt(200) == 0 ? 1_000_000_00L : inpatient ? 2_000_000L : 50_000L;
    List<long[]> items = new ArrayList<>();
    StringBuilder itemsJson = new StringBuilder();
    long[] sums = new long[5];
    for (int k = 0; k < itemCount; k++) {
      long amount = 1 + (long) (random.nextDouble() * random.nextDouble() * scale);
      amount = Math.min(amount, 9_000_000_00L);
      long fsp = random.nextInt(4) == 0 ? amount : random.nextInt(3) == 0 ? amount / (2 + random.nextInt(5)) : 0;
      long ol = random.nextInt(10) == 0 ? (amount - fsp) / 10 : 0;
      long in = amount - fsp - ol;
      long psp = random.nextInt(3) == 0 ? in * (5 + random.nextInt(30)) / 100 : 0;
      long sign = refund && k == 0 ? -1 : 1;
      long[] it = {sign * amount, sign * fsp, sign * ol, sign * psp, sign * in};
      items.add(it);
      for (int s = 0; s < 5; s++) {
        sums[s] += it[s];
      }
      if (k > 0) {
        itemsJson.append(',');
      }
      FeeCategory cat = FeeCategory.values()[random.nextInt(FeeCategory.values().length)];
      itemsJson.append("{\"code\":\"").append(CODES[random.nextInt(CODES.length)])
          .append("\",\"category\":\"").append(random.nextBoolean() ? cat.name() : cat.code())
          .append("\",\"amount\":\"").append(m(it[0])).append("\",\"full_self_pay\":\"").append(m(it[1]))
          .append("\",\"over_limit\":\"").append(m(it[2])).append("\",\"pre_self_pay\":\"").append(m(it[3]))
          .append("\",\"in_scope\":\"").append(m(it[4])).append("\",\"special_drug\":")
          .append(random.nextInt(15) == 0).append('}');
    }
    if (itemCount == 0) {
      long total = 100 + random.nextInt(50_000);
      sums = new long[] {total, 0, 0, total / 10, total};
    }
    long total = sums[0];
    long reimbursable = Math.max(0, sums[4] - sums[3]);
    long fund = total > 0 ? Math.min(total, reimbursable * (50 + random.nextInt(40)) / 100) : 0;
    long critical = total > 0 && random.nextInt(10) == 0 ? (total - fund) / 4 : 0;
    long assistance = total > 0 && random.nextInt(8) == 0 ? Math.min(1000, total - fund - critical) : 0;
    long account = total > 0 && random.nextInt(3) == 0 ? Math.min(2000, total - fund - critical - assistance) : 0;
    long cash = total - fund - critical - assistance - account;
    StringBuilder sb = new StringBuilder(256 + itemsJson.length());
    sb.append("{\"id\":\"C").append(String.format("%08d", index)).append("\",\"insured_id\":\"")
        .append(personId(skewedPerson())).append("\",\"visit_type\":\"").append(visit)
        .append("\",\"hospital_level\":").append(1 + random.nextInt(3))
        .append(",\"admission_date\":\"").append(admission).append("\",\"discharge_date\":\"")
        .append(admission.plusDays(stay)).append("\",\"diagnosis\":\"").append(DIAGNOSES[random.nextInt(DIAGNOSES.length)])
        .append("\",\"patient\":{\"age\":").append(random.nextInt(100)).append(",\"sex\":\"")
        .append(random.nextBoolean() ? "M" : "FEMALE").append("\"},\"total\":\"").append(m(total))
        .append("\",\"full_self_pay\":\"").append(m(sums[1])).append("\",\"over_limit\":\"").append(m(sums[2]))
        .append("\",\"pre_self_pay\":\"").append(m(sums[3])).append("\",\"in_scope\":\"").append(m(sums[4]))
        .append("\",\"fund_paid\":\"").append(m(fund)).append("\",\"critical_paid\":\"").append(m(critical))
        .append("\",\"assistance_paid\":\"").append(m(assistance)).append("\",\"account_paid\":\"").append(m(account))
        .append("\",\"cash_paid\":\"").append(m(cash)).append('"');
    if (random.nextInt(5) != 0) {
      sb.append(",\"hospital_id\":\"H").append(String.format("%04d", 1 + random.nextInt(hospitals))).append('"');
    }
    if (itemCount > 0) {
      sb.append(",\"items\":[").append(itemsJson).append(']');
    }
    return sb.append('}').toString();
  }

  /** A few persons visit often: the square of a uniform skews towards low ids. */
  private int skewedPerson() {
    double u = random.nextDouble();
    return (int) (u * u * persons);
  }

  private static String m(long fen) {
    return Decimals.formatMoney(fen);
  }
}
