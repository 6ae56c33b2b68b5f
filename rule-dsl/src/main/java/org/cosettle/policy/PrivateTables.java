package org.cosettle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Csv;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.policy.eval.CodeTable;
import org.cosettle.policy.ir.CodeSet;

/**
 * Reads the values of private tables and private code sets from the private-params file (spec
 * §8, docs/files.md): a table inline as {@code {"entries": {"XL01XC": "70%"}}} or from a CSV file
 * named there, {@code {"csv": "drug-ratio.csv"}} (columns {@code code,value}, the path relative to
 * the params file); a code set as a JSON array of codes ({@code ["C*", "D0*", "Z51.1"]}). Every
 * problem is collected with its file, line and field.
 */
final class PrivateTables {
  private final String label;
  private final Path dir;
  private final List<InputError> errors;

  /**
   * @param label how the params file is named in errors
   * @param dir the directory CSV paths are relative to (null: the working directory)
   */
  PrivateTables(String label, Path dir, List<InputError> errors) {
    this.label = label;
    this.dir = dir;
    this.errors = errors;
  }

  /** The values of {@code t} from its JSON node, or null (with errors). */
  CodeTable read(CompiledPolicy.PrivateTable t, JsonNode n) {
    if (t.codeSet()) {
      return codeSet(t, n);
    }
    if (!n.isObject() || n.size() != 1 || !(n.has("entries") || n.has("csv"))) {
      errors.add(new InputError(label, 0, t.name(), "expected {\"entries\": {CODE: VALUE, ...}} or {\"csv\": \"FILE.csv\"}"
          + " for the private table (" + t.describe() + ")"));
      return null;
    }
    Map<String, Long> entries = n.has("csv") ? csv(t, n.get("csv")) : inline(t, n.get("entries"));
    if (entries == null) {
      return null;
    }
    return CodeTable.of(entries, t.defaultValue());
  }

  private CodeTable codeSet(CompiledPolicy.PrivateTable t, JsonNode n) {
    if (!n.isArray()) {
      errors.add(new InputError(label, 0, t.name(), "expected a JSON array of codes such as [\"C*\", \"Z51.1\"] for the private set<code>"));
      return null;
    }
    List<String> codes = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual() || e.asText().isEmpty()) {
        errors.add(new InputError(label, 0, t.name() + "[" + i + "]", "expected a code as a non-empty string"));
        ok = false;
      } else {
        codes.add(e.asText());
      }
    }
    return ok ? CodeTable.of(new CodeSet(codes)) : null;
  }

  private Map<String, Long> inline(CompiledPolicy.PrivateTable t, JsonNode entries) {
    if (!entries.isObject()) {
      errors.add(new InputError(label, 0, t.name() + ".entries", "expected a JSON object from code to value"));
      return null;
    }
    Map<String, Long> out = new LinkedHashMap<>();
    boolean ok = true;
    Iterator<Map.Entry<String, JsonNode>> fields = entries.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String field = t.name() + ".entries." + e.getKey();
      JsonNode v = e.getValue();
      String text = v.isTextual() ? v.asText() : v.isNumber() && t.valueType().isNumeric() ? v.decimalValue().toPlainString() : null;
      Long value = text == null ? null : PrivateParams.value(text, t.valueType());
      String codeError = codeError(t, e.getKey());
      if (codeError != null) {
        errors.add(new InputError(label, 0, field, codeError));
        ok = false;
      } else if (value == null) {
        errors.add(new InputError(label, 0, field, "\"" + (text == null ? v : text) + "\" is not a valid "
            + t.valueType() + " within bounds"));
        ok = false;
      } else {
        out.put(e.getKey(), value);
      }
    }
    return ok && fits(t, out.size(), label, 0) ? out : null;
  }

  private Map<String, Long> csv(CompiledPolicy.PrivateTable t, JsonNode name) {
    if (!name.isTextual() || name.asText().isEmpty()) {
      errors.add(new InputError(label, 0, t.name() + ".csv", "expected the CSV file's path as a string"));
      return null;
    }
    Path path = dir == null ? Path.of(name.asText()) : dir.resolve(name.asText());
    String file = path.toString();
    List<Csv.Row> rows;
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      rows = Csv.read(in, file);
    } catch (NoSuchFileException e) {
      errors.add(new InputError(label, 0, t.name() + ".csv", "no such file: " + file));
      return null;
    } catch (IOException e) {
      errors.add(new InputError(label, 0, t.name() + ".csv", "cannot read " + file + ": " + e.getMessage()));
      return null;
    } catch (InputException e) {
      errors.addAll(e.errors());
      return null;
    }
    if (rows.isEmpty() || !rows.get(0).cells().equals(List.of("code", "value"))) {
      errors.add(new InputError(file, rows.isEmpty() ? 1 : rows.get(0).line(), "", "expected the header code,value"));
      return null;
    }
    Map<String, Long> out = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new HashMap<>();
    boolean ok = true;
    for (Csv.Row row : rows.subList(1, rows.size())) {
      List<String> cells = row.cells();
      if (cells.size() != 2) {
        errors.add(new InputError(file, row.line(), "", "expected 2 cells (code,value), found " + cells.size()));
        ok = false;
        continue;
      }
      String code = cells.get(0);
      String codeError = codeError(t, code);
      Long value = PrivateParams.value(cells.get(1), t.valueType());
      if (codeError != null) {
        errors.add(new InputError(file, row.line(), "code", codeError));
        ok = false;
      } else if (firstLine.containsKey(code)) {
        errors.add(new InputError(file, row.line(), "code", "\"" + code + "\" is given twice (first on line "
            + firstLine.get(code) + ")"));
        ok = false;
      } else if (value == null) {
        errors.add(new InputError(file, row.line(), "value", "\"" + cells.get(1) + "\" is not a valid "
            + t.valueType() + " within bounds"));
        ok = false;
      } else {
        firstLine.put(code, row.line());
        out.put(code, value);
      }
    }
    int lastLine = rows.get(rows.size() - 1).line();
    return ok && fits(t, out.size(), file, lastLine) ? out : null;
  }

  /**
   * Why {@code code} cannot be a key of {@code t}, or null: tables match codes exactly, so no
   * prefix; a table indexed by a public code list holds only its codes.
   */
  private static String codeError(CompiledPolicy.PrivateTable t, String code) {
    if (code.isEmpty()) {
      return "the code is empty";
    }
    if (code.endsWith("*")) {
      return "\"" + code + "\": a private table matches codes exactly; prefixes (\"C*\") belong in a code set";
    }
    if (t.universe() != null && t.universe().indexOf(code) < 0) {
      return "\"" + code + "\" is not in the public code list " + t.universe().name() + " (" + t.universe().file()
          + ") that table " + t.name() + " is indexed by";
    }
    return null;
  }

  private boolean fits(CompiledPolicy.PrivateTable t, int entries, String file, int line) {
    if (entries > t.size()) {
      errors.add(new InputError(file, line, t.name(), entries + " entries, more than the declared size " + t.size()));
      return false;
    }
    return true;
  }
}
