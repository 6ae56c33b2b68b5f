package org.cosettle.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.Explanation;
import org.cosettle.policy.Type;

/**
 * One claim of a batch as a test case for {@code cosettle test} ({@code explain --as-case}):
 * its line of the claims file as it stands, the insured record (its declared fields as the
 * insured file gives them) with the states it saw before
 * it, and what the policy gave as the expected outputs and states after it. An actuary keeps it
 * as a regression case, or corrects the expectation to what the product should pay.
 */
final class ExplainedCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExplainedCase() {}

  /** The case as one JSON line (without the line break). */
  static String of(Path claims, String claimsLabel, Explanation e, InsuredRecord insured, List<InsuredColumn> fields)
      throws IOException {
    ObjectNode kase = JSON.createObjectNode();
    kase.put("name", "claim " + e.claimId() + " (" + claimsLabel + ":" + e.claimLine() + ")");
    kase.set("claim", JSON.readTree(line(claims, e.claimLine())));
    ObjectNode record = kase.putObject("insured");
    record.put("policy_start", LocalDate.ofEpochDay(insured.policyStart()).toString());
    record.put("preexisting", insured.preexisting());
    for (int f = 0; f < fields.size(); f++) {
      InsuredColumn field = fields.get(f);
      switch (field.kind()) {
        case CODES -> insured.codes(f).forEach(record.putArray(field.name())::add);
        case ID -> record.put(field.name(), insured.codes(f).get(0));
        default -> record.put(field.name(), field.format(insured.field(f)));
      }
    }
    for (Explanation.Entry s : e.statesBefore()) {
      record.put(s.name(), s.formatted());
    }
    e.valuesByCodeBefore().forEach(record::put);
    ObjectNode expect = kase.putObject("expect");
    ObjectNode states = kase.putObject("expect_states");
    for (Explanation.Entry s : e.statesBefore()) {
      states.put(s.name(), s.formatted());
    }
    for (Explanation.Entry entry : e.entries()) {
      if (entry.kind().equals("output")) {
        expect.set(entry.name(), value(entry));
      } else if (entry.kind().equals("update")) {
        states.put(entry.name(), entry.formatted());
      }
    }
    if (states.isEmpty()) {
      kase.remove("expect_states");
    }
    if (expect.isEmpty()) {
      kase.remove("expect");
    }
    return kase.toString();
  }

  /** An output as a case expects it: money and ratio as text, int a number, bool true or false. */
  private static JsonNode value(Explanation.Entry entry) {
    if (entry.type() == Type.INT) {
      return JSON.getNodeFactory().numberNode(entry.value());
    }
    if (entry.type() == Type.BOOL) {
      return JSON.getNodeFactory().booleanNode(entry.value() != 0);
    }
    return JSON.getNodeFactory().textNode(entry.formatted());
  }

  /** Line {@code number} (1-based) of the file, as the claims reader counts lines. */
  private static String line(Path file, int number) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text = null;
      for (int k = 0; k < number; k++) {
        text = in.readLine();
      }
      if (text == null) {
        throw new IOException(file + " has no line " + number);
      }
      return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
  }
}
