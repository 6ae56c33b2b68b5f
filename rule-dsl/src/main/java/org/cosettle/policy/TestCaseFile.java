package org.cosettle.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.core.Bounds;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.Decimals;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.InsuredRecord;

/**
 * Reads an actuary's test cases (docs/language.md, "Testing a policy"; docs/files.md): JSON
 * Lines, one case per line, checked against the policy (every output and state named must
 * exist). Every bad line is reported, located as {@code FILE:LINE: field: message}.
 *
 * <pre>{@code
 * for (TestCase c : TestCaseFile.read(path, path.toString(), policy)) {
 *   List<String> wrong = c.differences(policy, privateParams);
 * }
 * }</pre>
 */
public final class TestCaseFile {
  private static final Set<String> CASE_FIELDS = Set.of("name", "claim", "insured", "expect", "expect_states");
  private static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String label;
  private final CompiledPolicy policy;
  private final List<InputError> errors = new ArrayList<>();

  private TestCaseFile(String label, CompiledPolicy policy) {
    this.label = label;
    this.policy = policy;
  }

  /** The cases in file order; blank lines are skipped. */
  /**
   * The cases of the file at {@code path} ({@code label} names it in errors), in file order.
   *
   * @throws InputException with every bad line, located
   */
  public static List<TestCase> read(Path path, String label, CompiledPolicy policy) throws IOException, InputException {
    TestCaseFile file = new TestCaseFile(label, policy);
    List<TestCase> cases = new ArrayList<>();
    String text;
    try {
      text = java.nio.file.Files.readString(path, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw org.cosettle.core.ReadFailures.named(path, e);
    }
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        TestCase c = file.parse(lines.get(i), cases.size() + 1, i + 1);
        if (c != null) {
          cases.add(c);
        }
      }
    }
    if (file.errors.isEmpty() && cases.isEmpty()) {
      file.errors.add(new InputError(label, 0, "", "no test cases in the file"));
    }
    if (!file.errors.isEmpty()) {
      throw new InputException(file.errors);
    }
    return cases;
  }

  private TestCase parse(String text, int number, int line) {
    int before = errors.size();
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      errors.add(new InputError(label, line, "", "malformed JSON: " + e.getOriginalMessage()));
      return null;
    }
    if (root == null || !root.isObject()) {
      errors.add(new InputError(label, line, "", "expected a JSON object (one test case per line)"));
      return null;
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!CASE_FIELDS.contains(field)) {
        error(line, field, "unknown field (a case has name, claim, insured, expect, expect_states)");
      }
    }
    String name = null;
    JsonNode nameNode = root.get("name");
    if (nameNode != null && !nameNode.isTextual()) {
      error(line, "name", "expected a string");
    } else if (nameNode != null) {
      name = nameNode.asText();
    }
    Claim claim = claim(root.get("claim"), number, line);
    InsuredRecord insured = insured(root.get("insured"), claim == null ? "" : claim.insuredId(), line);
    List<TestCase.Expected> outputs = expectedOutputs(root.get("expect"), line);
    List<TestCase.Expected> states = expectedStates(root.get("expect_states"), line);
    if (nothingIn(root.get("expect")) && nothingIn(root.get("expect_states"))) {
      error(line, "expect", "nothing to check: give expected outputs in expect and/or states in expect_states");
    }
    return errors.size() == before ? new TestCase(number, line, name, claim, insured, outputs, states) : null;
  }

  /**
   * The claim, as on a claims-file line; {@code id}, {@code insured_id} and every field the
   * policy does not read may be left out ({@link CaseClaim}).
   */
  private Claim claim(JsonNode node, int number, int line) {
    if (!(node instanceof ObjectNode given)) {
      error(line, "claim", node == null ? "missing (the claim, with the fields of a claims-file line)" : "expected an object");
      return null;
    }
    ObjectNode object = given.deepCopy();
    if (!object.has("id")) {
      object.put("id", "case-" + number);
    }
    if (!object.has("insured_id")) {
      object.put("insured_id", "insured");
    }
    CaseClaim.complete(object, policy);
    try {
      return ClaimsFile.parseLine(object.toString(), label, line);
    } catch (InputException e) {
      for (InputError ie : e.errors()) {
        errors.add(new InputError(label, line, ie.field().isEmpty() ? "claim" : "claim." + ie.field(), ie.message()));
      }
      return null;
    }
  }

  private InsuredRecord insured(JsonNode node, String insuredId, int line) {
    if (node == null || !node.isObject()) {
      error(line, "insured", node == null ? "missing (policy_start, preexisting and the states before the claim)"
          : "expected an object");
      return null;
    }
    List<String> states = policy.stateNames();
    List<InsuredColumn> fields = policy.insuredFields();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("preexisting") && !field.equals("policy_start") && !states.contains(field)
          && fields.stream().noneMatch(f -> f.name().equals(field))) {
        List<String> known = new ArrayList<>(fields.stream().map(InsuredColumn::name).toList());
        known.addAll(states);
        error(line, "insured." + field, "unknown field (expected preexisting, policy_start"
            + (known.isEmpty() ? "" : fields.isEmpty() ? " or a state: " : " or a declared field or state: ")
            + String.join(", ", known) + ")");
      }
    }
    JsonNode pre = node.get("preexisting");
    if (pre != null && !pre.isBoolean()) {
      error(line, "insured.preexisting", "expected true or false");
    }
    Integer start = null;
    JsonNode startNode = node.get("policy_start");
    if (startNode == null) {
      error(line, "insured.policy_start", "missing (the coverage start, YYYY-MM-DD)");
    } else {
      start = startNode.isTextual() ? ClaimsFile.parseDate(startNode.asText()) : null;
      if (start == null || start < Bounds.DATE_MIN || start > Bounds.DATE_MAX) {
        error(line, "insured.policy_start", startNode + " is not a date YYYY-MM-DD within 1900-01-01..2199-12-31");
        start = null;
      }
    }
    long[] values = new long[states.size()];
    List<Map<String, Long>> byCode = new ArrayList<>();
    boolean ok = true;
    for (int st = 0; st < states.size(); st++) {
      JsonNode v = node.get(states.get(st));
      InsuredColumn column = policy.stateColumns().get(st);
      byCode.add(Map.of());
      if (column.isByCode()) {
        Map<String, Long> perCode = v == null ? Map.of() : valuesByCode(v, column, line);
        ok &= perCode != null;
        byCode.set(st, perCode == null ? Map.of() : perCode);
        continue;
      }
      Long parsed = v == null ? Long.valueOf(0) : cell(v, column, line);
      ok &= parsed != null;
      values[st] = parsed == null ? 0 : parsed;
    }
    long[] fieldValues = new long[fields.size()];
    List<List<String>> codes = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      InsuredColumn c = fields.get(f);
      JsonNode v = node.get(c.name());
      List<String> set = List.of();
      if (c.kind() == InsuredColumn.Kind.CODES) {
        set = v == null ? List.of() : codes(v, c, line);
        ok &= set != null;
      } else if (c.kind() == InsuredColumn.Kind.ID && v != null) {
        // a case holds one insured record: it is the first (and only) one of its family
        set = id(v, c, line);
        ok &= set != null;
      } else if (v == null) {
        error(line, "insured." + c.name(), "missing (the policy declares insured field " + c.name() + ")");
        ok = false;
      } else {
        Long parsed = cell(v, c, line);
        ok &= parsed != null;
        fieldValues[f] = parsed == null ? 0 : parsed;
      }
      codes.add(set == null ? List.of() : set);
    }
    return start == null || !ok ? null
        : new InsuredRecord(insuredId, pre != null && pre.asBoolean(), start, values, fieldValues, codes,
            policy.stateColumns().stream().anyMatch(InsuredColumn::isByCode) ? byCode : List.of());
  }

  /** A declared field's or state's value, written as in the insured file (a JSON number or boolean too); null if bad. */
  private Long cell(JsonNode v, InsuredColumn c, int line) {
    String text = v.isNumber() ? v.decimalValue().toPlainString() : v.isBoolean() || v.isTextual() ? v.asText() : null;
    try {
      if (text == null) {
        throw new IllegalArgumentException("expected a value as the insured file writes it, found " + v);
      }
      return c.parse(text);
    } catch (IllegalArgumentException e) {
      error(line, "insured." + c.name(), e.getMessage());
      return null;
    }
  }

  /** A state's values per item code, a JSON string as the insured file writes it ("XL01XC=1200.00|..."); null if bad. */
  private Map<String, Long> valuesByCode(JsonNode v, InsuredColumn c, int line) {
    try {
      if (!v.isTextual()) {
        throw new IllegalArgumentException("expected CODE=VALUE pairs in a JSON string, as \"XL01XC=1200.00\", found " + v);
      }
      return c.valuesByCode(v.asText());
    } catch (IllegalArgumentException e) {
      error(line, "insured." + c.name(), e.getMessage());
      return null;
    }
  }

  /** An id field's id, a JSON string, as its only code; null if bad. */
  private List<String> id(JsonNode v, InsuredColumn c, int line) {
    try {
      if (!v.isTextual()) {
        throw new IllegalArgumentException("expected an id as a JSON string, found " + v);
      }
      return List.of(c.id(v.asText()));
    } catch (IllegalArgumentException e) {
      error(line, "insured." + c.name(), e.getMessage());
      return null;
    }
  }

  /** A code set field's codes: a JSON array of strings, or a string as the insured file writes it; null if bad. */
  private List<String> codes(JsonNode v, InsuredColumn c, int line) {
    String text;
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode e : v) {
        parts.add(e.isTextual() ? e.asText() : "");
      }
      text = InsuredColumn.formatCodes(parts);
    } else {
      text = v.isTextual() ? v.asText() : null;
    }
    try {
      if (text == null) {
        throw new IllegalArgumentException("expected codes as [\"F*\", \"C34.9\"] or \"F*|C34.9\", found " + v);
      }
      return c.codes(text);
    } catch (IllegalArgumentException e) {
      error(line, "insured." + c.name(), e.getMessage());
      return null;
    }
  }

  private List<TestCase.Expected> expectedOutputs(JsonNode node, int line) {
    List<TestCase.Expected> expected = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : fields(node, "expect", line)) {
      CompiledPolicy.Output output = policy.outputs().stream()
          .filter(o -> o.name().equals(e.getKey())).findFirst().orElse(null);
      if (output == null) {
        error(line, "expect." + e.getKey(), "the policy has no output of this name (outputs: "
            + String.join(", ", policy.outputs().stream().map(CompiledPolicy.Output::name).toList()) + ")");
      } else {
        expect(expected, e, output.type(), "expect", line);
      }
    }
    return expected;
  }

  private List<TestCase.Expected> expectedStates(JsonNode node, int line) {
    List<TestCase.Expected> expected = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : fields(node, "expect_states", line)) {
      if (!policy.stateNames().contains(e.getKey())) {
        error(line, "expect_states." + e.getKey(), "the policy has no state of this name"
            + (policy.stateNames().isEmpty() ? "" : " (states: " + String.join(", ", policy.stateNames()) + ")"));
      } else if (policy.stateColumns().get(policy.stateNames().indexOf(e.getKey())).isByCode()) {
        error(line, "expect_states." + e.getKey(), "a state kept per item code is not compared by a case; expect the"
            + " outputs its values give");
      } else {
        expect(expected, e, policy.stateTypes().get(policy.stateNames().indexOf(e.getKey())), "expect_states", line);
      }
    }
    return expected;
  }

  private void expect(List<TestCase.Expected> into, Map.Entry<String, JsonNode> e, Type type, String object, int line) {
    Long v = value(e.getValue(), type);
    if (v == null) {
      error(line, object + "." + e.getKey(), e.getValue() + " is not a " + type + " value ("
          + switch (type) {
            case MONEY -> "\"1234.56\"";
            case RATIO -> "\"0.8\" or \"80%\"";
            case INT -> "a whole number";
            default -> "true or false";
          } + ")");
    } else {
      into.add(new TestCase.Expected(e.getKey(), type, v));
    }
  }

  private static boolean nothingIn(JsonNode expectations) {
    return expectations == null || expectations.isObject() && expectations.isEmpty();
  }

  private List<Map.Entry<String, JsonNode>> fields(JsonNode node, String object, int line) {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    if (node != null && !node.isObject()) {
      error(line, object, "expected an object from name to value");
    } else if (node != null) {
      list.addAll(node.properties());
    }
    return list;
  }

  /** A value in result-file syntax (or a JSON number or boolean), in the units of {@code type}; null if invalid. */
  static Long value(JsonNode n, Type type) {
    if (type == Type.BOOL) {
      String text = n.isBoolean() || n.isTextual() ? n.asText() : "";
      return text.equals("true") ? Long.valueOf(1) : text.equals("false") ? Long.valueOf(0) : null;
    }
    if (!n.isTextual() && !n.isNumber()) {
      return null;
    }
    String text = n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
    try {
      if (type == Type.RATIO && text.endsWith("%")) {
        return Decimals.parseFixed(text.substring(0, text.length() - 1), 2, 2);
      }
      return Decimals.parseFixed(text, type.scale(), type.scale());
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private void error(int line, String field, String message) {
    errors.add(new InputError(label, line, field, message));
  }
}
