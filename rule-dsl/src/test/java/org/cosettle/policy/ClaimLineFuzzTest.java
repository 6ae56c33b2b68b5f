package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.LineItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated claim lines: {@code ClaimsFile.parseLine} returns a claim that satisfies
 * every bound and settlement invariant of spec §3 and §8, or throws an {@link InputException}
 * whose every error names the file and the line; nothing else escapes. Tries come from
 * {@code -Dcosettle.fuzz.tries}; {@code -Dcosettle.fuzz.seed} replays a run.
 */
class ClaimLineFuzzTest {
  private static final String FILE = "fuzz.jsonl";
  private static final int LINE = 42;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PLACEHOLDER = "@@value@@";
  private static final List<String> DICTIONARY = List.of("null", "true", "false", "0", "-0", "1e2", "1E+2", "0.001",
      "12.345", "-1.5", "99999999999999999999", "1000000000.01", "1e400", "\"\"", "\"12.30\"", "\"1,000.00\"",
      "\"2026-02-30\"", "\"2026-13-01\"", "\"M\"", "\"08\"", "\"15\"", "\"INPATIENT\"", "[]", "{}", "[[[[[[",
      "\"total\"", "\"medfee_sumamt\"", "\"inscp_scp_amt\"", "\"OUT_OF_AREA\"", "\"settlement_route\"",
      "\"other_insurer_paid\"", "\"items\"", "\"patient\"", "\"hospital_id\"", "\"\\u0000\"", "\"\\uD800\"");

  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void mutatedClaimLinesAreParsedOrRejectedWithLocatedErrors() throws IOException {
    List<String> corpus = corpus();
    FuzzTries.run((rnd, context) -> {
      String base = corpus.get(rnd.nextInt(corpus.size()));
      check(rnd.nextBoolean() ? new Mutator(rnd, DICTIONARY).mutate(base) : mutateJson(base, rnd), context);
    });
  }

  @Test
  void generatedConsistentClaimsSurviveTheRoundTripThroughTheReader() throws InputException {
    Random rnd = new Random(7);
    for (int i = 0; i < 1000; i++) {
      Claim consistent = BatchGenerator.consistentClaim(rnd, "C" + i, "P" + i);
      assertEquals(consistent, ClaimsFile.parseLine(ClaimJson.line(consistent), FILE, 0));
    }
  }

  @Test
  void moneyWrittenAsJsonNumberWithExponentIsRejected() {
    String line = "{\"id\":\"C1\",\"insured_id\":\"P1\",\"visit_type\":\"OUTPATIENT\",\"hospital_level\":1,"
        + "\"admission_date\":\"2026-01-01\",\"discharge_date\":\"2026-01-01\",\"diagnosis\":\"A\","
        + "\"patient\":{\"age\":1,\"sex\":\"M\"},\"total\":1e2,\"full_self_pay\":\"100.00\",\"over_limit\":\"0\","
        + "\"pre_self_pay\":\"0\",\"in_scope\":\"0\",\"fund_paid\":\"0\",\"critical_paid\":\"0\","
        + "\"assistance_paid\":\"0\",\"account_paid\":\"0\",\"cash_paid\":\"100\"}";
    InputException e = assertThrows(InputException.class, () -> ClaimsFile.parseLine(line, FILE, LINE));
    assertEquals("total", e.errors().get(0).field());
  }

  private static void check(String text, String context) {
    Claim claim;
    try {
      claim = ClaimsFile.parseLine(text, FILE, LINE);
    } catch (InputException e) {
      if (e.errors().isEmpty()) {
        PolicyFuzzTest.failWith(context, "InputException without errors", text, e);
      }
      for (InputError err : e.errors()) {
        if (!err.file().equals(FILE) || err.line() != LINE || !err.toString().startsWith(FILE + ":" + LINE + ": ")) {
          PolicyFuzzTest.failWith(context, "error does not name the file and line: " + err, text, e);
        }
      }
      return;
    } catch (Throwable t) {
      PolicyFuzzTest.failWith(context, "parseLine threw " + t, text, t);
      return;
    }
    String broken = brokenInvariant(claim);
    if (broken != null) {
      PolicyFuzzTest.failWith(context, "accepted a claim that breaks " + broken + ": " + claim, text, null);
    }
  }

  /** The first bound (§3) or settlement invariant (§8) the claim breaks, or null. */
  static String brokenInvariant(Claim c) {
    long claimMoney = BatchGenerator.CLAIM_MONEY;
    long[] amounts = {c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(), c.inScope(), c.fundPaid(),
        c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid(), c.otherInsurerPaid()};
    for (long a : amounts) {
      if (Math.abs(a) > claimMoney) {
        return "the claim money bound";
      }
    }
    if (c.id() == null || c.insuredId() == null || c.diagnosis() == null || c.visitType() == null || c.sex() == null
        || c.route() == null) {
      return "required fields";
    }
    if (c.hospitalLevel() < 1 || c.hospitalLevel() > 3 || Math.abs(c.age()) > 1_000_000) {
      return "the int bounds";
    }
    if (c.admissionDate() < -25_567 || c.dischargeDate() > 84_005 || c.dischargeDate() < c.admissionDate()) {
      return "the date bounds or discharge >= admission";
    }
    if (c.total() != c.fullSelfPay() + c.overLimit() + c.inScope()
        || c.fundPaid() + c.criticalPaid() + c.assistancePaid() + c.accountPaid() + c.cashPaid() != c.total()) {
      return "the claim's sums";
    }
    if (c.items().isEmpty()) {
      return null;
    }
    long[] sums = new long[5];
    for (LineItem it : c.items()) {
      long[] parts = {it.amount(), it.fullSelfPay(), it.overLimit(), it.preSelfPay(), it.inScope()};
      for (int k = 0; k < 5; k++) {
        if (Math.abs(parts[k]) > BatchGenerator.ITEM_MONEY) {
          return "the item money bound";
        }
        sums[k] += parts[k];
      }
      if (it.amount() != it.fullSelfPay() + it.overLimit() + it.inScope() || it.category() == null || it.code() == null) {
        return "an item's sum or fields";
      }
    }
    boolean matches = sums[0] == c.total() && sums[1] == c.fullSelfPay() && sums[2] == c.overLimit()
        && sums[3] == c.preSelfPay() && sums[4] == c.inScope();
    return matches ? null : "the sums over items";
  }

  /**
   * Replaces, removes or adds one field somewhere in the claim's JSON tree. A new value is
   * spliced in as raw text, so numbers such as {@code 1e400} or {@code 1.50e1} stay as written.
   */
  private static String mutateJson(String line, Random rnd) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (IOException e) {
      return line;
    }
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(root, objects);
    if (objects.isEmpty()) {
      return line;
    }
    ObjectNode target = objects.get(rnd.nextInt(objects.size()));
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    String name = names.isEmpty() ? "x" : names.get(rnd.nextInt(names.size()));
    switch (rnd.nextInt(4)) {
      case 0:
        target.remove(name);
        return root.toString();
      case 1:
        target.set(rnd.nextBoolean() ? name + "_" : "medfee_sumamt", target.get(name));
        return root.toString();
      default:
        target.put(name, PLACEHOLDER);
        return root.toString().replace("\"" + PLACEHOLDER + "\"", DICTIONARY.get(rnd.nextInt(DICTIONARY.size())));
    }
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> out) {
    if (node instanceof ObjectNode o) {
      out.add(o);
    }
    Iterator<JsonNode> children = node.elements();
    while (children.hasNext()) {
      collectObjects(children.next(), out);
    }
  }

  /** The conformance claims and generated consistent ones. */
  private static List<String> corpus() throws IOException {
    Random rnd = new Random(1);
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("..", "testdata"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        Files.readAllLines(p).stream().filter(l -> !l.isBlank()).limit(20).forEach(out::add);
      }
    }
    for (int i = 0; i < 40; i++) {
      out.add(ClaimJson.line(BatchGenerator.consistentClaim(rnd, "G" + i, "P" + i)));
    }
    if (out.isEmpty()) {
      fail("no seed lines");
    }
    return out;
  }
}
