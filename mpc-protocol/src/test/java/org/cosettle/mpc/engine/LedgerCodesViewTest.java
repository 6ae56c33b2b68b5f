package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.Party;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the insurer sees of a reversal of an earlier batch's claim under a state kept per item code:
 * its ledger of shares holds a share of each of the K rows of every claim (padding too) and no
 * item code, and no message it receives in either batch carries one; the reversal's messages have
 * the same sizes in the same order whether its target had one real item or three of its K = 4
 * rows. Positive controls: a code planted in the insurer's record is found by the same check, the
 * check finds the reversal's claim id (which the metadata does carry) in the messages, and a batch
 * with one more claim shows other message sizes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LedgerCodesViewTest {
  private static final List<String> CODES = List.of("XL01XC", "XL01XE", "L04AB02");

  /** The insurer's messages and ledger files of two batches, the second reversing the first's claim A1. */
  private record Seen(List<byte[]> received, List<Long> shape, String firstLedger, String secondLedger) {}

  private static Seen twoBatches(CompiledPolicy policy, InsuredFile insured, List<Claim> first, List<Claim> second)
      throws Exception {
    AtomicReference<EngineViewTest.Log> log = new AtomicReference<>();
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgersAndKept(policy, first, insured,
        ShareLedger.empty(policy, Party.DATA_HOLDER), ShareLedger.empty(policy, Party.INSURER), null, null, channel -> {
          log.set(new EngineViewTest.Log(channel));
          return log.get();
        });
    assertNull(one.dataHolderFailure());
    assertNull(one.insurerFailure());
    List<byte[]> received = new ArrayList<>(log.get().received);
    InsuredFile between = KeptShares.recordedAfter(policy, insured, one.insurer().states());
    TwoPartySettlement.Sides two = TwoPartySettlement.runWithLedgersAndKept(policy, second, between,
        one.dataHolder().ledger(), one.insurer().ledger(), one.dataHolder().kept(), one.insurer().kept(), channel -> {
          log.set(new EngineViewTest.Log(channel));
          return log.get();
        });
    assertNull(two.dataHolderFailure());
    assertNull(two.insurerFailure());
    assertEquals(0, two.insurer().stats().correlationsLeft());
    received.addAll(log.get().received);
    return new Seen(received, log.get().shape(), one.insurer().ledger().jsonl(), two.insurer().ledger().jsonl());
  }

  /** The strings of {@code look} that the insurer's ledger text {@code ledger} or a message of {@code received} holds. */
  static List<String> found(List<String> look, String ledger, List<byte[]> received) {
    List<String> found = new ArrayList<>();
    for (String s : look) {
      boolean in = ledger.contains(s);
      byte[] needle = s.getBytes(StandardCharsets.US_ASCII);
      for (int m = 0; m < received.size() && !in; m++) {
        in = received.get(m) != null && indexOf(received.get(m), needle) >= 0;
      }
      if (in) {
        found.add(s);
      }
    }
    return found;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static CompiledPolicy policy() {
    return Policies.compile(new Source("drug-view.cpl", ItemCodeStatesViewTest.POLICY)).policy();
  }

  private static InsuredFile insured(CompiledPolicy policy) {
    return ItemCodeStatesViewTest.insured(policy);
  }

  private static LineItem item(String code, long amount) {
    return new LineItem(code, FeeCategory.WESTERN_DRUG, amount, 0, 0, 0, amount, true);
  }

  private static Claim claim(String id, String person, LineItem... items) {
    return new Claim(id, person, "H1", VisitType.INPATIENT, 3, 20_500, 20_503, "K35", 40, Sex.FEMALE, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, List.of(items), 0);
  }

  /** Batch 1: A1 of P1 with {@code items} items, B1 of P2 with four (so K = 4). */
  private static List<Claim> first(int items) {
    LineItem[] a1 = new LineItem[items];
    for (int i = 0; i < items; i++) {
      a1[i] = item(CODES.get(i % CODES.size()), 10_000 + 1_000 * i);
    }
    return List.of(claim("A1", "P1", a1), claim("B1", "P2", item("XL01XE", 5_000), item("XL01XE", 5_000),
        item("L04AB02", 5_000), item("XL01XC", 5_000)));
  }

  /** Batch 2: REV-A1 (no item of its own) takes A1 back, then A2 of P1 (and {@code more} claims of P2). */
  private static List<Claim> second(int more) {
    List<Claim> claims = new ArrayList<>(List.of(ReversalViewTest.reversal(claim("A1", "P1"), "REV-A1"),
        claim("A2", "P1", item("XL01XC", 90_000))));
    for (int i = 0; i < more; i++) {
      claims.add(claim("B" + (2 + i), "P2", item("XL01XE", 1_000)));
    }
    return claims;
  }

  @Test
  void theInsurersLedgerAndMessagesCarryNoItemCode() throws Exception {
    CompiledPolicy policy = policy();
    Seen seen = twoBatches(policy, insured(policy), first(3), second(0));
    String ledgers = seen.firstLedger() + seen.secondLedger();
    assertEquals(List.of(), found(CODES, ledgers, seen.received()));
    assertTrue(!ledgers.contains("row_codes"), ledgers);
    // a share for each of the K rows of every claim, padding too
    assertEquals(4, seen.secondLedger().lines().count());
    seen.secondLedger().lines().forEach(line -> assertEquals(4, line.split("\"drug_paid\":\\[")[1].split("]")[0]
        .split(",").length, line));
    // positive controls: a code planted in the insurer's record is found, and the check reads the messages
    String planted = seen.secondLedger().replaceFirst("}}", "},\"row_codes\":[\"XL01XE\",\"\",\"\",\"\"]}");
    assertEquals(List.of("XL01XE"), found(CODES, planted, List.of()));
    assertEquals(List.of("REV-A1"), found(List.of("REV-A1"), "", seen.received()));
  }

  @Test
  void theReversalsMessagesDoNotTellHowManyOfItsTargetsRowsAreReal() throws Exception {
    CompiledPolicy policy = policy();
    InsuredFile insured = insured(policy);
    Seen one = twoBatches(policy, insured, first(1), second(1));
    Seen three = twoBatches(policy, insured, first(3), second(1));
    assertEquals(one.shape(), three.shape(), "the same messages, of the same sizes, in the same order");
    Seen more = twoBatches(policy, insured, first(1), second(2));
    assertNotEquals(one.shape(), more.shape());
  }
}
