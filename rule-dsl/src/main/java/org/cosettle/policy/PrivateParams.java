package org.cosettle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Bounds;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.policy.eval.CodeTable;

/**
 * The insurer's private-parameter file (spec §8): a JSON object from name to value, for private
 * params and, as {@link PrivateTables} reads them, private tables and private code sets.
 */
public final class PrivateParams {
  private PrivateParams() {}

  /**
   * Reads the file (null path: no file) and returns the private params' values in the policy's
   * slot order; a policy with private tables needs {@link #readValues}.
   */
  public static long[] read(Path path, String label, CompiledPolicy policy) throws IOException, InputException {
    return readValues(path, label, policy).params();
  }

  /**
   * Reads the file (null path: no file): the private params' values in slot order and the
   * private tables' and code sets' in table order. A table's CSV file is found relative to the
   * params file.
   */
  public static PrivateValues readValues(Path path, String label, CompiledPolicy policy)
      throws IOException, InputException {
    if (path == null) {
      if (policy.privateParams().isEmpty() && policy.privateTables().isEmpty()) {
        return PrivateValues.of(new long[0]);
      }
      List<InputError> errors = new ArrayList<>();
      for (CompiledPolicy.PrivateParam p : policy.privateParams()) {
        errors.add(new InputError("--params", 0, p.name(), "the policy declares this private param; give its value with --params FILE"));
      }
      for (CompiledPolicy.PrivateTable t : policy.privateTables()) {
        errors.add(new InputError("--params", 0, t.name(), "the policy declares this private "
            + (t.codeSet() ? "code set" : "table") + "; give its values with --params FILE"));
      }
      throw new InputException(errors);
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(path));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InputException(new InputError(label, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "", "malformed JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InputException(new InputError(label, 1, "", "expected a JSON object from param name to value"));
    }
    return parseValues(root, label, path.toAbsolutePath().getParent(), policy);
  }

  static long[] parse(JsonNode root, String label, CompiledPolicy policy) throws InputException {
    return parseValues(root, label, null, policy).params();
  }

  static PrivateValues parseValues(JsonNode root, String label, Path dir, CompiledPolicy policy) throws InputException {
    List<InputError> errors = new ArrayList<>();
    long[] values = new long[policy.privateParams().size()];
    for (CompiledPolicy.PrivateParam p : policy.privateParams()) {
      JsonNode n = root.get(p.name());
      if (n == null) {
        errors.add(new InputError(label, 0, p.name(), "missing value for private param"));
        continue;
      }
      String text;
      if (n.isTextual()) {
        text = n.asText();
      } else if (n.isNumber() && p.type().isNumeric()) {
        text = n.decimalValue().toPlainString();
      } else {
        errors.add(new InputError(label, 0, p.name(), "expected a string in CPL literal syntax for " + p.type()));
        continue;
      }
      Long v = value(text, p.type());
      if (v == null) {
        errors.add(new InputError(label, 0, p.name(), "\"" + text + "\" is not a valid " + p.type() + " within bounds"));
      } else {
        values[p.slot()] = v;
      }
    }
    PrivateTables reader = new PrivateTables(label, dir, errors);
    List<CodeTable> tables = new ArrayList<>();
    for (CompiledPolicy.PrivateTable t : policy.privateTables()) {
      JsonNode n = root.get(t.name());
      if (n == null) {
        errors.add(new InputError(label, 0, t.name(), "missing values for private " + (t.codeSet() ? "code set" : "table")));
        continue;
      }
      tables.add(reader.read(t, n));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      String name = fields.next().getKey();
      if (policy.privateParams().stream().noneMatch(p -> p.name().equals(name))
          && policy.privateTables().stream().noneMatch(t -> t.name().equals(name))) {
        errors.add(new InputError(label, 0, name, "the policy declares no private param or table of this name"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return new PrivateValues(values, tables);
  }

  /** Parses a value in CPL literal syntax; null when invalid or out of bounds. */
  static Long value(String text, Type type) {
    switch (type) {
      case BOOL:
        return text.equals("true") ? 1L : text.equals("false") ? 0L : null;
      case DATE: {
        Integer d = ClaimsFile.parseDate(text);
        return d == null || d < Bounds.DATE_MIN || d > Bounds.DATE_MAX ? null : (long) d;
      }
      default:
        break;
    }
    if (!text.matches("-?[0-9]+(\\.[0-9]+)?%?")) {
      return null;
    }
    BigDecimal v = text.endsWith("%")
        ? new BigDecimal(text.substring(0, text.length() - 1)).movePointLeft(2)
        : new BigDecimal(text);
    if (text.endsWith("%") && type != Type.RATIO) {
      return null;
    }
    long units;
    try {
      units = v.movePointRight(type.scale()).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
    long bound = type == Type.MONEY ? Bounds.CLAIM_MONEY : type == Type.RATIO ? Bounds.RATIO : Bounds.INT;
    return units < -bound || units > bound ? null : units;
  }
}
