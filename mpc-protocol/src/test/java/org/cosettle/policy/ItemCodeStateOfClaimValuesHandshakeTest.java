package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state kept per item code whose update reads no item field (each item of the claim sets its
 * code's value to a claim-level amount) in handshake mode: found by {@code HandshakePropertyTest}'s
 * keyed states (seed -104), where the data holder failed (an ArrayIndexOutOfBoundsException) as
 * no value on shares was computed per item, so the batch had no item rows for the codes to chain
 * on. Settled as in plaintext mode, values per code compared through the jointly opened kept shares.
 */
class ItemCodeStateOfClaimValuesHandshakeTest {
  static final String POLICY = """
      policy "last-over-limit" version 1
      state last_over: money by item.code
      output total = claim.total to insurer
      update last_over[item.code] = claim.over_limit for item in claim.items
      """;

  @TempDir Path dir;

  private static Claim claim(String id, String insuredId, long overLimit, String... codes) {
    List<LineItem> items = java.util.Arrays.stream(codes)
        .map(code -> new LineItem(code, FeeCategory.WESTERN_DRUG, 10_000, 0, 0, 0, 10_000, false)).toList();
    long total = 10_000L * codes.length;
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, 20_500, 20_503, "C50.9", 60, Sex.FEMALE,
        total + overLimit, 0, overLimit, 0, total, 0, 0, 0, 0, total + overLimit, items, 0);
  }

  @Test
  void eachItemSetsItsCodeToTheClaimsOverLimitAsInPlaintextMode() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    Path file = Files.writeString(dir.resolve("insured.csv"),
        "insured_id,preexisting,policy_start,last_over\nP1,false,2026-01-01,XL01XC=100.00\nP2,false,2026-01-01,\n");
    InsuredFile before = InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
    List<Claim> claims = List.of(claim("A1", "P1", 5_000, "XL01XE", "XL01XC"), claim("B1", "P2", 700, "ZB06"),
        claim("A2", "P1", 0, "XL01XE"), claim("B2", "P2", 300));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, before, new long[0]);
    assertEquals(Map.of("XL01XC", 5_000L, "XL01XE", 0L), plaintext.valuesByCode(0, 0));
    assertEquals(Map.of("ZB06", 700L), plaintext.valuesByCode(1, 0));
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, before,
        new long[0]), problem -> problem));
  }
}
