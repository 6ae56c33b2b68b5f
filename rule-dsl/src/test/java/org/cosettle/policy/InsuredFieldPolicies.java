package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;

/**
 * Random policies over insured fields of every declared type (money, ratio, int, bool, date, an
 * enum and a code set with prefixes), int, bool and money states, with random batches, and what
 * each claim's outputs and each person's states must be, worked out here in plain Java (exact
 * prefix matching, no fingerprints): the oracle of {@code InsuredFieldsPropertyTest} and of the
 * handshake comparison.
 */
final class InsuredFieldPolicies {
  private InsuredFieldPolicies() {}

  static final int DAY = 20_500;
  static final List<String> CODES = List.of("C34.9", "C34", "C", "F32.9", "F", "Z51.1", "K35.8", "C34.91",
      "ABCDEFGHIJ", "ABCDEFGH", "ABCDEFG");
  static final List<String> ELEMENTS = List.of("C*", "C34*", "C34.9", "F*", "*", "Z51.1", "C34.9*", "ABCDEFGH*",
      "K3*", "C34.91", "ABCDEFG*");
  static final List<String> PLANS = List.of("PLAN_A", "PLAN_B", "PLAN_C");

  /** One person's declared fields, in declaration order, and their states before the batch. */
  record Person(String id, long amount, long share, long quota, boolean flag, int since, int plan,
      List<String> excl, long n, boolean seen, long paid) {}

  /** A rule: its CPL, and its value for a claim of a person with these states before it. */
  interface Rule {
    long value(Claim c, Person p, long n, boolean seen, long paid);
  }

  record Output(String cpl, Rule rule) {}

  /**
   * A generated case: the policy text, the batch, the expected outputs {@code [claim][output]} and
   * states {@code [person][state]}, and, when the policy has the aggregate {@code by_plan} (a sum
   * of claim totals by {@code insured.plan}, filtered or not), its expected rows as CSV, else null.
   */
  record Case(String text, BatchGenerator.Batch batch, long[][] outputs, long[][] states, String aggregates) {}

  static boolean excluded(String code, List<String> set) {
    for (String e : set) {
      if (e.endsWith("*") ? code.startsWith(e.substring(0, e.length() - 1)) : code.equals(e)) {
        return true;
      }
    }
    return false;
  }

  static long round4(long exact) {
    long r = (Math.abs(exact) + 5_000) / 10_000;
    return exact < 0 ? -r : r;
  }

  static Case generate(Random rnd) {
    int size = 1 + rnd.nextInt(4);
    String plan = PLANS.get(rnd.nextInt(PLANS.size()));
    int k = rnd.nextInt(7) - 3;
    List<String> subset = new ArrayList<>();
    for (String name : PLANS) {
      if (rnd.nextBoolean()) {
        subset.add(name);
      }
    }
    if (subset.isEmpty()) {
      subset.add(PLANS.get(0));
    }
    List<Integer> subsetOrdinals = subset.stream().map(PLANS::indexOf).toList();
    List<Output> all = List.of(
        new Output("if claim.diagnosis in insured.excl then 0 else claim.total * insured.share",
            (c, p, n, s, paid) -> excluded(c.diagnosis(), p.excl()) ? 0 : round4(c.total() * p.share())),
        new Output("if insured.plan == " + plan + " then insured.amount else claim.total",
            (c, p, n, s, paid) -> p.plan() == PLANS.indexOf(plan) ? p.amount() : c.total()),
        new Output("insured.plan in {" + String.join(", ", subset) + "}",
            (c, p, n, s, paid) -> subsetOrdinals.contains(p.plan()) ? 1 : 0),
        new Output("days_between(insured.since, claim.admission_date)",
            (c, p, n, s, paid) -> c.admissionDate() - p.since()),
        new Output("insured.quota * " + k + " + n", (c, p, n, s, paid) -> p.quota() * k + n),
        new Output("insured.flag and not seen", (c, p, n, s, paid) -> p.flag() && !s ? 1 : 0),
        new Output("count(item in claim.items where item.code in insured.excl)", (c, p, n, s, paid) -> {
          long count = 0;
          for (LineItem i : c.items()) {
            count += excluded(i.code(), p.excl()) ? 1 : 0;
          }
          return count;
        }),
        new Output("min(claim.total, max(0, insured.amount - paid))",
            (c, p, n, s, paid) -> Math.min(c.total(), Math.max(0, p.amount() - paid))),
        new Output("insured.plan != " + plan + " or claim.diagnosis in insured.excl",
            (c, p, n, s, paid) -> p.plan() != PLANS.indexOf(plan) || excluded(c.diagnosis(), p.excl()) ? 1 : 0));
    List<Output> outputs = new ArrayList<>();
    for (Output o : all) {
      if (rnd.nextInt(3) == 0) {
        outputs.add(o);
      }
    }
    if (outputs.isEmpty()) {
      outputs.add(all.get(0));
    }
    boolean countExcluded = rnd.nextBoolean();
    boolean updateN = rnd.nextBoolean();
    boolean updateSeen = rnd.nextBoolean();
    boolean updatePaid = rnd.nextBoolean();
    StringBuilder text = new StringBuilder("policy \"insured fields\" version 1\n")
        .append("insured field amount: money\ninsured field share: ratio\ninsured field quota: int\n")
        .append("insured field flag: bool\ninsured field since: date\n")
        .append("insured field plan: enum {").append(String.join(", ", PLANS)).append("}\n")
        .append("insured field excl: codes size ").append(size).append('\n')
        .append("state n: int\nstate seen: bool\nstate paid: money\n");
    for (int o = 0; o < outputs.size(); o++) {
      text.append("output o").append(o).append(" = ").append(outputs.get(o).cpl()).append(" to ")
          .append(rnd.nextBoolean() ? "insurer" : "insurer, data_holder").append('\n');
    }
    if (updateN) {
      text.append(countExcluded ? "update n = n + (if claim.diagnosis in insured.excl then 1 else 0)\n"
          : "update n = n + 1\n");
    }
    if (updateSeen) {
      text.append("update seen = seen or claim.diagnosis in insured.excl\n");
    }
    if (updatePaid) {
      text.append("update paid = paid + min(claim.total, max(0, insured.amount - paid))\n");
    }
    int aggregate = rnd.nextInt(3); // 0: none, 1: every claim, 2: only claims whose diagnosis is excluded
    if (aggregate > 0) {
      text.append("aggregate by_plan = sum(claim.total)").append(aggregate == 2 ? " where claim.diagnosis in insured.excl" : "")
          .append(" by insured.plan to insurer cohort 1\n");
    }

    List<Person> persons = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
      List<String> excl = new ArrayList<>();
      for (int e = rnd.nextInt(size + 1); e > 0; e--) {
        String element = ELEMENTS.get(rnd.nextInt(ELEMENTS.size()));
        if (!excl.contains(element)) {
          excl.add(element);
        }
      }
      persons.add(new Person("P" + persons.size(), rnd.nextInt(2_000_000), rnd.nextInt(10_001), rnd.nextInt(201) - 100,
          rnd.nextBoolean(), DAY - rnd.nextInt(800), rnd.nextInt(PLANS.size()), excl, rnd.nextInt(100), rnd.nextBoolean(),
          rnd.nextInt(500_000)));
    }
    List<Claim> claims = new ArrayList<>();
    for (int c = rnd.nextInt(25); c > 0; c--) {
      Person p = persons.get(rnd.nextInt(persons.size()));
      List<LineItem> items = new ArrayList<>();
      long total = 0;
      for (int i = rnd.nextInt(4); i > 0; i--) {
        long amount = rnd.nextInt(300_000);
        items.add(InsuredFieldsGoldenTest.item(CODES.get(rnd.nextInt(CODES.size())), amount));
        total += amount;
      }
      if (items.isEmpty()) {
        total = rnd.nextInt(1_000_000);
      }
      Claim claim = InsuredFieldsGoldenTest.claim(String.format("C%03d", claims.size()), p.id(),
          CODES.get(rnd.nextInt(CODES.size())), total, items.toArray(new LineItem[0]));
      claims.add(claim);
    }

    long[][] expected = new long[claims.size()][outputs.size()];
    long[] planClaims = new long[PLANS.size()];
    long[] planTotals = new long[PLANS.size()];
    long[] n = persons.stream().mapToLong(Person::n).toArray();
    boolean[] seen = new boolean[persons.size()];
    long[] paid = persons.stream().mapToLong(Person::paid).toArray();
    for (int i = 0; i < persons.size(); i++) {
      seen[i] = persons.get(i).seen();
    }
    for (int c = 0; c < claims.size(); c++) {
      Claim claim = claims.get(c);
      int who = Integer.parseInt(claim.insuredId().substring(1));
      Person p = persons.get(who);
      for (int o = 0; o < outputs.size(); o++) {
        expected[c][o] = outputs.get(o).rule().value(claim, p, n[who], seen[who], paid[who]);
      }
      boolean hit = excluded(claim.diagnosis(), p.excl());
      if (aggregate == 1 || aggregate == 2 && hit) {
        planClaims[p.plan()]++;
        planTotals[p.plan()] += claim.total();
      }
      long newN = updateN ? n[who] + (countExcluded ? (hit ? 1 : 0) : 1) : n[who];
      boolean newSeen = updateSeen ? seen[who] || hit : seen[who];
      long newPaid = updatePaid ? paid[who] + Math.min(claim.total(), Math.max(0, p.amount() - paid[who])) : paid[who];
      n[who] = newN;
      seen[who] = newSeen;
      paid[who] = newPaid;
    }
    long[][] states = new long[persons.size()][];
    List<InsuredRecord> records = new ArrayList<>();
    for (int i = 0; i < persons.size(); i++) {
      Person p = persons.get(i);
      states[i] = new long[] {n[i], seen[i] ? 1 : 0, paid[i]};
      records.add(new InsuredRecord(p.id(), false, DAY - 400, new long[] {p.n(), p.seen() ? 1 : 0, p.paid()},
          new long[] {p.amount(), p.share(), p.quota(), p.flag() ? 1 : 0, p.since(), p.plan(), 0},
          List.of(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), p.excl())));
    }
    CompiledPolicy compiled = InsuredFieldsGoldenTest.compile(text.toString());
    InsuredFile insured = InsuredFile.of(compiled.insuredFields(), compiled.stateColumns(), records);
    String rows = null;
    if (aggregate > 0) {
      StringBuilder csv = new StringBuilder("aggregate,group,claims,value\n");
      for (int g = 0; g < PLANS.size(); g++) {
        csv.append("by_plan,").append(PLANS.get(g)).append(',').append(planClaims[g]).append(',')
            .append(BatchResult.format(planTotals[g], Type.MONEY)).append('\n');
      }
      rows = csv.toString();
    }
    return new Case(text.toString(), new BatchGenerator.Batch(claims, insured, new long[0]), expected, states, rows);
  }

  /** The case, as text for a failure message. */
  static String describe(Case c) {
    StringBuilder sb = new StringBuilder(c.text());
    for (InsuredRecord r : c.batch().insured().records()) {
      sb.append(r.insuredId()).append(' ').append(java.util.Arrays.toString(r.fields())).append(' ')
          .append(r.codes(6)).append(' ').append(java.util.Arrays.toString(r.states())).append('\n');
    }
    for (Claim claim : c.batch().claims()) {
      sb.append(claim.id()).append(' ').append(claim.insuredId()).append(' ').append(claim.diagnosis()).append(' ')
          .append(claim.total()).append(' ').append(claim.items().stream().map(LineItem::code).toList()).append('\n');
    }
    return sb.toString();
  }
}
