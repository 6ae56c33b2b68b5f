package org.cosettle.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.Decimals;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * Settlement records as JSON Lines (docs/platform.md): reading with located errors, writing in
 * canonical form. Every field is required, in any order; money is a decimal string (a JSON
 * number with the same digits is accepted); blank lines are skipped.
 */
public final class SettlementFile {
  /** At most this many errors are collected before reading stops. */
  public static final int MAX_ERRORS = 100;

  /** Receives each good record with its 1-based line number. */
  public interface Visitor {
    void record(SettlementRecord record, long line) throws IOException;
  }

  private SettlementFile() {}

  /** Reads every record into memory, in file order (for files of modest size). */
  public static List<SettlementRecord> read(Path path, String label) throws IOException, InputException {
    List<SettlementRecord> records = new ArrayList<>();
    forEach(path, label, (r, line) -> records.add(r));
    return records;
  }

  /**
   * Streams the file, handing each good record to {@code visitor}. Bad lines are collected (up to
   * {@link #MAX_ERRORS}) and thrown together at the end, so a caller must not act on what it was
   * given until this returns normally.
   *
   * @throws InputException with {@code FILE:LINE: field: message} for every bad line found
   */
  public static void forEach(Path path, String label, Visitor visitor) throws IOException, InputException {
    List<InputError> errors = new ArrayList<>();
    LineParser parser = new LineParser();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), 1 << 16)) {
      String text;
      long line = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        try {
          SettlementRecord r = parser.parse(text);
          if (errors.isEmpty()) {
            visitor.record(r, line);
          }
        } catch (InvalidRecordException e) {
          errors.add(new InputError(label, (int) Math.min(line, Integer.MAX_VALUE), e.field(), e.reason()));
          if (errors.size() >= MAX_ERRORS) {
            break;
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
  }

  /** Parses one record from its JSON text. */
  public static SettlementRecord parseLine(String text, String label, int line) throws InputException {
    try {
      return new LineParser().parse(text);
    } catch (InvalidRecordException e) {
      throw new InputException(new InputError(label, line, e.field(), e.reason()));
    }
  }

  /** Writes the records atomically, one canonical line each. */
  public static void write(Path path, List<SettlementRecord> records) throws IOException {
    StringBuilder sb = new StringBuilder(records.size() * 360);
    for (SettlementRecord r : records) {
      r.appendCanonicalJson(sb);
      sb.append('\n');
    }
    AtomicFile.write(path, sb);
  }

  /** Turns one line into a record; keeps a few recurring strings (hospital and insurer ids) shared. */
  static final class LineParser implements FlatJson.Members {
    private static final int SHARED_LIMIT = 1 << 14;
    private final String[] values = new String[SettlementRecord.FIELDS.length];
    private final Map<String, String> shared = new HashMap<>();

    SettlementRecord parse(String text) {
      java.util.Arrays.fill(values, null);
      FlatJson.parse(text, this);
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          throw new InvalidRecordException(SettlementRecord.FIELDS[i], "missing");
        }
      }
      return new SettlementRecord(values[0], date(values[1]), status(values[2]), share(values[3]),
          share(values[4]), share(values[5]), values[6], values[7], money(8), money(9), money(10), money(11),
          money(12), money(13), flag(values[14]));
    }

    @Override
    public void member(String name, String value, boolean isString) {
      int i = index(name);
      if (i < 0) {
        throw new InvalidRecordException(name, "unknown field");
      }
      if (values[i] != null) {
        throw new InvalidRecordException(name, "given twice");
      }
      if (!isString && (i < 8 || i == 14)) {
        throw new InvalidRecordException(name, "must be a string");
      }
      values[i] = value;
    }

    private static int index(String name) {
      switch (name) {
        case "settlement_id": return 0;
        case "settlement_date": return 1;
        case "status": return 2;
        case "reverses": return 3;
        case "hospital_id": return 4;
        case "insurer_id": return 5;
        case "insured_id": return 6;
        case "claim_id": return 7;
        case "total": return 8;
        case "basic_insurance": return 9;
        case "personal_account": return 10;
        case "commercial_payout": return 11;
        case "patient_cash": return 12;
        case "payout_excess": return 13;
        case "flag": return 14;
        default: return -1;
      }
    }

    private String share(String s) {
      if (s.isEmpty()) {
        return "";
      }
      String known = shared.get(s);
      if (known != null) {
        return known;
      }
      if (shared.size() < SHARED_LIMIT) {
        shared.put(s, s);
      }
      return s;
    }

    private long money(int i) {
      return money(values[i], SettlementRecord.FIELDS[i]);
    }

    /** Parses an amount with at most two decimals into fen. */
    static long money(String text, String field) {
      Long fen;
      try {
        fen = Decimals.parseFixed(text, Decimals.MONEY_SCALE, Decimals.MONEY_SCALE);
      } catch (ArithmeticException e) {
        fen = null;
      }
      if (fen == null) {
        throw new InvalidRecordException(field, "\"" + text + "\" is not an amount like 123.45");
      }
      return fen;
    }

    /** Parses {@code YYYY-MM-DD} exactly (no other shape is a date here). */
    static LocalDate date(String text) {
      boolean shape = text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
      for (int i = 0; shape && i < 10; i++) {
        shape = i == 4 || i == 7 || (text.charAt(i) >= '0' && text.charAt(i) <= '9');
      }
      if (shape) {
        try {
          return LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        } catch (DateTimeException e) {
          // falls through to the error below
        }
      }
      throw new InvalidRecordException("settlement_date", "\"" + text + "\" is not a date YYYY-MM-DD");
    }

    private static int digits(String s, int from, int to) {
      int v = 0;
      for (int i = from; i < to; i++) {
        v = v * 10 + (s.charAt(i) - '0');
      }
      return v;
    }

    private static SettlementStatus status(String text) {
      if (text.equals("SETTLED")) {
        return SettlementStatus.SETTLED;
      }
      if (text.equals("REVERSED")) {
        return SettlementStatus.REVERSED;
      }
      throw new InvalidRecordException("status", "\"" + text + "\" is not SETTLED or REVERSED");
    }

    private static SplitFlag flag(String text) {
      SplitFlag f = SplitFlag.parse(text);
      if (f == null) {
        throw new InvalidRecordException("flag", "\"" + text + "\" is not empty, PAYOUT_EXCEEDS_CASH or NEGATIVE_PAYOUT");
      }
      return f;
    }
  }
}
