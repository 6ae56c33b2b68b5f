package org.cosettle.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Reads a claims file (JSON Lines, spec §8) line by line and validates every claim: syntax,
 * fields, bounds and the settlement invariants. Blank lines are skipped. Claims that pass are
 * returned in file order; every failing line is returned with its located errors.
 */
public final class ClaimsFile {
  /** A line that failed validation: its number, its text and what is wrong with it. */
  public record Rejected(int line, String text, List<InputError> errors) {}

  /** The outcome of reading a file: good claims in order, and rejected lines in order. */
  public record Result(List<Claim> claims, List<Rejected> rejected) {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  /** Claim amount fields in the order of spec §6, with their national aliases. */
  static final String[][] AMOUNTS = {
    {"total", "medfee_sumamt"},
    {"full_self_pay", "fulamt_ownpay_amt"},
    {"over_limit", "overlmt_selfpay"},
    {"pre_self_pay", "preselfpay_amt"},
    {"in_scope", "inscp_scp_amt"},
    {"fund_paid", "hifp_pay"},
    {"critical_paid", "hifmi_pay"},
    {"assistance_paid", "maf_pay"},
    {"account_paid", "acct_pay"},
    {"cash_paid", "psn_cash_pay"},
  };

  private static final Set<String> CLAIM_FIELDS;
  private static final Set<String> ITEM_FIELDS =
      Set.of(
          "code", "category", "amount", "full_self_pay", "over_limit", "pre_self_pay", "in_scope",
          "special_drug");
  private static final Set<String> PATIENT_FIELDS = Set.of("age", "sex");

  static {
    List<String> names =
        new ArrayList<>(
            List.of(
                "id", "insured_id", "hospital_id", "visit_type", "hospital_level",
                "admission_date", "discharge_date", "diagnosis", "patient", "items"));
    for (String[] a : AMOUNTS) {
      names.add(a[0]);
      names.add(a[1]);
    }
    CLAIM_FIELDS = Set.copyOf(names);
  }

  private ClaimsFile() {}

  /**
   * Reads and validates every line. Duplicate claim ids (against earlier good or bad lines) are
   * reported on the later line. {@code label} is the file name used in messages.
   */
  public static Result read(Path path, String label) throws IOException {
    return read(path, label, n -> {});
  }

  /**
   * As {@link #read(Path, String)}, reporting progress: {@code bytesRead} is called from time to
   * time with the number of bytes of the file consumed so far (for a progress bar).
   */
  public static Result read(Path path, String label, LongConsumer bytesRead) throws IOException {
    List<Claim> claims = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    Map<String, Integer> seenIds = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String text;
      int lineNo = 0;
      long consumed = 0;
      while ((text = in.readLine()) != null) {
        lineNo++;
        consumed += text.length() + 1;
        if ((lineNo & 1023) == 0) {
          bytesRead.accept(consumed);
        }
        if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        LineParser p = new LineParser(label, lineNo);
        Claim c = p.parse(text);
        if (c != null) {
          Integer earlier = seenIds.putIfAbsent(c.id(), lineNo);
          if (earlier != null) {
            p.error("id", "duplicate claim id \"" + c.id() + "\" (first on line " + earlier + ")");
            c = null;
          }
        } else if (p.claimId != null) {
          seenIds.putIfAbsent(p.claimId, lineNo);
        }
        if (c != null) {
          claims.add(c);
        } else {
          rejected.add(new Rejected(lineNo, text, List.copyOf(p.errors)));
        }
      }
    }
    bytesRead.accept(Files.size(path));
    return new Result(claims, rejected);
  }

  /**
   * Parses and validates one claim given as a JSON object on its own (for callers that hold
   * claims one at a time, such as an actuary's test cases). {@code line} is used in messages.
   *
   * @throws InputException with every error found on the line
   */
  public static Claim parseLine(String text, String label, int line) throws InputException {
    LineParser p = new LineParser(label, line);
    Claim c = p.parse(text);
    if (c == null) {
      throw new InputException(p.errors);
    }
    return c;
  }

  /** Parses one line; collects every error on it. */
  private static final class LineParser {
    final String file;
    final int line;
    final List<InputError> errors = new ArrayList<>();
    String claimId;
    /** JSON numbers written with an exponent, by label ({@code total}, {@code items[0].amount}). */
    Map<String, String> exponentNumbers = Map.of();

    LineParser(String file, int line) {
      this.file = file;
      this.line = line;
    }

    void error(String field, String message) {
      errors.add(new InputError(file, line, field, message));
    }

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
      long[] amounts = new long[AMOUNTS.length];
      for (int k = 0; k < AMOUNTS.length; k++) {
        amounts[k] = amount(root, AMOUNTS[k][0], AMOUNTS[k][1], Bounds.CLAIM_MONEY);
      }
      List<LineItem> items = new ArrayList<>();
      boolean itemsOk = true;
      JsonNode itemsNode = root.get("items");
      if (itemsNode != null && !itemsNode.isNull()) {
        if (!itemsNode.isArray()) {
          typeError("items", "an array", itemsNode);
          itemsOk = false;
        } else if (itemsNode.size() > Bounds.MAX_ITEMS) {
          error("items", itemsNode.size() + " items, more than the " + Bounds.MAX_ITEMS + " allowed");
          itemsOk = false;
        } else {
          int k = 0;
          for (JsonNode item : itemsNode) {
            LineItem li = item(item, "items[" + k + "].");
            if (li == null) {
              itemsOk = false;
            } else {
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
      checkInvariants(amounts, items, itemsOk, admission, discharge);
      if (!errors.isEmpty()) {
        return null;
      }
      return new Claim(
          id, insuredId, hospitalId, visit, (int) level, (int) admission, (int) discharge,
          diagnosis, (int) age, sex, amounts[0], amounts[1], amounts[2], amounts[3], amounts[4],
          amounts[5], amounts[6], amounts[7], amounts[8], amounts[9], items, line);
    }

    private void checkInvariants(long[] a, List<LineItem> items, boolean itemsOk, long adm, long dis) {
      if (a[0] != a[1] + a[2] + a[4]) {
        error("total", "total " + money(a[0]) + " != full_self_pay + over_limit + in_scope = "
            + money(a[1] + a[2] + a[4]));
      }
      long paid = a[5] + a[6] + a[7] + a[8] + a[9];
      if (paid != a[0]) {
        error("cash_paid", "fund_paid + critical_paid + assistance_paid + account_paid + cash_paid = "
            + money(paid) + " != total " + money(a[0]));
      }
      if (dis < adm) {
        error("discharge_date", "discharge_date is before admission_date");
      }
      if (!itemsOk || items.isEmpty()) {
        return;
      }
      long[] sums = new long[5];
      for (int k = 0; k < items.size(); k++) {
        LineItem it = items.get(k);
        if (it.amount() != it.fullSelfPay() + it.overLimit() + it.inScope()) {
          error("items[" + k + "].amount", "amount " + money(it.amount())
              + " != full_self_pay + over_limit + in_scope = "
              + money(it.fullSelfPay() + it.overLimit() + it.inScope()));
        }
        sums[0] += it.amount();
        sums[1] += it.fullSelfPay();
        sums[2] += it.overLimit();
        sums[3] += it.preSelfPay();
        sums[4] += it.inScope();
      }
      String[] names = {"total", "full_self_pay", "over_limit", "pre_self_pay", "in_scope"};
      for (int k = 0; k < 5; k++) {
        if (sums[k] != a[k]) {
          error(names[k], names[k] + " " + money(a[k]) + " != sum over items " + money(sums[k]));
        }
      }
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
      long amount = amount(item, "amount", null, prefix, Bounds.ITEM_MONEY);
      long fsp = amount(item, "full_self_pay", null, prefix, Bounds.ITEM_MONEY);
      long ol = amount(item, "over_limit", null, prefix, Bounds.ITEM_MONEY);
      long psp = amount(item, "pre_self_pay", null, prefix, Bounds.ITEM_MONEY);
      long is = amount(item, "in_scope", null, prefix, Bounds.ITEM_MONEY);
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
      Integer d = parseDate(s);
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
      if (alias != null) {
        JsonNode a = obj.get(alias);
        if (n != null && a != null) {
          error(label, "given twice, as " + name + " and as its alias " + alias);
          return 0;
        }
        if (n == null && a != null) {
          n = a;
          label = prefix + alias;
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
        error(label, "value " + money(v) + " out of bounds ±" + money(bound));
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

  /** Parses {@code YYYY-MM-DD} strictly into days since 1970-01-01; null when invalid. */
  public static Integer parseDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    for (int i = 0; i < 10; i++) {
      if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
        return null;
      }
    }
    try {
      return (int)
          LocalDate.of(
                  Integer.parseInt(s.substring(0, 4)),
                  Integer.parseInt(s.substring(5, 7)),
                  Integer.parseInt(s.substring(8, 10)))
              .toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
  }

  static String money(long fen) {
    return Decimals.formatMoney(fen);
  }
}
