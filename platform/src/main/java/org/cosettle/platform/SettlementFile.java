package org.cosettle.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.AtomicFile;
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
    SettlementLines.read(path, label, (parsed, line) -> visitor.record(parsed.toRecord(), line));
  }

  /** Parses one record from its JSON text. */
  public static SettlementRecord parseLine(String text, String label, int line) throws InputException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    RecordParser parser = new RecordParser();
    try {
      parser.parse(b, 0, b.length);
      return parser.toRecord();
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
}
