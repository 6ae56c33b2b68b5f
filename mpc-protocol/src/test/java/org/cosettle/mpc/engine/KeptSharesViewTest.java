package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * What the insurer sees of the kept shares of a state per item code ({@link KeptShares}): in a
 * batch read with the kept shares of an earlier one, items whose codes the kept slots hold and
 * items of codes new to them show the insurer messages of the same sizes in the same order and
 * online bytes with the same distribution (two-sample χ², as {@link EngineViewTest}), and its file
 * holds every slot of every person. No kept value is opened (the honest run's disclosures are
 * checked by {@link ItemCodeStatesViewTest}); positive controls: one more claim shows other
 * message sizes, and a planted opening of the kept values ({@link Disclosures#opensKeptValues}) is
 * reported by the disclosure check and really reaches the insurer.
 */
class KeptSharesViewTest {
  /** The insurer's view of a batch read with the kept shares {@code before}. */
  private static ItemRowsViewTest.View view(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      TwoPartySettlement.Sides before) throws Exception {
    return view(policy, claims, insured, before.dataHolder().kept(), before.insurer().kept());
  }

  /** The insurer's view of a batch read with the kept shares {@code dataHolderKept} and {@code insurerKept} (null: none). */
  static ItemRowsViewTest.View view(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      KeptShares dataHolderKept, KeptShares insurerKept) throws Exception {
    AtomicReference<EngineViewTest.Log> log = new AtomicReference<>();
    TwoPartySettlement.Sides s = TwoPartySettlement.runWithKept(policy, claims, insured, 0, dataHolderKept,
        insurerKept, channel -> {
          log.set(new EngineViewTest.Log(channel));
          return log.get();
        }, Disclosures.NONE, Disclosures.NONE);
    assertNull(s.dataHolderFailure());
    assertNull(s.insurerFailure());
    assertEquals(0, s.insurer().stats().correlationsLeft());
    return new ItemRowsViewTest.View(log.get().shape(), log.get().receivedInLast(s.insurer().stats().onlineBytes()));
  }

  @Test
  void theInsurersViewDoesNotDependOnWhichCodesTheKeptSlotsHold() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-view.cpl", ItemCodeStatesViewTest.POLICY)).policy();
    InsuredFile insured = ItemCodeStatesViewTest.insured(policy);
    TwoPartySettlement.Sides first = TwoPartySettlement.runWithKept(policy,
        ItemCodeStatesViewTest.batch(1, 12, row -> "XL01XC"), insured, 0, null, null);
    assertNull(first.dataHolderFailure());
    String kept = first.insurer().kept().jsonl();
    assertEquals(6 * KeptShares.SLOTS, kept.lines().count(), "every slot of every person, used or not");
    // every item's code held by a kept slot, or no item's
    ItemRowsViewTest.View carried = view(policy, ItemCodeStatesViewTest.batch(2, 12, row -> "XL01XC"), insured, first);
    ItemRowsViewTest.View fresh = view(policy, ItemCodeStatesViewTest.batch(3, 12, row -> "D" + row % 8), insured,
        first);
    assertEquals(carried.shape(), fresh.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(carried.online().length > 20_000, "enough online bytes to compare: " + carried.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(carried.online(), fresh.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
    ItemRowsViewTest.View more = view(policy, ItemCodeStatesViewTest.batch(2, 13, row -> "XL01XC"), insured, first);
    assertNotEquals(carried.shape(), more.shape());
  }

  @Test
  void theInsurersViewDoesNotDependOnWhichRowsThePlatformsFilterKeepsOutOfTheSlots() throws Exception {
    // the update's filter is the platform's own: only the special drugs' codes take kept slots
    CompiledPolicy policy = Policies.compile(new Source("drug-view.cpl", ItemCodeStatesViewTest.POLICY.replace(
        "for item in claim.items\n", "for item in claim.items where item.special_drug\n"))).policy();
    InsuredFile insured = ItemCodeStatesViewTest.insured(policy);
    TwoPartySettlement.Sides first = TwoPartySettlement.runWithKept(policy,
        ItemCodeStatesViewTest.batch(1, 12, row -> "XL01XC"), insured, 0, null, null);
    assertNull(first.dataHolderFailure());
    // every item a special drug of a code new to the slots, or none (no row takes a slot)
    ItemRowsViewTest.View slotted = view(policy, ItemCodeStatesViewTest.batch(2, 12, row -> "D" + row % 8), insured,
        first);
    ItemRowsViewTest.View none = view(policy, ItemCodeStatesViewTest.batch(3, 12, row -> "D" + row % 8, row -> false),
        insured, first);
    assertEquals(slotted.shape(), none.shape(), "the same messages, of the same sizes, in the same order");
    double chi = EngineViewTest.chiSquareTwoSamples(slotted.online(), none.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
  }

  @Test
  void aPlantedOpeningOfTheKeptValuesIsReported() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-view.cpl", ItemCodeStatesViewTest.POLICY)).policy();
    List<Claim> claims = ItemCodeStatesViewTest.batch(3, 8, row -> row % 3 == 0 ? "XL01XC" : "D" + row % 5);
    ItemCodeStatesViewTest.assertPlantedOpeningIsReported(policy, claims, party -> new DisclosureLog(party) {
      @Override
      boolean opensKeptValues() {
        return true;
      }
    });
  }
}
