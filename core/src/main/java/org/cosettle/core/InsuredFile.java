package org.cosettle.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The insured file (CSV, spec §8): a header naming {@code insured_id}, {@code preexisting},
 * {@code policy_start}, one column per insured field the policy declares and one per declared
 * state, in any order (a policy with states kept per item code may add {@link
 * InsuredColumn#KEPT_SHARES}). An id field's value is the index of the first record with the same id
 * (its id is its only code), so the records of one family share one value.
 */
public final class InsuredFile {
  private final List<InsuredColumn> fields;
  private final List<InsuredColumn> states;
  private final List<String> stateNames;
  private final List<InsuredRecord> records;
  private final Map<String, Integer> indexById;

  private InsuredFile(List<InsuredColumn> fields, List<InsuredColumn> states, List<InsuredRecord> records) {
    this.fields = List.copyOf(fields);
    this.states = List.copyOf(states);
    this.stateNames = states.stream().map(InsuredColumn::name).toList();
    this.records = List.copyOf(records);
    this.indexById = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      indexById.put(records.get(i).insuredId(), i);
    }
  }

  /** Records with money states named {@code stateNames} and no declared fields. */
  public static InsuredFile of(List<String> stateNames, List<InsuredRecord> records) {
    return new InsuredFile(List.of(), moneyStates(stateNames), records);
  }

  /** Records with the declared {@code fields} and {@code states}. */
  public static InsuredFile of(List<InsuredColumn> fields, List<InsuredColumn> states, List<InsuredRecord> records) {
    return new InsuredFile(fields, states, records);
  }

  /**
   * Whether column {@code name} holds a policy year: {@link InsuredColumn#POLICY_YEAR}, or the
   * year of the states shared by the holders of one of the id {@code fields}.
   */
  private static boolean yearColumn(String name, List<InsuredColumn> fields) {
    return name.equals(InsuredColumn.POLICY_YEAR) || fields.stream()
        .anyMatch(f -> f.kind() == InsuredColumn.Kind.ID && InsuredColumn.familyYear(f.name()).equals(name));
  }

  private static List<InsuredColumn> moneyStates(List<String> names) {
    return names.stream().map(n -> InsuredColumn.of(n, InsuredColumn.Kind.MONEY)).toList();
  }

  /** The declared insured fields, in declaration order. */
  public List<InsuredColumn> fields() {
    return fields;
  }

  /** The declared states with their kinds, in declaration order. */
  public List<InsuredColumn> states() {
    return states;
  }

  public List<String> stateNames() {
    return stateNames;
  }

  public List<InsuredRecord> records() {
    return records;
  }

  /** Index of the record for {@code insuredId} in {@link #records()}, or -1. */
  public int indexOf(String insuredId) {
    Integer i = indexById.get(insuredId);
    return i == null ? -1 : i;
  }

  /** Reads and validates a file with money states and no declared fields. */
  public static InsuredFile read(Path path, String label, List<String> stateNames, int maxErrors)
      throws IOException, InputException {
    return read(path, label, List.of(), moneyStates(stateNames), maxErrors);
  }

  /** Reads and validates the file; every error is collected (up to {@code maxErrors}). */
  public static InsuredFile read(Path path, String label, List<InsuredColumn> fields, List<InsuredColumn> states,
      int maxErrors) throws IOException, InputException {
    List<Csv.Row> rows;
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      rows = Csv.read(in, label);
    } catch (IOException e) {
      throw ReadFailures.named(path, e);
    }
    return parse(rows, label, fields, states, maxErrors);
  }

  static InsuredFile parse(List<Csv.Row> rows, String label, List<String> stateNames, int maxErrors)
      throws InputException {
    return parse(rows, label, List.of(), moneyStates(stateNames), maxErrors);
  }

  static InsuredFile parse(List<Csv.Row> rows, String label, List<InsuredColumn> fields, List<InsuredColumn> states,
      int maxErrors) throws InputException {
    List<InputError> errors = new ArrayList<>();
    if (rows.isEmpty()) {
      throw new InputException(new InputError(label, 1, "", "empty file: expected a header line"));
    }
    Csv.Row header = rows.get(0);
    List<String> expected = new ArrayList<>(List.of("insured_id", "preexisting", "policy_start"));
    fields.forEach(f -> expected.add(f.name()));
    states.forEach(st -> expected.add(st.name()));
    boolean byCode = states.stream().anyMatch(InsuredColumn::isByCode);
    if (byCode) {
      expected.add(InsuredColumn.KEPT_SHARES);
    }
    Map<String, Integer> column = new LinkedHashMap<>();
    for (int i = 0; i < header.cells().size(); i++) {
      String name = header.cells().get(i);
      if (!expected.contains(name)) {
        errors.add(new InputError(label, header.line(), name, "unknown column (expected "
            + String.join(", ", expected) + ")"));
      } else if (column.putIfAbsent(name, i) != null) {
        errors.add(new InputError(label, header.line(), name, "column given twice"));
      }
    }
    for (String name : expected) {
      boolean optional = yearColumn(name, fields) && states.stream().anyMatch(st -> st.name().equals(name))
          || name.equals(InsuredColumn.KEPT_SHARES);
      if (!column.containsKey(name) && !optional) {
        boolean field = fields.stream().anyMatch(f -> f.name().equals(name));
        errors.add(new InputError(label, header.line(), name, field
            ? "missing column: the policy declares insured field " + name : "missing column"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    List<InsuredRecord> records = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<Map<String, Integer>> firstWithId = new ArrayList<>();
    fields.forEach(f -> firstWithId.add(new HashMap<>()));
    for (int r = 1; r < rows.size() && errors.size() < maxErrors; r++) {
      Csv.Row row = rows.get(r);
      int line = row.line();
      if (row.cells().size() != header.cells().size()) {
        errors.add(new InputError(label, line, "", row.cells().size() + " cells, the header has "
            + header.cells().size()));
        continue;
      }
      int before = errors.size();
      String id = row.cells().get(column.get("insured_id"));
      if (id.isEmpty()) {
        errors.add(new InputError(label, line, "insured_id", "empty insured id"));
      } else {
        Integer first = seen.putIfAbsent(id, line);
        if (first != null) {
          errors.add(new InputError(label, line, "insured_id", "insured id \"" + id
              + "\" appears twice (first on line " + first + ")"));
        }
      }
      String pre = row.cells().get(column.get("preexisting"));
      boolean preexisting = "true".equals(pre);
      if (!preexisting && !"false".equals(pre)) {
        errors.add(new InputError(label, line, "preexisting", "expected true or false, found \"" + pre + "\""));
      }
      String startText = row.cells().get(column.get("policy_start"));
      Integer start = ClaimsFile.parseDate(startText);
      if (start == null) {
        errors.add(new InputError(label, line, "policy_start", "\"" + startText + "\" is not a date YYYY-MM-DD"));
      } else if (start < Bounds.DATE_MIN || start > Bounds.DATE_MAX) {
        errors.add(new InputError(label, line, "policy_start", "date " + startText + " out of bounds 1900-01-01..2199-12-31"));
      }
      long[] stateValues = new long[states.size()];
      List<Map<String, Long>> valuesByCode = new ArrayList<>();
      for (int s = 0; s < states.size(); s++) {
        InsuredColumn c = states.get(s);
        Integer at = column.get(c.name());
        String cell = at == null ? "" : row.cells().get(at);
        valuesByCode.add(Map.of());
        if (c.isByCode()) {
          try {
            valuesByCode.set(s, c.valuesByCode(cell));
          } catch (IllegalArgumentException e) {
            errors.add(new InputError(label, line, c.name(), e.getMessage()));
          }
          continue;
        }
        if (cell.isEmpty()) {
          stateValues[s] = InsuredColumn.EMPTY_STATE;
          continue;
        }
        try {
          stateValues[s] = c.parse(cell);
          if (yearColumn(c.name(), fields) && stateValues[s] < 0) {
            throw new IllegalArgumentException("a policy year is 1 or more (0 or an empty cell: not recorded), found " + cell);
          }
        } catch (IllegalArgumentException e) {
          errors.add(new InputError(label, line, c.name(), e.getMessage()));
        }
      }
      long[] fieldValues = new long[fields.size()];
      List<List<String>> codes = new ArrayList<>();
      for (int f = 0; f < fields.size(); f++) {
        InsuredColumn c = fields.get(f);
        String cell = row.cells().get(column.get(c.name()));
        List<String> set = List.of();
        try {
          if (c.kind() == InsuredColumn.Kind.CODES) {
            set = c.codes(cell);
          } else if (c.kind() == InsuredColumn.Kind.ID) {
            set = List.of(c.id(cell));
            fieldValues[f] = firstWithId.get(f).getOrDefault(cell, records.size());
          } else if (cell.isEmpty()) {
            errors.add(new InputError(label, line, c.name(), "empty cell: the policy reads insured." + c.name()));
          } else {
            fieldValues[f] = c.parse(cell);
          }
        } catch (IllegalArgumentException e) {
          errors.add(new InputError(label, line, c.name(), e.getMessage()));
        }
        codes.add(set);
      }
      Integer keptAt = column.get(InsuredColumn.KEPT_SHARES);
      String kept = keptAt == null ? "" : row.cells().get(keptAt).strip();
      if (kept.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
        errors.add(new InputError(label, line, InsuredColumn.KEPT_SHARES, "expected the name of the settlement that"
            + " wrote the person's kept shares (printable ASCII, no spaces), or an empty cell for none"));
      }
      if (errors.size() == before) {
        for (int f = 0; f < fields.size(); f++) {
          if (fields.get(f).kind() == InsuredColumn.Kind.ID) {
            firstWithId.get(f).putIfAbsent(codes.get(f).get(0), records.size());
          }
        }
        records.add(new InsuredRecord(id, preexisting, start, stateValues, fieldValues, codes,
            byCode ? valuesByCode : List.of(), kept));
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return new InsuredFile(fields, states, records);
  }
}
