package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * The data holder's view of a family chain, and of family prefixes ({@link FamilyPrefix}), does
 * not depend on who is family: the same claims settled with two groupings of the same insured
 * persons (two families of four, or eight persons alone) and different start values show the data
 * holder messages of the same sizes in the same order and online bytes of the same distribution
 * ({@link EngineViewTest}'s χ² test). Positive
 * control: a schedule that lays the platform's work out by family (each family's claims chained
 * as one person's, the layers the plaintext engine would use) shows the grouping in the shape of
 * the data holder's view, and the same comparison catches it.
 */
class FamilyChainViewTest {
  /** A family cap, 70% of each claim's burden until the family has been paid 3,000.00; each person's total kept too. */
  private static final String FAMILY = """
      policy "family-view" version 1
      insured field family: id
      param family_cap: money = 3000.00
      param ratio: ratio = 70%
      state paid: money
      state family_paid: money by insured.family
      let due = max(0, claim.in_scope - claim.fund_paid) * ratio
      let pay = min(due, max(0, family_cap - family_paid))
      output payout = pay to insurer
      update paid = paid + pay
      update family_paid = family_paid + pay
      """;
  /**
   * The same family cap within each person's cap of 2,000.00: the two states' steps read each
   * other, so no prefix resolves them and the batch runs the chain.
   */
  private static final String CHAINED = FAMILY.replace("let pay = min(due, max(0, family_cap - family_paid))",
      "let pay = min(due, max(0, min(2000.00 - paid, family_cap - family_paid)))");
  /** The family state chained per "person", for claims whose insured ids are their families': the planted schedule. */
  private static final String BY_FAMILY = FAMILY.replace("insured field family: id\n", "")
      .replace("state family_paid: money by insured.family", "state family_paid: money");

  private static final int PERSONS = 8;

  @Test
  void theDataHoldersViewOfFamilyPrefixesDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-view.cpl", FAMILY)).policy();
    assertTrue(FamilyPrefix.of(Planner.plan(policy), 120, 120, 0).isPresent(), "the batch runs as family prefixes");
    sameViewForBothGroupings(policy, 20_000);
  }

  @Test
  void theDataHoldersViewOfTheChainDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-chain-view.cpl", CHAINED)).policy();
    assertTrue(FamilyPrefix.of(Planner.plan(policy), 120, 120, 0).isEmpty(), "the batch runs the chain");
    sameViewForBothGroupings(policy, 50_000);
  }

  private static void sameViewForBothGroupings(CompiledPolicy policy, int enoughBytes) throws Exception {
    List<Claim> claims = claims(id -> id);
    EngineViewTest.View twoFamilies = EngineViewTest.dataHoldersView(policy, claims, insured(policy, p -> p / 4, 0));
    EngineViewTest.View alone = EngineViewTest.dataHoldersView(policy, claims, insured(policy, p -> p, 37_500));
    assertEquals(twoFamilies.shape(), alone.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(twoFamilies.online().length > enoughBytes, "enough online bytes to compare: " + twoFamilies.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(twoFamilies.online(), alone.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
  }

  @Test
  void aScheduleByFamilyShowsTheGroupingAndIsCaught() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("by-family.cpl", BY_FAMILY)).policy();
    // the platform's work laid out by family: two families of four, then every person alone
    List<Claim> byTwoFamilies = claims(id -> "F" + (Integer.parseInt(id.substring(1)) / 4));
    List<Claim> byPersons = claims(id -> "F" + id.substring(1));
    EngineViewTest.View twoFamilies = EngineViewTest.dataHoldersView(policy, byTwoFamilies,
        plainInsured(policy, List.of("F0", "F1")));
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < PERSONS; p++) {
      ids.add("F" + p);
    }
    EngineViewTest.View alone = EngineViewTest.dataHoldersView(policy, byPersons, plainInsured(policy, ids));
    assertNotEquals(twoFamilies.shape(), alone.shape(), "the layers by family show in the data holder's view");
  }

  /** 120 claims of the eight persons, interleaved (the same in every run), insured ids mapped by {@code ids}. */
  private static List<Claim> claims(java.util.function.UnaryOperator<String> ids) {
    Random random = new Random(29);
    List<Claim> claims = new ArrayList<>();
    for (int c = 0; c < 120; c++) {
      long inScope = 100L * (100 + random.nextInt(2_000));
      claims.add(new Claim("C" + c, ids.apply("P" + random.nextInt(PERSONS)), "", VisitType.INPATIENT, 2, 20_500,
          20_503, "K35.8", 50, Sex.MALE, inScope, 0, 0, 0, inScope, 100L * random.nextInt(100), 0, 0, 0, inScope,
          List.of(), 0));
    }
    return claims;
  }

  /** The eight persons, person p in the family of {@code familyOf(p)}'s first member, with start values. */
  private static InsuredFile insured(CompiledPolicy policy, java.util.function.IntUnaryOperator familyOf, long start) {
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < PERSONS; p++) {
      int f = familyOf.applyAsInt(p);
      int first = 0;
      while (familyOf.applyAsInt(first) != f) {
        first++;
      }
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[] {start, start}, new long[] {first},
          List.of(List.of("F" + f))));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }

  private static InsuredFile plainInsured(CompiledPolicy policy, List<String> ids) {
    List<InsuredRecord> records = new ArrayList<>();
    for (String id : ids) {
      records.add(new InsuredRecord(id, false, 20_000, new long[] {0, 0}));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }
}
