package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional claim fields (how the claim was settled, who else paid) and the national
 * in-scope amount written with or without the pre-self-pay part.
 */
class ClaimSettlementFieldsTest {
  @TempDir Path dir;

  private static final String GOOD = ClaimsFileTest.GOOD;
  /** {@link #GOOD} without items: in_scope 73432.10 includes the pre-self-pay 3000.00. */
  private static final String NO_ITEMS = GOOD.substring(0, GOOD.indexOf(",\"items\"")) + "}";

  private ClaimsFile.Result read(String... lines) throws IOException {
    Path p = dir.resolve("claims.jsonl");
    Files.write(p, List.of(lines));
    return ClaimsFile.read(p, "claims.jsonl");
  }

  private static List<String> errors(ClaimsFile.Result r) {
    return r.rejected().stream().flatMap(x -> x.errors().stream()).map(InputError::toString).toList();
  }

  private static String with(String claim, String fields) {
    return claim.replace("\"total\":", fields + ",\"total\":");
  }

  @Test
  void absentOptionalFieldsTakeTheirDefaults() throws IOException {
    Claim c = read(GOOD).claims().get(0);
    assertEquals(SettlementRoute.LOCAL, c.route());
    assertFalse(c.thresholdApplied());
    assertEquals(0, c.otherInsurerPaid());
  }

  @Test
  void givenOptionalFieldsAreReadAlikeByBothParsers() throws Exception {
    String line = with(GOOD,
        "\"settlement_route\":\"OUT_OF_AREA\",\"threshold_applied\":true,\"other_insurer_paid\":\"5000.50\"");
    Claim fast = new ClaimStreamParser().parse(line, 1);
    Claim tree = new ClaimTreeParser("claims.jsonl", 1).parse(line);
    assertEquals(SettlementRoute.OUT_OF_AREA, fast.route());
    assertTrue(fast.thresholdApplied());
    assertEquals(500_050, fast.otherInsurerPaid());
    assertEquals(fast.route(), tree.route());
    assertEquals(fast.thresholdApplied(), tree.thresholdApplied());
    assertEquals(fast.otherInsurerPaid(), tree.otherInsurerPaid());
    assertEquals(SettlementRoute.NOT_SETTLED,
        read(with(GOOD, "\"settlement_route\":\"NOT_SETTLED\"")).claims().get(0).route());
  }

  @Test
  void reversesIsReadAlikeByBothParsersAndCheckedForItsForm() throws Exception {
    String line = with(GOOD.replace("\"C1\"", "\"R1\""), "\"reverses\":\"C1\"");
    Claim fast = new ClaimStreamParser().parse(line, 1);
    Claim tree = new ClaimTreeParser("claims.jsonl", 1).parse(line);
    assertEquals("C1", fast.reverses());
    assertEquals("C1", tree.reverses());
    assertTrue(fast.isReversal());
    assertFalse(read(GOOD).claims().get(0).isReversal());
    assertEquals(List.of(
        "claims.jsonl:1: reverses: the id of the claim to take back is empty (leave the field out for an ordinary claim)",
        "claims.jsonl:2: reverses: a claim cannot reverse itself",
        "claims.jsonl:3: reverses: expected a string, found the number 1",
        "claims.jsonl:4: reverses: null is not allowed (leave the field out for an ordinary claim)"),
        errors(read(
            with(GOOD, "\"reverses\":\"\""),
            with(GOOD.replace("\"C1\"", "\"C2\""), "\"reverses\":\"C2\""),
            with(GOOD.replace("\"C1\"", "\"C3\""), "\"reverses\":1"),
            with(GOOD.replace("\"C1\"", "\"C4\""), "\"reverses\":null"))));
  }

  @Test
  void malformedOptionalFieldsNameLineAndField() throws IOException {
    assertEquals(List.of(
        "claims.jsonl:1: settlement_route: unknown settlement route \"ABROAD\" (expected LOCAL, OUT_OF_AREA or NOT_SETTLED)",
        "claims.jsonl:2: threshold_applied: expected true or false, found the string \"yes\"",
        "claims.jsonl:3: other_insurer_paid: \"1.234\" is not a money amount with at most 2 decimals",
        "claims.jsonl:4: settlement_route: null is not allowed (leave the field out for LOCAL)",
        "claims.jsonl:5: threshold_applied: null is not allowed (leave the field out for false)",
        "claims.jsonl:6: other_insurer_paid: value 1000000000.01 out of bounds ±1000000000.00",
        "claims.jsonl:7: settlement_route: expected a string, found the number 1"),
        errors(read(
            with(GOOD, "\"settlement_route\":\"ABROAD\""),
            with(GOOD.replace("C1", "C2"), "\"threshold_applied\":\"yes\""),
            with(GOOD.replace("C1", "C3"), "\"other_insurer_paid\":\"1.234\""),
            with(GOOD.replace("C1", "C4"), "\"settlement_route\":null"),
            with(GOOD.replace("C1", "C5"), "\"threshold_applied\":null"),
            with(GOOD.replace("C1", "C6"), "\"other_insurer_paid\":\"1000000000.01\""),
            with(GOOD.replace("C1", "C7"), "\"settlement_route\":1"))));
  }

  @Test
  void nationalInScopeWithoutPreSelfPayIsCompletedByIt() throws IOException {
    // 85432.10 = 12000.00 + 0.00 + 3000.00 + 70432.10: in_scope = 70432.10 + 3000.00
    String national = NO_ITEMS.replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"70432.10\"");
    ClaimsFile.Result r = read(national);
    assertEquals(List.of(), errors(r));
    assertEquals(7_343_210, r.claims().get(0).inScope());
  }

  @Test
  void nationalInScopeWithPreSelfPayIsKept() throws IOException {
    String national = GOOD.replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"73432.10\"");
    ClaimsFile.Result r = read(national);
    assertEquals(List.of(), errors(r));
    assertEquals(7_343_210, r.claims().get(0).inScope());
    assertEquals(7_343_210, r.claims().get(0).items().get(1).inScope());
  }

  @Test
  void itemsUseTheNationalNamesAndFormToo() throws IOException {
    // item ZB11: 73432.10 = 0.00 + 0.00 + 3000.00 + 70432.10
    int items = GOOD.indexOf("\"items\"");
    String national = (GOOD.substring(0, items) + GOOD.substring(items).replace("\"over_limit\":", "\"overlmt_amt\":"))
        .replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"70432.10\"")
        .replace("\"amount\":", "\"det_item_fee_sumamt\":");
    ClaimsFile.Result r = read(national);
    assertEquals(List.of(), errors(r));
    Claim c = r.claims().get(0);
    assertEquals(7_343_210, c.inScope());
    assertEquals(7_343_210, c.items().get(1).inScope());
    assertEquals(1_200_000, c.items().get(0).amount());
  }

  @Test
  void aNationalTotalThatFitsNeitherFormBreaksTheInvariant() throws IOException {
    String national = NO_ITEMS.replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"70000.00\"");
    assertEquals(List.of("claims.jsonl:1: total: total 85432.10 != full_self_pay + over_limit + in_scope = 82000.00"),
        errors(read(national)));
  }

  @Test
  void aFileMayNotMixTheFormsAndEveryOtherLineIsNamed() throws IOException {
    String excluded = NO_ITEMS.replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"70432.10\"");
    String included = NO_ITEMS.replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"73432.10\"");
    ClaimsFile.Result r = read(excluded, included.replace("C1", "C2"), GOOD.replace("C1", "C3"),
        included.replace("C1", "C4"));
    assertEquals(List.of(
        "claims.jsonl:2: inscp_scp_amt: inscp_scp_amt includes preselfpay_amt here, but inscp_scp_amt excludes preselfpay_amt on line 1: one file uses one form",
        "claims.jsonl:4: inscp_scp_amt: inscp_scp_amt includes preselfpay_amt here, but inscp_scp_amt excludes preselfpay_amt on line 1: one file uses one form"),
        errors(r));
    assertEquals(List.of("C1", "C3"), r.claims().stream().map(Claim::id).toList());
  }

  @Test
  void aLineMayNotMixTheFormsEither() {
    String mixed = GOOD.replace("\"in_scope\":\"73432.10\",\"fund", "\"inscp_scp_amt\":\"70432.10\",\"fund")
        .replace("\"in_scope\":\"73432.10\",\"special", "\"inscp_scp_amt\":\"73432.10\",\"special");
    InputException e = assertThrows(InputException.class, () -> ClaimsFile.parseLine(mixed, "claims.jsonl", 1));
    assertEquals("claims.jsonl:1: items[1].inscp_scp_amt: inscp_scp_amt includes preselfpay_amt here, but not at "
        + "inscp_scp_amt: one file uses one form", e.errors().get(0).toString());
  }

  @Test
  void anItemAmountUnderBothNamesAndAConvertedAmountOutOfBoundsAreErrors() throws IOException {
    String twice = GOOD.replace("\"amount\":\"12000.00\"", "\"amount\":\"12000.00\",\"det_item_fee_sumamt\":\"12000.00\"");
    // -10.00 + 0.00 + 2.00 + 999999999.00 = 999999991.00 adds up only without the pre-self-pay,
    // so in_scope would be 999999999.00 + 2.00, beyond the claim money bound
    String beyond = NO_ITEMS.replace("\"total\":\"85432.10\"", "\"total\":\"999999991.00\"")
        .replace("\"full_self_pay\":\"12000.00\"", "\"full_self_pay\":\"-10.00\"")
        .replace("\"pre_self_pay\":\"3000.00\"", "\"pre_self_pay\":\"2.00\"")
        .replace("\"in_scope\":\"73432.10\"", "\"inscp_scp_amt\":\"999999999.00\"")
        .replace("\"C1\"", "\"C2\"");
    assertEquals(List.of(
        "claims.jsonl:1: items[0].amount: given twice, as amount and as its alias det_item_fee_sumamt",
        "claims.jsonl:2: inscp_scp_amt: inscp_scp_amt + preselfpay_amt = 1000000001.00 out of bounds ±1000000000.00"),
        errors(read(twice, beyond)));
  }
}
