package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.ir.Ir;
import org.junit.jupiter.api.Test;

/** The columnar evaluator: layers, threads, failures located in file order, explain. */
class EngineTest {
  static CompiledPolicy compile(String text) {
    Policies.Result r = Policies.compile(new Source("t.cpl", text));
    assertEquals(List.of(), r.diagnostics());
    return r.policy();
  }

  static Claim claim(String id, String insured, long total, int line, List<LineItem> items) {
    return new Claim(id, insured, "H" + (line % 3), VisitType.INPATIENT, 2, 20000, 20003, "C34.9", 50, Sex.FEMALE,
        total, 0, 0, 0, total, 0, 0, 0, 0, total, items, line);
  }

  static InsuredFile insured(CompiledPolicy p, int persons, long state) {
    List<InsuredRecord> records = new ArrayList<>();
    for (int i = 0; i < persons; i++) {
      long[] states = new long[p.stateNames().size()];
      java.util.Arrays.fill(states, state);
      records.add(new InsuredRecord("P" + i, i % 4 == 0, 19900, states));
    }
    return InsuredFile.of(p.stateNames(), records);
  }

  static final String CAPPED = String.join("\n",
      "policy \"capped\" version 1",
      "param deductible: money = 500.00",
      "param cap: money = 3000.00",
      "state used: money",
      "state paid: money",
      "let eligible = sum(item.amount for item in claim.items where item.category in {SURGERY, WESTERN_DRUG})",
      "let applied = min(eligible, max(0, deductible - used))",
      "let raw = (eligible - applied) * (if insured.preexisting then 45% else 85%)",
      "output payout = min(raw, max(0, cap - paid)) to insurer",
      "output items = count(item in claim.items) to insurer",
      "update used = used + applied",
      "update paid = paid + min(raw, max(0, cap - paid))",
      "aggregate total = sum(payout) by claim.visit_type to insurer cohort 1",
      "");

  @Test
  void resultsDoNotDependOnTheNumberOfThreads() throws Exception {
    CompiledPolicy p = compile(CAPPED);
    SplittableRandom rnd = new SplittableRandom(3);
    List<Claim> claims = new ArrayList<>();
    int persons = 3000;
    for (int c = 0; c < 30_000; c++) {
      List<LineItem> items = new ArrayList<>();
      int n = rnd.nextInt(0, 6);
      long total = 0;
      for (int i = 0; i < n; i++) {
        long amount = rnd.nextLong(-5_000, 200_000);
        total += amount;
        items.add(new LineItem("X", FeeCategory.values()[rnd.nextInt(14)], amount, 0, 0, 0, amount, false));
      }
      claims.add(claim("C" + c, "P" + rnd.nextInt(persons), total, c + 1, items));
    }
    InsuredFile ins = insured(p, persons, 0);
    BatchResult one = Evaluator.evaluate(p, claims, ins, new long[0], 1);
    for (int threads : new int[] {2, 3, 8}) {
      BatchResult many = Evaluator.evaluate(p, claims, ins, new long[0], threads);
      assertEquals(one.resultsCsv(), many.resultsCsv());
      assertEquals(one.statesCsv(), many.statesCsv());
      assertEquals(one.aggregatesCsv(), many.aggregatesCsv());
    }
    // the cap binds for some insured persons inside this batch
    assertTrue(one.statesCsv().contains(",3000.00\n"));
  }

  @Test
  void aFailingStateNamesTheFirstFailingClaimInFileOrder() throws Exception {
    CompiledPolicy p = compile("policy \"s\" version 1\nstate s: money\noutput o = claim.total to insurer\nupdate s = s + claim.total\n");
    long big = 60_000_000_000L; // 600,000,000.00 yuan
    List<Claim> claims = List.of(
        claim("A1", "P0", big, 1, List.of()),
        claim("A2", "P0", big, 2, List.of()),       // P0's second claim: layer 1, fails first in file order
        claim("B1", "P1", big, 3, List.of()));      // layer 0, fails too (P1 starts at 500,000,000.00)
    List<InsuredRecord> records = List.of(new InsuredRecord("P0", false, 0, new long[] {0}),
        new InsuredRecord("P1", false, 0, new long[] {50_000_000_000L}));
    InsuredFile ins = InsuredFile.of(p.stateNames(), records);
    EvaluationException e = assertThrows(EvaluationException.class, () -> Evaluator.evaluate(p, claims, ins, new long[0]));
    assertEquals("claim A2 (line 2): state 's' would become 1200000000.00, outside ±1,000,000,000.00", e.getMessage());
  }

  @Test
  void explainShowsEveryDeclarationWithTheStatesTheClaimSaw() throws Exception {
    Path dir = Path.of("..", "testdata", "conformance", "inclusive");
    CompiledPolicy p = compile(Files.readString(dir.resolve("policy.cpl")));
    List<Claim> claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile ins = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", p.stateNames(), 100);
    BatchResult all = Evaluator.evaluate(p, claims, ins, new long[0]);
    // C00002 is the second claim of P0005: it sees the states C00000 left
    Explanation x = Evaluator.explain(p, claims, ins, new long[0], "C00002");
    assertEquals("C00002", x.claimId());
    assertEquals(List.of("deductible_used", "paid_ytd"), x.statesBefore().stream().map(Explanation.Entry::name).toList());
    Explanation first = Evaluator.explain(p, claims, ins, new long[0], "C00000");
    long appliedFirst = value(first, "update", "deductible_used");
    assertEquals(appliedFirst, x.statesBefore().get(0).value());
    assertEquals(List.of("let eligible", "let deductible_left", "let applied", "let rate", "let raw",
        "output payout", "update deductible_used", "update paid_ytd"),
        x.entries().stream().map(en -> en.kind() + " " + en.name()).toList());
    assertEquals(all.output(2, 0), value(x, "output", "payout"));
    assertEquals("0.10", x.entries().get(5).formatted());
    assertThrows(EvaluationException.class, () -> Evaluator.explain(p, claims, ins, new long[0], "nope"));
  }

  private static long value(Explanation x, String kind, String name) {
    return x.entries().stream().filter(e -> e.kind().equals(kind) && e.name().equals(name)).findFirst().orElseThrow().value();
  }

  @Test
  void manifestMatchesGoldenFiles() throws Exception {
    for (String name : List.of("inclusive", "hospital-totals", "special-drug")) {
      Path dir = Path.of("..", "testdata", "conformance", name);
      CompiledPolicy p = compile(Files.readString(dir.resolve("policy.cpl")));
      Path golden = Path.of("..", "testdata", "manifest", name + ".expected");
      if (Boolean.getBoolean("cosettle.golden.update")) {
        Files.writeString(golden, p.manifest());
      }
      assertEquals(Files.readString(golden), p.manifest(), name);
    }
  }

  @Test
  void everyOperationCarriesItsLabelAndRange() {
    CompiledPolicy p = compile(CAPPED);
    Ir.Program program = p.program();
    for (Ir.Op op : program.ops()) {
      for (int a : op.args()) {
        assertTrue(a < op.id(), "operands come first: " + op);
      }
      assertTrue(op.min() <= op.max(), op.toString());
    }
    Ir.Op applied = op(program, "applied");
    assertEquals(Ir.Label.JOINT, applied.label());
    // min(eligible, max(0, 500.00 - used)): never negative below eligible's bound, never above the deductible + bound of used
    assertEquals(0 - 10_000L * 1_000_000_000L, applied.min());
    assertEquals(Ir.Label.DATA_HOLDER, op(program, "eligible").label());
    assertEquals(Ir.Label.DATA_HOLDER, op(program, "items").label());
    Ir.Op payout = op(program, "payout");
    assertEquals(Ir.Label.JOINT, payout.label());
    // min(raw, max(0, cap - paid)) with paid anywhere in the state bound ±1,000,000,000.00
    assertEquals(100_000_300_000L, payout.max());
    assertTrue(program.dump().contains("round4"));
  }

  private static Ir.Op op(Ir.Program program, String name) {
    return program.ops().get(program.bindings().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow().op());
  }
}
