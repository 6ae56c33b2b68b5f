package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The streaming parser never accepts a line the tree parser rejects, and builds the same claim
 * whenever it accepts one: checked on many mutations of a good line.
 */
class ClaimStreamParserTest {
  private static final Pattern VALUE = Pattern.compile("\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\]}\\[{]+|\\{\\}|\\[\\])");
  private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\":");
  private static final String[] VALUES = {
    "\"12.30\"", "12.30", "12", "-0", "1e2", "\"1e2\"", "null", "true", "false", "\"\"", "\"abc\"", "[]",
    "{}", "99999999999999999999", "\"99999999999999999999\"", "\"0.001\"", "\"-0.00\"", "\"00012.30\"",
    "\"12.\"", "\".5\"", "\"+1.00\"", "\" 1.00\"", "\"2026-02-29\"", "\"2024-02-29\"", "\"1899-12-31\"",
    "\"1900-01-01\"", "\"2199-12-31\"", "\"2200-01-01\"", "\"2026-3-01\"", "3", "0", "4", "-1", "3.0",
    "\"3\"", "\"M\"", "\"F\"", "\"MALE\"", "\"male\"", "\"09\"", "\"9\"", "\"WESTERN_DRUG\"", "\"OTHER\"",
    "\"\\u0041\"", "\"C\\u0031\"", "\"\\ud800\"", "1000000", "1000001", "-1000000", "-1000001",
    "\"1000000000.00\"", "\"1000000000.01\"", "\"-1000000000.00\"", "1000000000", "1000000001",
    "10000000", "10000001", "\"10000000.00\"", "\"10000000.01\"", "\"INPATIENT\"", "\"CHRONIC_SPECIAL\"",
    "\"inpatient\"", "9223372036854775807", "-9223372036854775808", "\"92233720368547758.07\"",
    "1.5e300", "0.1", "73432.1", "\"2026-03-01\"", "\"2026-03-10\"", "\"2026-03-11\"", "\"2026-02-28\"",
  };
  private static final String[] NAMES = {
    "id", "insured_id", "hospital_id", "medfee_sumamt", "psn_cash_pay", "total", "cash_paid", "items",
    "patient", "age", "sex", "code", "category", "amount", "special_drug", "extra", "in_scope",
  };

  static String mutate(String line, Random random) {
    String out = line;
    int steps = random.nextInt(3) == 0 ? 2 : 1;
    for (int s = 0; s < steps; s++) {
      switch (random.nextInt(6)) {
        case 0, 1 -> out = replaceOne(out, VALUE, random, m -> "\":" + VALUES[random.nextInt(VALUES.length)]);
        case 2 -> out = replaceOne(out, FIELD, random, m -> "\"" + NAMES[random.nextInt(NAMES.length)] + "\":");
        case 3 -> out = replaceOne(out, VALUE, random, m -> "\":" + m.group(1) + ",\"" + NAMES[random.nextInt(NAMES.length)] + "\":" + VALUES[random.nextInt(VALUES.length)]);
        case 4 -> {
          int at = random.nextInt(out.length() + 1);
          String[] inserts = {" ", "\t", "}", "]", ",", "\u00a0", "\u0000", "{", "x", "\"", "\u00e9"};
          out = out.substring(0, at) + inserts[random.nextInt(inserts.length)] + out.substring(at);
        }
        default -> out = out.substring(0, random.nextInt(out.length() + 1)) + (random.nextBoolean() ? "" : out.substring(Math.max(0, out.length() - random.nextInt(3))));
      }
    }
    return out;
  }

  private interface Replacement {
    String of(Matcher m);
  }

  private static String replaceOne(String text, Pattern pattern, Random random, Replacement replacement) {
    Matcher m = pattern.matcher(text);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    m.find(span[0]);
    return text.substring(0, span[0]) + replacement.of(m) + text.substring(span[1]);
  }

  @Test
  void acceptsOnlyWhatTheTreeAcceptsAndBuildsTheSameClaim() {
    Random random = new Random(20261202);
    ClaimStreamParser fast = new ClaimStreamParser();
    ClaimBufferReader lines = new ClaimBufferReader();
    LineItems store = new LineItems(4);
    List<Claim[]> pairs = new ArrayList<>();
    int acceptedByBoth = 0;
    int rejectedByTree = 0;
    for (int n = 0; n < 8_000; n++) {
      String line = mutate(n % 2 == 0 ? ClaimsFileTest.GOOD : ClaimsFileReaderTest.claim(n), random);
      ClaimTreeParser tree = new ClaimTreeParser("f", 3);
      Claim expected = tree.parse(line);
      byte[] bytes = ("  " + line).getBytes(StandardCharsets.UTF_8);
      int storedBefore = store.size();
      Claim fromBytes = lines.read(bytes, bytes.length, 0, 2, bytes.length, 3, store);
      Claim fromText = fast.parse(line, 3);
      if (fromBytes != null) {
        assertEquals(expected, fromBytes, line);
        pairs.add(new Claim[] {expected, fromBytes});
        acceptedByBoth++;
      } else {
        assertEquals(storedBefore, store.size(), "items of a line left to the tree stay out of the store");
      }
      if (expected == null) {
        rejectedByTree++;
      }
      if (fromText != null) {
        assertEquals(expected, fromText, line);
      }
    }
    for (Claim[] pair : pairs) {
      assertEquals(pair[0], pair[1], "items stay as read while the store grows");
    }
    assertTrue(acceptedByBoth > 300, "accepted " + acceptedByBoth);
    assertTrue(rejectedByTree > 3000, "rejected " + rejectedByTree);
  }

  @Test
  void readsTheSpecExampleAndSharesShortTexts() {
    ClaimStreamParser fast = new ClaimStreamParser();
    Claim a = fast.parse(ClaimsFileTest.GOOD, 1);
    Claim b = fast.parse(ClaimsFileTest.GOOD.replace("\"C1\"", "\"C2\""), 2);
    assertNotNull(a);
    assertEquals(new ClaimTreeParser("f", 1).parse(ClaimsFileTest.GOOD), a);
    assertTrue(a.diagnosis() == b.diagnosis());
    assertTrue(a.items().get(0).code() == b.items().get(0).code());
  }

  @Test
  void leavesRareButLegalFormsToTheTree() {
    String fraction = ClaimsFileTest.GOOD.replace("\"account_paid\":\"0.00\"", "\"account_paid\":0.0");
    assertNull(new ClaimStreamParser().parse(fraction, 1));
    assertEquals(0, new ClaimTreeParser("f", 1).parse(fraction).accountPaid());
    String spaced = " " + ClaimsFileTest.GOOD;
    byte[] bytes = spaced.getBytes(StandardCharsets.UTF_8);
    assertNull(new ClaimBufferReader().read(bytes, bytes.length, 0, 0, bytes.length, 1, new LineItems(4)));
  }
}
