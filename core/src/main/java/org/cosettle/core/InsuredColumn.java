package org.cosettle.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A column of the insured file beyond {@code insured_id}, {@code preexisting} and {@code
 * policy_start}: an insured field the policy declares ({@code insured field plan: enum {BASIC,
 * CARE}}) or a state, with the cell syntax of its kind (docs/files.md).
 *
 * <pre>{@code
 * InsuredColumn plan = InsuredColumn.ofEnum("plan", List.of("BASIC", "CARE"));
 * long care = plan.parse("CARE");                       // 1, the value's ordinal
 * List<String> codes = InsuredColumn.ofCodes("exclusions", 8).codes("F*|C34.9");
 * }</pre>
 */
public record InsuredColumn(String name, Kind kind, List<String> enumValues, int sizeBound) {
  /** The longest prefix before a {@code *} an element of a code set column may have. */
  public static final int MAX_PREFIX = 8;
  /** The character between the codes of a code set cell. */
  public static final char CODE_SEPARATOR = '|';

  /** The kinds of value a column holds. */
  public enum Kind {
    MONEY, RATIO, INT, BOOL, DATE, ENUM, CODES, ID,
    /** A state kept per line item code: {@code CODE=AMOUNT} pairs ({@code XL01XC=1200.00|L01XE=300.00}). */
    MONEY_BY_CODE,
    /** A state kept per line item code: {@code CODE=COUNT} pairs. */
    INT_BY_CODE
  }

  public InsuredColumn {
    enumValues = List.copyOf(enumValues);
  }

  /** A money, ratio, int, bool or date column. */
  public static InsuredColumn of(String name, Kind kind) {
    if (kind == Kind.ENUM || kind == Kind.CODES || kind == Kind.ID || kind == Kind.MONEY_BY_CODE
        || kind == Kind.INT_BY_CODE) {
      throw new IllegalArgumentException(kind + " columns need their values or size, or are ids");
    }
    return new InsuredColumn(name, kind, List.of(), 0);
  }

  /** A column holding one of {@code values}, as its ordinal. */
  public static InsuredColumn ofEnum(String name, List<String> values) {
    return new InsuredColumn(name, Kind.ENUM, values, 0);
  }

  /** A column holding a set of at most {@code size} codes. */
  public static InsuredColumn ofCodes(String name, int size) {
    return new InsuredColumn(name, Kind.CODES, List.of(), size);
  }

  /** A column holding a string key shared by several records, such as a family's id. */
  public static InsuredColumn ofId(String name) {
    return new InsuredColumn(name, Kind.ID, List.of(), 0);
  }

  /** A state column kept per line item code, of money ({@code money}) or int values. */
  public static InsuredColumn byCode(String name, boolean money) {
    return new InsuredColumn(name, money ? Kind.MONEY_BY_CODE : Kind.INT_BY_CODE, List.of(), 0);
  }

  /** Whether this is a state column kept per line item code. */
  public boolean isByCode() {
    return kind == Kind.MONEY_BY_CODE || kind == Kind.INT_BY_CODE;
  }

  /** The character between a code and its value in a cell of a state kept per item code. */
  public static final char VALUE_SEPARATOR = '=';

  /**
   * The values per code of a cell of a state kept per item code: {@code CODE=VALUE} pairs
   * separated by {@code |}, each code at most once, the values in the column's type; an empty
   * cell holds none (every code's value is 0). Throws {@link IllegalArgumentException} saying
   * what is wrong.
   */
  public java.util.Map<String, Long> valuesByCode(String cell) {
    if (!isByCode()) {
      throw new IllegalStateException(name + " is not kept per item code");
    }
    InsuredColumn value = of(name, kind == Kind.MONEY_BY_CODE ? Kind.MONEY : Kind.INT);
    java.util.Map<String, Long> values = new java.util.LinkedHashMap<>();
    if (cell.isEmpty()) {
      return values;
    }
    for (String pair : cell.split("\\|", -1)) {
      int eq = pair.lastIndexOf(VALUE_SEPARATOR);
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("expected CODE=VALUE pairs separated by |, found \"" + pair + "\"");
      }
      String code = pair.substring(0, eq);
      if (!code.strip().equals(code)) {
        throw new IllegalArgumentException("the code \"" + code + "\" has spaces around it");
      }
      if (values.put(code, value.parse(pair.substring(eq + 1))) != null) {
        throw new IllegalArgumentException("the code \"" + code + "\" appears twice");
      }
    }
    return values;
  }

  /** The cell of {@code values} (codes in the map's order, zero values left out), as {@link #valuesByCode} reads it back. */
  public String formatByCode(java.util.Map<String, Long> values) {
    InsuredColumn value = of(name, kind == Kind.MONEY_BY_CODE ? Kind.MONEY : Kind.INT);
    StringBuilder sb = new StringBuilder();
    for (java.util.Map.Entry<String, Long> e : values.entrySet()) {
      if (e.getValue() != 0) {
        sb.append(sb.length() == 0 ? "" : String.valueOf(CODE_SEPARATOR)).append(e.getKey()).append(VALUE_SEPARATOR)
            .append(value.format(e.getValue()));
      }
    }
    return sb.toString();
  }

  /** The longest id an id column holds. */
  public static final int MAX_ID_LENGTH = 64;

  /**
   * The id of an id cell: non-empty, at most {@value #MAX_ID_LENGTH} characters, without spaces
   * around it; compared exactly. Throws {@link IllegalArgumentException} saying what is wrong.
   */
  public String id(String cell) {
    if (kind != Kind.ID) {
      throw new IllegalStateException(name + " is not an id column");
    }
    if (cell.isEmpty()) {
      throw new IllegalArgumentException("empty id: every record names its " + name);
    }
    if (!cell.strip().equals(cell)) {
      throw new IllegalArgumentException("the id \"" + cell + "\" has spaces around it");
    }
    if (cell.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("an id has at most " + MAX_ID_LENGTH + " characters, found " + cell.length());
    }
    return cell;
  }

  /** The value an empty cell of a state column stands for: 0 (0.00, false). */
  static final long EMPTY_STATE = 0;
  /**
   * The state holding the policy year of a policy's {@code per policy_year} states: a column a file
   * written before such states existed may lack (every person's year is then not recorded, 0).
   */
  public static final String POLICY_YEAR = "policy_year";
  /**
   * The optional column of a policy with states kept per item code naming, per person, the
   * settlement that wrote the kept shares holding the person's values per code beyond the
   * recorded ones (handshake mode); an empty cell or no column: none.
   */
  public static final String KEPT_SHARES = "kept_shares";

  /**
   * The state holding the policy year of the {@code per policy_year} states shared by the holders
   * of id field {@code idField} ({@code family_policy_year} for {@code by insured.family}): one
   * value per family, a column that may be missing as {@link #POLICY_YEAR} may.
   */
  public static String familyYear(String idField) {
    return idField + "_" + POLICY_YEAR;
  }

  /**
   * The value of {@code cell} in this column's units (fen, 1/10000, days since 1970-01-01, 0/1,
   * an enum's ordinal); throws {@link IllegalArgumentException} with a sentence saying what was
   * expected. Not for code set columns.
   */
  public long parse(String cell) {
    switch (kind) {
      case MONEY:
        return fixed(cell, cell, Decimals.MONEY_SCALE, Bounds.CLAIM_MONEY, "a money amount with at most 2 decimals");
      case RATIO: {
        boolean percent = cell.endsWith("%");
        return fixed(cell, percent ? cell.substring(0, cell.length() - 1) : cell,
            percent ? Decimals.MONEY_SCALE : Decimals.RATIO_SCALE, Bounds.RATIO,
            "a ratio with at most 4 decimals (or a percentage with at most 2, as 83.33%)");
      }
      case INT:
        return fixed(cell, cell, 0, Bounds.INT, "a whole number");
      case BOOL:
        if (cell.equals("true") || cell.equals("false")) {
          return cell.equals("true") ? 1 : 0;
        }
        throw new IllegalArgumentException("expected true or false, found \"" + cell + "\"");
      case DATE: {
        Integer d = ClaimsFile.parseDate(cell);
        if (d == null) {
          throw new IllegalArgumentException("\"" + cell + "\" is not a date YYYY-MM-DD");
        }
        if (d < Bounds.DATE_MIN || d > Bounds.DATE_MAX) {
          throw new IllegalArgumentException("date " + cell + " out of bounds 1900-01-01..2199-12-31");
        }
        return d;
      }
      case ENUM: {
        int i = enumValues.indexOf(cell);
        if (i < 0) {
          throw new IllegalArgumentException("\"" + cell + "\" is not one of " + String.join(", ", enumValues));
        }
        return i;
      }
      default:
        throw new IllegalStateException("a code set or id column has no single value");
    }
  }

  /** {@code cell} in units of 10^-scale; a percentage's hundredths are ten-thousandths of the ratio. */
  private static long fixed(String cell, String digits, int scale, long bound, String what) {
    int shown = bound == Bounds.RATIO ? Decimals.RATIO_SCALE : scale;
    Long v;
    try {
      v = Decimals.parseFixed(digits, scale, scale);
    } catch (ArithmeticException e) {
      v = Long.MAX_VALUE;
    }
    if (v == null) {
      throw new IllegalArgumentException("\"" + cell + "\" is not " + what);
    }
    if (v < -bound || v > bound) {
      throw new IllegalArgumentException("value " + cell + " out of bounds ±" + Decimals.format(bound, shown));
    }
    return v;
  }

  /** {@code value} (in this column's units) as a cell that {@link #parse} reads back; not for code sets. */
  public String format(long value) {
    switch (kind) {
      case MONEY: return Decimals.formatMoney(value);
      case RATIO: return Decimals.formatRatio(value);
      case BOOL: return value != 0 ? "true" : "false";
      case DATE: return java.time.LocalDate.ofEpochDay(value).toString();
      case ENUM: return enumValues.get((int) value);
      case INT: return Long.toString(value);
      default: throw new IllegalStateException("a code set or id column has no single value");
    }
  }

  /** The cell of {@code codes}, as {@link #codes} reads it back. */
  public static String formatCodes(List<String> codes) {
    return String.join(String.valueOf(CODE_SEPARATOR), codes);
  }

  /**
   * The codes of a code set cell: elements separated by {@code |}, each a code or a prefix
   * ending in {@code *} (at most {@value #MAX_PREFIX} characters before it); an empty cell is the
   * empty set. Throws {@link IllegalArgumentException} saying what is wrong.
   */
  public List<String> codes(String cell) {
    if (kind != Kind.CODES) {
      throw new IllegalStateException(name + " is not a code set column");
    }
    List<String> codes = new ArrayList<>();
    if (cell.isEmpty()) {
      return codes;
    }
    for (String code : cell.split("\\|", -1)) {
      if (code.isEmpty()) {
        throw new IllegalArgumentException("an empty code in \"" + cell + "\" (codes are separated by a single |)");
      }
      if (!code.strip().equals(code)) {
        throw new IllegalArgumentException("the code \"" + code + "\" has spaces around it");
      }
      int star = code.indexOf('*');
      if (star >= 0 && star != code.length() - 1) {
        throw new IllegalArgumentException("the code \"" + code + "\" has a * that is not its last character");
      }
      if (star > MAX_PREFIX) {
        throw new IllegalArgumentException("the prefix \"" + code + "\" is longer than " + MAX_PREFIX
            + " characters before its *");
      }
      if (codes.contains(code)) {
        throw new IllegalArgumentException("the code \"" + code + "\" appears twice");
      }
      codes.add(code);
    }
    if (codes.size() > sizeBound) {
      throw new IllegalArgumentException(codes.size() + " codes, the policy declares at most " + sizeBound);
    }
    return codes;
  }
}
