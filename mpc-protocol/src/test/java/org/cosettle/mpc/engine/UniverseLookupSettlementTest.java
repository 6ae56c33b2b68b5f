package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.LineItem;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.LookupStore;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.PrivateLookup;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CodeUniverse;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.Source;
import org.cosettle.policy.eval.CodeTable;
import org.cosettle.policy.ir.CodeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private tables indexed by a public code list in handshake mode (docs/protocol.md, "Tables over a
 * public code list"): a special-drug ratio and cap looked up directly at each item's code index,
 * beside an OKVS code set and a claim-level OKVS table, equal to the plaintext evaluator for
 * present codes, listed codes the table lacks, codes outside the list, claims without items and
 * of exactly K items, and for random batches, tables and defaults (a property), per item and per
 * claim; a list that differs between the parties stops the lookup; the insurer's view is the same
 * whatever the codes, with a planted unmasked reply and a planted placement by item index as the
 * positive controls.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UniverseLookupSettlementTest {
  @TempDir
  Path dir;

  /** Writes the code list {@code codes} as {@code drug-codes.csv} and compiles {@code body} after its declaration. */
  private CompiledPolicy compile(List<String> codes, String body) throws Exception {
    return compileIn(dir, codes, body);
  }

  /** As {@link #compile} in directory {@code dir}. */
  private static CompiledPolicy compileIn(Path dir, List<String> codes, String body) throws Exception {
    byte[] csv = CodeUniverse.csv(codes).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("drug-codes.csv"), csv);
    String text = "policy \"special-drug-universe\" version 1\n"
        + "public codes drug_codes: \"drug-codes.csv\" sha256 \"" + CodeUniverse.sha256(csv) + "\"\n" + body;
    Policies.Result r = Policies.compile(new Source(dir.resolve("p.cpl").toString(), text));
    assertTrue(r.ok(), r.diagnostics().toString());
    return r.policy();
  }

  private static List<String> listed() {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      codes.add("XD" + i);
    }
    codes.add("中药01");
    return codes;
  }

  private static final String BODY = """
      private table drug_ratio: ratio by code in drug_codes default 0%
      private table drug_cap: money by code in drug_codes default 100.00
      private table diagnosis_cap: money by code size 50 default 900.00
      private param covered: set<code>
      let drugs = sum(min(max(0, item.in_scope) * drug_ratio[item.code], drug_cap[item.code]) for item in claim.items)
      output payout = min(drugs, diagnosis_cap[claim.diagnosis]) to insurer, data_holder
      output listed = sum(if item.code in covered then 1 else 0 for item in claim.items) to insurer, data_holder
      """;

  @Test
  void directLookupsEqualThePlaintextEvaluatorBesideOkvsTablesAndCodeSets() throws Exception {
    CompiledPolicy policy = compile(listed(), BODY);
    Plan plan = Planner.plan(policy);
    assertTrue(plan.refusals().isEmpty(), plan.render());
    LookupStore drugs = plan.stores().stream().filter(LookupStore::indexed).findFirst().orElseThrow();
    assertEquals(2, drugs.members().size(), "ratio and cap share the indexed store");
    assertEquals(2, drugs.heLookupsPerRow(), "two words per slot: the values, no fingerprint");
    assertEquals(2L * (listed().size() + 1), drugs.words());
    assertEquals(3, plan.stores().size(), "the indexed store, the claim-level table and the code set");
    Map<String, Long> ratios = new LinkedHashMap<>();
    ratios.put("XD1", 7_000L);   // 70%
    ratios.put("XD2", 10_000L);  // 100%
    ratios.put("中药01", 5_000L);
    Map<String, Long> caps = new LinkedHashMap<>();
    caps.put("XD1", 50_000L);
    caps.put("XD2", 1_000L);
    caps.put("XD3", 9_999L);     // a cap without a ratio: 0% of it
    PrivateValues values = new PrivateValues(new long[0], List.of(CodeTable.of(ratios, 0), CodeTable.of(caps, 10_000),
        CodeTable.of(Map.of("C34.9", 70_000L), 90_000), CodeTable.of(new CodeSet(List.of("XD1", "Q*")))));
    List<List<String>> itemCodes = List.of(
        List.of("XD1", "XD2", "XD3", "XD4"),              // present, cap only, listed but in neither table
        List.of(),                                         // no items
        List.of("XD1", "XD2", "XD1", "中药01", "XD9", "QQ", "XD0", "XD2"), // K = 8 items: no padding row
        List.of("NOT-LISTED", "", "xd1"),                  // outside the list: the defaults
        List.of("XD2"));
    List<Claim> claims = ItemLookupSettlementTest.claims(itemCodes);
    // no equality test and no product for the indexed store: SecureCosts counts none, none is left over
    TwoPartySettlement.Sides s = ItemLookupSettlementTest.settle(policy, claims, values);
    BatchResult plain = Evaluator.evaluate(policy, claims, PrivateLookupSettlementTest.insured(), values);
    long[] payout = new long[claims.size()];
    long[] listedCount = new long[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      long drugsPaid = 0;
      for (LineItem item : claims.get(i).items()) {
        long ratio = ratios.getOrDefault(item.code(), 0L);
        long cap = caps.getOrDefault(item.code(), 10_000L);
        drugsPaid += Math.min(Math.round(item.inScope() * ratio / 10_000.0), cap);
        listedCount[i] += item.code().equals("XD1") || item.code().startsWith("Q") ? 1 : 0;
      }
      payout[i] = Math.min(drugsPaid, claims.get(i).diagnosis().equals("C34.9") ? 70_000L : 90_000L);
      assertArrayEquals(new long[] {payout[i], listedCount[i]}, new long[] {plain.output(i, 0), plain.output(i, 1)},
          "the plaintext evaluator agrees with the hand-worked claim " + i);
    }
    assertTrue(payout[0] > 0 && payout[2] > 0, "the case pays");
    for (long[][] outputs : new long[][][] {s.insurer().outputs(), s.dataHolder().outputs()}) {
      assertArrayEquals(payout, outputs[0]);
      assertArrayEquals(listedCount, outputs[1]);
    }
  }

  @Property(tries = 3, shrinking = ShrinkingMode.OFF)
  void randomBatchesAndTablesEqualThePlaintextEvaluator(@ForAll long seed) throws Exception {
    java.util.Random rnd = new java.util.Random(seed);
    List<Claim> template = HandshakeSettlementTest.load("inclusive").claims();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      codes.add("U" + i);
    }
    // every second diagnosis of the claims is listed too: the claim-level lookup meets listed and unlisted codes
    for (int i = 0; i < template.size(); i += 2) {
      if (!codes.contains(template.get(i).diagnosis())) {
        codes.add(template.get(i).diagnosis());
      }
    }
    Path listDir = Files.createTempDirectory("universe");
    CompiledPolicy policy = compileIn(listDir, codes, """
        private table ratio: ratio by code in drug_codes default %s
        private table bonus: money by code in drug_codes default %d.00
        private table dx_cap: money by code in drug_codes default 300.00
        output payout = min(sum(max(0, item.in_scope) * ratio[item.code] + bonus[item.code] for item in claim.items),
                            dx_cap[claim.diagnosis]) to insurer, data_holder
        """.formatted(rnd.nextInt(101) + "%", rnd.nextInt(50)));
    Files.delete(listDir.resolve("drug-codes.csv")); // read: the compiled policy holds the list
    Files.delete(listDir);
    List<CodeTable> tables = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Map<String, Long> entries = new LinkedHashMap<>();
      for (String code : codes) {
        if (rnd.nextInt(3) == 0) {
          entries.put(code, t == 0 ? (long) rnd.nextInt(10_001) : t == 1 ? (long) rnd.nextInt(100_000) : rnd.nextInt(5_000_000));
        }
      }
      tables.add(CodeTable.of(entries, policy.privateTables().get(t).defaultValue()));
    }
    PrivateValues values = new PrivateValues(new long[0], tables);
    List<List<String>> itemCodes = new ArrayList<>();
    int claims = 3 + rnd.nextInt(10);
    int bound = 1 + rnd.nextInt(8);
    for (int c = 0; c < claims; c++) {
      List<String> items = new ArrayList<>();
      for (int k = rnd.nextInt(bound + 1); k > 0; k--) {
        int kind = rnd.nextInt(10);
        items.add(kind < 6 ? codes.get(rnd.nextInt(codes.size())) : kind < 9 ? "V" + rnd.nextInt(30) : "");
      }
      itemCodes.add(items);
    }
    List<Claim> batch = ItemLookupSettlementTest.claims(itemCodes);
    TwoPartySettlement.Sides s = ItemLookupSettlementTest.settle(policy, batch, values);
    BatchResult plain = Evaluator.evaluate(policy, batch, PrivateLookupSettlementTest.insured(), values);
    long[] want = new long[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      want[i] = plain.output(i, 0);
    }
    assertArrayEquals(want, s.insurer().outputs()[0], "seed " + seed);
    assertArrayEquals(want, s.dataHolder().outputs()[0], "seed " + seed);
  }

  @Test
  void aCodeListThatDiffersBetweenThePartiesStopsTheLookup() throws Exception {
    String body = """
        private table drug_ratio: ratio by code in drug_codes default 0%
        output payout = sum(max(0, item.in_scope) * drug_ratio[item.code] for item in claim.items) to insurer
        """;
    Plan insurerPlan = Planner.plan(compile(listed(), body));
    List<String> other = new ArrayList<>(listed());
    other.set(0, "XD-other"); // as many codes: only the digest tells
    Plan holderPlan = Planner.plan(compile(other, body));
    PrivateValues values = new PrivateValues(new long[0], List.of(CodeTable.of(Map.of("XD1", 5_000L), 0)));
    List<Claim> claims = ItemLookupSettlementTest.claims(List.of(List.of("XD1")));
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(20));
    CompletableFuture<PrivateLookups> insurer = CompletableFuture.supplyAsync(
        () -> PrivateLookups.insurer(insurerPlan, pair.second(), values, claims.size(), 1, Prg.create(),
            HeLookupParameters.standard(), SessionHeKeys.NONE));
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> PrivateLookups.dataHolder(holderPlan,
        pair.first(), claims, 1, Prg.create(), HeLookupParameters.standard(), SessionHeKeys.NONE));
    assertTrue(e.getMessage().contains("public code list drug_codes has SHA-256"), e.getMessage());
    pair.first().close();
    ExecutionException stopped = assertThrows(ExecutionException.class, () -> insurer.get(60, TimeUnit.SECONDS));
    assertNotNull(stopped.getCause());
  }

  @Test
  void anEntryOutsideTheListIsRefusedBeforeTheSession() throws Exception {
    CompiledPolicy policy = compile(listed(), """
        private table drug_ratio: ratio by code in drug_codes default 0%
        output payout = sum(max(0, item.in_scope) * drug_ratio[item.code] for item in claim.items) to insurer
        """);
    PrivateValues values = new PrivateValues(new long[0], List.of(CodeTable.of(Map.of("NOT-LISTED", 5_000L), 0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PrivateLookups.check(Planner.plan(policy), values));
    assertTrue(e.getMessage().contains("\"NOT-LISTED\", which is not in the public code list drug_codes"),
        e.getMessage());
  }

  @Test
  void theInsurersViewIsTheSameWhateverTheCodes() throws Exception {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      codes.add("C" + i);
    }
    Plan plan = Planner.plan(compile(codes, """
        private table item_cap: money by code in drug_codes default 500.00
        output payout = sum(min(item.in_scope, item_cap[item.code]) for item in claim.items) to insurer
        """));
    Map<String, Long> caps = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      caps.put("C" + i, 1000L + i);
    }
    assertTrue(plan.lookups().get(0).indexed());
    ItemLookupSettlementTest.assertInsurersViewHidesTheItems(plan,
        new PrivateValues(new long[0], List.of(CodeTable.of(caps, 50_000))));
  }
}
