package org.cosettle.mpc.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cosettle.core.Party;
import org.cosettle.mpc.plan.Plan.Cost;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Position;
import org.cosettle.policy.Source;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static CompiledPolicy compile(String text) {
    Policies.Result r = Policies.compile(new Source("p.cpl", text));
    assertTrue(r.ok(), () -> r.diagnostics().toString());
    return r.policy();
  }

  static final String INCLUSIVE = """
      policy "inclusive" version 1
      param deductible: money = 200.00
      param ratio_normal: ratio = 80%
      param ratio_preexisting: ratio = 40%
      param annual_cap: money = 10000.00
      param covered: set<category> = {BED, EXAMINATION}
      state deductible_used: money
      state paid_ytd: money
      let eligible = sum(item.pre_self_pay + item.full_self_pay for item in claim.items where item.category in covered)
      let deductible_left = max(0, deductible - deductible_used)
      let applied = min(eligible, deductible_left)
      let rate = if insured.preexisting then ratio_preexisting else ratio_normal
      let raw = (eligible - applied) * rate
      output payout = min(raw, max(0, annual_cap - paid_ytd)) to insurer, data_holder
      update deductible_used = deductible_used + applied
      update paid_ytd = paid_ytd + min(raw, max(0, annual_cap - paid_ytd))
      """;

  @Test
  void statesUpdatedFromTheDataHoldersValuesAreSharedAndSoIsWhatDependsOnThem() {
    Plan plan = Planner.plan(compile(INCLUSIVE));
    assertTrue(plan.refusals().isEmpty(), plan.render());
    assertTrue(plan.stateShared(0), "deductible_used");
    assertTrue(plan.stateShared(1), "paid_ytd");
    Ir.Program program = plan.program();
    int payout = program.bindings().stream().filter(b -> b.name().equals("payout")).findFirst().orElseThrow().op();
    int eligible = program.bindings().stream().filter(b -> b.name().equals("eligible")).findFirst().orElseThrow().op();
    int rate = program.bindings().stream().filter(b -> b.name().equals("rate")).findFirst().orElseThrow().op();
    assertEquals(Label.JOINT, plan.site(payout));
    assertEquals(Label.DATA_HOLDER, plan.site(eligible));
    assertEquals(Label.INSURER, plan.site(rate));
    // the data holder brings eligible in, the insurer its rate; the product is shared × private
    assertTrue(plan.inputs().contains(new Plan.Input(eligible, Party.DATA_HOLDER)));
    assertTrue(plan.inputs().contains(new Plan.Input(rate, Party.INSURER)));
    assertEquals(1, plan.stepCounts().get(Cost.MULTIPLY_PRIVATE));
    assertEquals(1, plan.stepCounts().get(Cost.ROUND));
    assertTrue(plan.stepCounts().get(Cost.COMPARE) >= 3);
    assertTrue(plan.depth() >= 4 && plan.depth() <= plan.steps().size(), plan.render());
    for (Plan.Step s : plan.steps()) {
      assertTrue(s.bits() >= 1 && s.bits() <= 64);
    }
  }

  @Test
  void aPolicyOfTheDataHolderAloneNeedsNoSecureComputation() {
    Plan plan = Planner.plan(compile("""
        policy "local" version 1
        let pay = sum(item.pre_self_pay for item in claim.items) * 50%
        output payout = pay to data_holder
        """));
    assertTrue(plan.steps().isEmpty());
    assertTrue(plan.inputs().isEmpty());
    assertEquals(0, plan.depth());
    assertTrue(plan.render().contains("none (no secure computation needed)"), plan.render());
  }

  @Test
  void anItemLevelRuleThatNeedsTheInsurersValueRunsPerLineItemOnShares() {
    Plan plan = Planner.plan(compile("""
        policy "per-item" version 1
        private param rate: ratio
        output payout = sum(item.amount * rate for item in claim.items) to insurer
        """));
    assertTrue(plan.refusals().isEmpty(), plan.render());
    assertTrue(plan.itemRows());
    // the product with the data holder's amount and its rounding, per padded row; a padding row's
    // amount is 0, so the sum needs no mask
    assertEquals(List.of(Cost.MULTIPLY_PRIVATE, Cost.ROUND), plan.steps().stream().map(Plan.Step::cost).toList());
    assertTrue(plan.steps().stream().allMatch(Plan.Step::perItem));
    assertTrue(plan.render().contains("item bound K"), plan.render());
    assertTrue(plan.render().contains("per line item (K times per claim)"), plan.render());
    // a count of items against the insurer's threshold is not 0 on a padding row by itself: masked
    Plan count = Planner.plan(compile("""
        policy "per-item-count" version 1
        private param floor: money
        output big = count(item in claim.items where item.amount > floor) to insurer
        """));
    assertTrue(count.refusals().isEmpty(), count.render());
    Plan.Step last = count.steps().get(count.steps().size() - 1);
    assertEquals(Cost.MULTIPLY_PRIVATE, last.cost());
    assertEquals(1, last.bits());
    assertTrue(count.masksPadding(last.op()));
    // the claim-level form of the same rule has no item rows
    Plan fine = Planner.plan(compile("""
        policy "per-claim" version 1
        private param rate: ratio
        output payout = sum(item.amount for item in claim.items) * rate to insurer
        """));
    assertTrue(fine.refusals().isEmpty(), fine.render());
    assertFalse(fine.itemRows());
    assertFalse(fine.render().contains("item bound"), fine.render());
    assertEquals(List.of(Cost.MULTIPLY_PRIVATE, Cost.ROUND), fine.steps().stream().map(Plan.Step::cost).toList());
    assertEquals(2, fine.depth());
  }

  @Test
  void everySharedOpsPlaintextOperandIsAnInputAndNothingElseIs() throws Exception {
    try (Stream<Path> files = Stream.concat(Files.list(Path.of("../examples/policies")),
        Files.list(Path.of("../testdata/conformance")).filter(Files::isDirectory).map(d -> d.resolve("policy.cpl")))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".cpl")).toList()) {
        Policies.Result r = Policies.compile(new Source(file.toString(), Files.readString(file)));
        assertTrue(r.ok(), file + ": " + r.diagnostics());
        Plan plan = Planner.plan(r.policy());
        List<Ir.Op> ops = plan.program().ops();
        for (Ir.Op op : ops) {
          boolean fedToShared = ops.stream().anyMatch(o -> plan.site(o.id()) == Label.JOINT
              && java.util.Arrays.stream(o.args()).anyMatch(a -> a == op.id()));
          Label s = plan.site(op.id());
          boolean isInput = plan.inputs().stream().anyMatch(i -> i.op() == op.id());
          assertEquals(fedToShared && (s == Label.DATA_HOLDER || s == Label.INSURER), isInput, file + " " + op);
          if (op.label() == Ir.Label.JOINT) {
            assertEquals(Label.JOINT, s, file + " " + op);
          }
          if (s == Label.PUBLIC) {
            assertEquals(Ir.Label.PUBLIC, op.label(), file + " " + op);
          }
        }
        assertTrue(plan.render().startsWith("handshake plan:"));
      }
    }
  }

  @Test
  void refusalsArePositioned() {
    // without the tables' declarations every lookup is refused, each where it stands
    Plan plan = Planner.plan(compile("""
        policy "two" version 1
        private table cap: money by code size 100 default 500.00
        private table drug_ratio: ratio by code size 20000 default 0%
        output a = sum(item.in_scope * drug_ratio[item.code] for item in claim.items) to insurer
        output b = sum(cap[item.code] for item in claim.items) to insurer
        output c = min(claim.total, cap[claim.diagnosis]) to insurer
        """).program());
    assertEquals(List.of(4, 5, 6), plan.refusals().stream().map(Refusal::position).map(Position::line).distinct()
        .toList());
  }

  @Test
  void claimAndItemLevelLookupsArePlannedWithTheirLayouts() {
    Plan plan = Planner.plan(compile("""
        policy "tables" version 1
        private table cap: money by code size 100 default 500.00
        private table drug_ratio: ratio by code size 20000 default 0%
        private param covered: set<code>
        let capped = min(claim.total, cap[claim.diagnosis])
        output payout = if claim.diagnosis in covered then capped else 0 to insurer
        output drugs = sum(item.amount * drug_ratio[item.code] for item in claim.items) to insurer
        output listed = sum(if item.code in covered then 1 else 0 for item in claim.items) to insurer
        """));
    assertTrue(plan.refusals().isEmpty(), plan.render());
    // one lookup per table or code set and level: sizes, keys and columns from the declarations alone
    assertEquals(List.of("cap", "covered", "drug_ratio", "covered"), plan.lookups().stream().map(PrivateLookup::name)
        .toList());
    assertEquals(List.of(false, false, true, true), plan.lookups().stream().map(PrivateLookup::perItem).toList());
    PrivateLookup cap = plan.lookups().get(0);
    assertEquals(162, cap.positions()); // 1.3 × 100 + 32, a multiple of 3
    assertEquals(1, cap.keysPerRow());
    assertEquals(2, cap.columns());
    assertEquals(2 * (162 + PrivateLookup.DENSE), cap.words());
    PrivateLookup covered = plan.lookups().get(1);
    assertTrue(covered.codeSet());
    assertEquals(2 + PrivateLookup.PREFIX_LIMIT, covered.keysPerRow());
    assertEquals(1, covered.columns());
    PrivateLookup drugs = plan.lookups().get(2);
    assertEquals(26_034, drugs.positions());
    assertEquals(4, plan.stepCounts().get(Plan.Cost.LOOKUP));
    String text = plan.render();
    assertTrue(text.contains("cap (table, size 100, by claim.diagnosis): linear OKVS of 162 sparse positions (3 per key)"
        + " and 64 dense, 1 key per claim; HE lookup (run): 2 words per claim"), text);
    assertTrue(text.contains("drug_ratio (table, size 20000, by item.code): linear OKVS of 26034 sparse positions"), text);
    assertTrue(text.contains("1-out-of-N OT (not built): 1,249,632 bytes per line item slot (one per item and 1/16 to as many"
        + " more, public; at most K per claim)"), text);
    assertTrue(text.contains("the insurer learns K and the number of lookups, the data holder each table's declared"
        + " size"), text);
    // tables too large for the HE table in all are refused
    Plan huge = Planner.plan(compile("""
        policy "huge" version 1
        private table cap: money by code size 1000000 default 500.00
        output payout = min(claim.total, cap[claim.diagnosis]) to insurer
        """));
    assertEquals(List.of(Refusal.Kind.TOO_WIDE), huge.refusals().stream().map(Refusal::kind).toList());
  }

  @Test
  void tablesOfOneLevelShareAStoreWithOneFingerprint() {
    Plan plan = Planner.plan(compile("""
        policy "special drugs" version 1
        private table drug_ratio: ratio by code size 20000 default 0%
        private table drug_cap: money by code size 20000 default 0.00
        private table diagnosis_cap: money by code size 100 default 500.00
        private param covered: set<code>
        output payout = sum(min(item.amount * drug_ratio[item.code], drug_cap[item.code])
                            for item in claim.items) to insurer
        output listed = sum(if item.code in covered then 1 else 0 for item in claim.items) to insurer
        output capped = min(claim.total, diagnosis_cap[claim.diagnosis]) to insurer
        """));
    assertTrue(plan.refusals().isEmpty(), plan.render());
    // the two item tables in one store; the code set and the claim-level table alone
    assertEquals(List.of("drug_ratio and drug_cap", "covered", "diagnosis_cap"), plan.stores().stream()
        .map(LookupStore::names).toList());
    LookupStore drugs = plan.stores().get(0);
    assertTrue(drugs.perItem());
    assertEquals(40_000, drugs.capacity()); // the codes of both tables may all differ
    assertEquals(52_032, drugs.positions()); // 1.3 × 40,000 + 32, a multiple of 3
    assertEquals(3, drugs.columns());
    assertEquals(3, drugs.heLookupsPerRow()); // one fingerprint and two values per item row, not 2 × 2
    assertEquals(3 * (52_032 + PrivateLookup.DENSE), drugs.words());
    assertEquals(1, drugs.column(plan.lookups().get(0)));
    assertEquals(2, drugs.column(plan.lookups().get(1)));
    assertEquals(drugs, plan.store(plan.lookups().get(1)));
    assertEquals(10, plan.store(plan.lookups().get(2)).heLookupsPerRow());
    String text = plan.render();
    // 20 table ciphertexts instead of 2 × 7: 6 × 153,652 bytes more, repaid at 18.9 bytes per row saved
    assertTrue(text.contains("drug_cap (table, size 20000, by item.code): linear OKVS of 26034 sparse positions (3 per"
        + " key) and 64 dense, 1 key per line item slot (one per item and 1/16 to as many more, public; at most K per"
        + " claim); HE lookup (alone; the shared store below runs)"), text);
    assertTrue(text.contains("drug_ratio and drug_cap share one store: one fingerprint and one equality test for all,"
        + " 3 words per line item slot instead of 4, setup 20 table ciphertexts instead of 14; fewer bytes in all from"
        + " 48,779 line item slots on"), text);
    // a shared store that would not fit the HE table: one store each, as the planner checked
    Plan wide = Planner.plan(compile("""
        policy "wide" version 1
        private table a: money by code size 30000 default 0.00
        private table b: money by code size 30000 default 0.00
        private table c: money by code size 30000 default 0.00
        output payout = sum(a[item.code] + b[item.code] + c[item.code] for item in claim.items) to insurer
        """));
    assertTrue(wide.refusals().isEmpty(), wide.render());
    assertEquals(List.of("a", "b", "c"), wide.stores().stream().map(LookupStore::names).toList());
  }
}
