package org.cosettle.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference reading of one claims-file line: builds a JSON tree, checks every field and
 * collects every error with its exact message. {@link ClaimsFile} reads good lines with the
 * faster {@link ClaimStreamParser} and comes here for any line that parser does not accept,
 * so these messages are the only ones a user sees.
 *
 * <p>One class above the usual 400 lines: every field's check and its exact message sit beside
 * each other in the order of the file format, the optional settlement fields and the national
 * names too, which is what a reader checking an error message needs. The national in-scope
 * forms are read by {@link NationalInScope}.
 */
final class ClaimTreeParser {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private static final Set<String> CLAIM_FIELDS;
  private static final Set<String> ITEM_FIELDS;
  private static final Set<String> PATIENT_FIELDS = Set.of("age", "sex");

  static {
    List<String> names = new ArrayList<>(ClaimsFile.OTHER_FIELDS);
    names.addAll(ClaimsFile.OPTIONAL_FIELDS);
    for (String[] a : ClaimsFile.AMOUNTS) {
      names.add(a[0]);
      names.add(a[1]);
    }
    CLAIM_FIELDS = Set.copyOf(names);
    List<String> itemNames = new ArrayList<>(List.of("code", "category", "special_drug"));
    for (String[] a : ClaimsFile.ITEM_AMOUNTS) {
      itemNames.add(a[0]);
      itemNames.add(a[1]);
    }
    ITEM_FIELDS = Set.copyOf(itemNames);
  }

  private final String file;
  private final int line;
  private final List<InputError> errors = new ArrayList<>();
  private String claimId;
  /** Whether the last {@link #amount} read its field under the national name. */
  private boolean national;
  /** Reads the national in-scope amounts of this line and keeps their form. */
  private final NationalInScope nationalInScope = new NationalInScope(this::error);

  ClaimTreeParser(String file, int line) {
    this.file = file;
    this.line = line;
  }

  /** The errors found by {@link #parse}, in the order they are reported. */
  List<InputError> errors() {
    return errors;
  }

  /**
   * How the line's national in-scope amounts ({@code inscp_scp_amt}) relate to the pre-self-pay
   * amount, or {@link InScopeForm#NONE} when no amount tells; a file must not mix the forms.
   */
  InScopeForm form() {
    return nationalInScope.form();
  }

  /** The claim id when the line has one as a string (even if the line has other errors). */
  String claimId() {
    return claimId;
  }

  private void error(String field, String message) {
    errors.add(new InputError(file, line, field, message));
  }

  /** The claim, or null after collecting every error on the line. */

  /** JSON numbers written with an exponent, by label ({@code total}, {@code items[0].amount}). */
  private Map<String, String> exponentNumbers = Map.of();

  Claim parse(String text) {
    JsonNode root;
    try (JsonParser jp = MAPPER.createParser(text)) {
      root = MAPPER.readTree(jp);
      if (jp.nextToken() != null) {
        error("", "malformed JSON: more than one value on the line");
        return null;
      }
    } catch (JsonProcessingException e) {
      error("", "malformed JSON: " + e.getOriginalMessage());
      return null;
    } catch (IOException e) {
      error("", "malformed JSON: " + e.getMessage());
      return null;
    }
    if (root == null || !root.isObject()) {
      error("", "a claim must be a JSON object");
      return null;
    }
    if (mayHaveExponent(text)) {
      exponentNumbers = numbersWithExponent(text);
    }
    checkUnknown(root, CLAIM_FIELDS, "");
    String id = text(root, "id", "id");
    claimId = id;
    String insuredId = text(root, "insured_id", "insured_id");
    String hospitalId = "";
    JsonNode h = root.get("hospital_id");
    if (h != null && !h.isNull()) {
      hospitalId = h.isTextual() ? h.asText() : typeError("hospital_id", "a string", h);
    }
    VisitType visit = null;
    String v = text(root, "visit_type", "visit_type");
    if (v != null) {
      visit = VisitType.parse(v);
      if (visit == null) {
        error("visit_type", "unknown visit type \"" + v + "\" (expected OUTPATIENT, INPATIENT or CHRONIC_SPECIAL)");
      }
    }
    long level = integer(root, "hospital_level", Bounds.HOSPITAL_LEVEL_MIN, Bounds.HOSPITAL_LEVEL_MAX);
    long admission = date(root, "admission_date", "admission_date");
    long discharge = date(root, "discharge_date", "discharge_date");
    String diagnosis = text(root, "diagnosis", "diagnosis");
    long age = Long.MIN_VALUE;
    Sex sex = null;
    JsonNode patient = required(root, "patient", "patient");
    if (patient != null) {
      if (!patient.isObject()) {
        typeError("patient", "an object", patient);
      } else {
        checkUnknown(patient, PATIENT_FIELDS, "patient.");
        age = integer(patient, "age", "patient.age", -Bounds.INT, Bounds.INT);
        String s = text(patient, "sex", "patient.sex");
        if (s != null) {
          sex = Sex.parse(s);
          if (sex == null) {
            error("patient.sex", "unknown sex \"" + s + "\" (expected M, F, MALE or FEMALE)");
          }
        }
      }
    }
    long[] amounts = new long[ClaimsFile.AMOUNTS.length];
    boolean nationalInScope = false;
    for (int k = 0; k < ClaimsFile.AMOUNTS.length; k++) {
      amounts[k] = amount(root, ClaimsFile.AMOUNTS[k][0], ClaimsFile.AMOUNTS[k][1], Bounds.CLAIM_MONEY);
      nationalInScope |= k == ClaimsFile.IN_SCOPE && national;
    }
    SettlementRoute route = SettlementRoute.LOCAL;
    String r = optionalText(root, "settlement_route", "LOCAL");
    if (r != null) {
      route = SettlementRoute.parse(r);
      if (route == null) {
        error("settlement_route", "unknown settlement route \"" + r + "\" (expected LOCAL, OUT_OF_AREA or NOT_SETTLED)");
      }
    }
    boolean thresholdApplied = false;
    JsonNode t = optional(root, "threshold_applied", "false");
    if (t != null) {
      if (t.isBoolean()) {
        thresholdApplied = t.booleanValue();
      } else {
        typeError("threshold_applied", "true or false", t);
      }
    }
    long otherInsurerPaid = 0;
    if (optional(root, "other_insurer_paid", "0.00") != null) {
      otherInsurerPaid = amount(root, "other_insurer_paid", null, Bounds.CLAIM_MONEY);
    }
    long diagnosisDate = admission;
    if (optional(root, "diagnosis_date", "the admission date") != null) {
      diagnosisDate = date(root, "diagnosis_date", "diagnosis_date");
    }
    String reverses = optionalText(root, "reverses", "an ordinary claim");
    if (reverses != null && reverses.isEmpty()) {
      error("reverses", "the id of the claim to take back is empty (leave the field out for an ordinary claim)");
    } else if (reverses != null && reverses.equals(id)) {
      error("reverses", "a claim cannot reverse itself");
    }
    if (nationalInScope && errors.isEmpty()) {
      amounts[ClaimsFile.IN_SCOPE] = this.nationalInScope.read(amounts[0], amounts[1], amounts[2],
          amounts[ClaimsFile.PRE_SELF_PAY], amounts[ClaimsFile.IN_SCOPE], "", Bounds.CLAIM_MONEY);
    }
    List<LineItem> items = new ArrayList<>();
    JsonNode itemsNode = root.get("items");
    if (itemsNode != null && !itemsNode.isNull()) {
      if (!itemsNode.isArray()) {
        typeError("items", "an array", itemsNode);
      } else if (itemsNode.size() > Bounds.MAX_ITEMS) {
        error("items", itemsNode.size() + " items, more than the " + Bounds.MAX_ITEMS + " allowed");
      } else {
        int k = 0;
        for (JsonNode item : itemsNode) {
          LineItem li = item(item, "items[" + k + "].");
          if (li != null) {
            items.add(li);
          }
          k++;
        }
      }
    } else if (itemsNode != null) {
      error("items", "null is not allowed (leave the field out for no items)");
    }
    if (!errors.isEmpty()) {
      return null;
    }
    ClaimInvariants.check(amounts, items, admission, discharge, this::error);
    if (!errors.isEmpty()) {
      return null;
    }
    return new Claim(
        id, insuredId, hospitalId, visit, (int) level, (int) admission, (int) discharge,
        diagnosis, (int) age, sex, amounts[0], amounts[1], amounts[2], amounts[3], amounts[4],
        amounts[5], amounts[6], amounts[7], amounts[8], amounts[9], items, route, thresholdApplied,
        otherInsurerPaid, (int) diagnosisDate, reverses, line);
  }

  private LineItem item(JsonNode item, String prefix) {
    int before = errors.size();
    if (!item.isObject()) {
      typeError(prefix.substring(0, prefix.length() - 1), "an object", item);
      return null;
    }
    checkUnknown(item, ITEM_FIELDS, prefix);
    String code = text(item, "code", prefix + "code");
    FeeCategory cat = null;
    String c = text(item, "category", prefix + "category");
    if (c != null) {
      cat = FeeCategory.parse(c);
      if (cat == null) {
        error(prefix + "category", "unknown category \"" + c + "\" (a CPL name such as WESTERN_DRUG or a code 01..14)");
      }
    }
    String[][] names = ClaimsFile.ITEM_AMOUNTS;
    long amount = amount(item, names[0][0], names[0][1], prefix, Bounds.ITEM_MONEY);
    long fsp = amount(item, names[1][0], names[1][1], prefix, Bounds.ITEM_MONEY);
    long ol = amount(item, names[2][0], names[2][1], prefix, Bounds.ITEM_MONEY);
    long psp = amount(item, names[3][0], names[3][1], prefix, Bounds.ITEM_MONEY);
    long is = amount(item, names[4][0], names[4][1], prefix, Bounds.ITEM_MONEY);
    if (national && errors.size() == before) {
      is = nationalInScope.read(amount, fsp, ol, psp, is, prefix, Bounds.ITEM_MONEY);
    }
    boolean special = false;
    JsonNode sd = required(item, "special_drug", prefix + "special_drug");
    if (sd != null) {
      if (sd.isBoolean()) {
        special = sd.booleanValue();
      } else {
        typeError(prefix + "special_drug", "true or false", sd);
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new LineItem(code, cat, amount, fsp, ol, psp, is, special);
  }

  private void checkUnknown(JsonNode obj, Set<String> known, String prefix) {
    Iterator<String> names = obj.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        error(prefix + n, "unknown field");
      }
    }
  }

  /**
   * An optional field: null when absent, else its node; {@code null} in the file is an error
   * naming the default it would have had when left out.
   */
  private JsonNode optional(JsonNode obj, String name, String fallback) {
    JsonNode n = obj.get(name);
    if (n != null && n.isNull()) {
      error(name, "null is not allowed (leave the field out for " + fallback + ")");
      return null;
    }
    return n;
  }

  private String optionalText(JsonNode obj, String name, String fallback) {
    JsonNode n = optional(obj, name, fallback);
    if (n == null) {
      return null;
    }
    return n.isTextual() ? n.asText() : typeError(name, "a string", n);
  }

  private JsonNode required(JsonNode obj, String name, String label) {
    JsonNode n = obj.get(name);
    if (n == null) {
      error(label, "missing field");
      return null;
    }
    if (n.isNull()) {
      error(label, "null is not allowed");
      return null;
    }
    return n;
  }

  private String text(JsonNode obj, String name, String label) {
    JsonNode n = required(obj, name, label);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      return typeError(label, "a string", n);
    }
    return n.asText();
  }

  private long integer(JsonNode obj, String name, long min, long max) {
    return integer(obj, name, name, min, max);
  }

  private long integer(JsonNode obj, String name, String label, long min, long max) {
    JsonNode n = required(obj, name, label);
    if (n == null) {
      return 0;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      typeError(label, "a whole number", n);
      return 0;
    }
    long v = n.longValue();
    if (v < min || v > max) {
      error(label, "value " + v + " out of bounds " + min + ".." + max);
    }
    return v;
  }

  private long date(JsonNode obj, String name, String label) {
    String s = text(obj, name, label);
    if (s == null) {
      return 0;
    }
    Integer d = ClaimsFile.parseDate(s);
    if (d == null) {
      error(label, "\"" + s + "\" is not a date YYYY-MM-DD");
      return 0;
    }
    if (d < Bounds.DATE_MIN || d > Bounds.DATE_MAX) {
      error(label, "date " + s + " out of bounds 1900-01-01..2199-12-31");
    }
    return d;
  }

  private long amount(JsonNode obj, String name, String alias, long bound) {
    return amount(obj, name, alias, "", bound);
  }

  private long amount(JsonNode obj, String name, String alias, String prefix, long bound) {
    JsonNode n = obj.get(name);
    String label = prefix + name;
    national = false;
    if (alias != null) {
      JsonNode a = obj.get(alias);
      if (n != null && a != null) {
        error(label, "given twice, as " + name + " and as its alias " + alias);
        return 0;
      }
      if (n == null && a != null) {
        n = a;
        label = prefix + alias;
        national = true;
      }
    }
    if (n == null) {
      error(label, "missing field");
      return 0;
    }
    Long v = parseMoneyNode(n, label);
    if (v == null) {
      return 0;
    }
    if (v < -bound || v > bound) {
      error(label, "value " + Decimals.formatMoney(v) + " out of bounds ±" + Decimals.formatMoney(bound));
    }
    return v;
  }

  private Long parseMoneyNode(JsonNode n, String label) {
    String s;
    if (n.isTextual()) {
      s = n.asText();
    } else if (n.isNumber() && n.getNodeType() == JsonNodeType.NUMBER) {
      // spec §8: a JSON number with the digits of -?D+(.D{1,2})?, no exponent; 1e400 is not even finite
      if (exponentNumbers.containsKey(label)) {
        error(label, "a money amount may not be written with an exponent (found " + exponentNumbers.get(label) + ")");
        return null;
      }
      s = n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.decimalValue().toPlainString();
    } else {
      typeError(label, "a money amount (a decimal string such as \"12.30\")", n);
      return null;
    }
    try {
      Long v = Decimals.parseFixed(s, Decimals.MONEY_SCALE, Decimals.MONEY_SCALE);
      if (v == null) {
        error(label, "\"" + s + "\" is not a money amount with at most 2 decimals");
      }
      return v;
    } catch (ArithmeticException e) {
      error(label, "value " + s + " out of bounds");
      return null;
    }
  }

  private String typeError(String label, String expected, JsonNode found) {
    error(label, "expected " + expected + ", found " + describe(found));
    return null;
  }

  static String describe(JsonNode n) {
    switch (n.getNodeType()) {
      case STRING:
        return "the string \"" + n.asText() + "\"";
      case NUMBER:
        return "the number " + n.asText();
      case BOOLEAN:
        return n.asText();
      case NULL:
        return "null";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return n.getNodeType().toString().toLowerCase();
    }
  }

  /** Whether {@code text} has a digit or '.' followed by e or E: a cheap filter before {@link #numbersWithExponent}. */
  private static boolean mayHaveExponent(String text) {
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      char before = text.charAt(i - 1);
      if ((c == 'e' || c == 'E') && (before == '.' || (before >= '0' && before <= '9'))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The labels of the numbers in a well-formed JSON line that are written with an exponent,
   * which the tree model cannot tell apart from plain decimals.
   */
  private static Map<String, String> numbersWithExponent(String text) {
    Map<String, String> labels = new HashMap<>();
    try (JsonParser jp = MAPPER.createParser(text)) {
      for (JsonToken t = jp.nextToken(); t != null; t = jp.nextToken()) {
        String number = t == JsonToken.VALUE_NUMBER_FLOAT ? jp.getText() : "";
        if (number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
          labels.put(label(jp.getParsingContext().pathAsPointer()), number);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the line was parsed once already", e);
    }
    return labels;
  }

  /** {@code /items/0/amount} as the reader's field label {@code items[0].amount}. */
  private static String label(JsonPointer pointer) {
    StringBuilder sb = new StringBuilder();
    for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
      if (p.mayMatchElement()) {
        sb.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(p.getMatchingProperty());
      }
    }
    return sb.toString();
  }
}
