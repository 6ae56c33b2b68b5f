package org.cosettle.core;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: reading with any line ending and quoting, writing with {@code \n}. */
public final class Csv {
  /** One parsed record with the 1-based line it starts on. */
  public record Row(int line, List<String> cells) {}

  private Csv() {}

  /**
   * Reads every record. Throws {@link InputException} on an unterminated quote or text after a
   * closing quote. Blank lines are skipped.
   */
  public static List<Row> read(Reader in, String file) throws IOException, InputException {
    List<Row> rows = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int line = 1;
    int start = 1;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean any = false;
    int c = in.read();
    if (c == '\uFEFF') {
      c = in.read();
    }
    for (; c != -1; c = in.read()) {
      if (quoted) {
        if (c == '"') {
          in.mark(1);
          int next = in.read();
          if (next == '"') {
            cell.append('"');
          } else {
            quoted = false;
            afterQuote = true;
            if (next == -1) {
              break;
            }
            c = next;
            // fall through to the unquoted handling of `next`
          }
          if (quoted) {
            continue;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append((char) c);
          continue;
        }
      }
      if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        afterQuote = false;
        any = true;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r') {
          in.mark(1);
          if (in.read() != '\n') {
            in.reset();
          }
        }
        if (any || cell.length() > 0 || afterQuote) {
          cells.add(cell.toString());
          rows.add(new Row(start, List.copyOf(cells)));
        }
        cells.clear();
        cell.setLength(0);
        afterQuote = false;
        any = false;
        line++;
        start = line;
      } else if (c == '"' && cell.length() == 0 && !afterQuote) {
        quoted = true;
        any = true;
      } else if (afterQuote) {
        throw new InputException(new InputError(file, line, "", "text after a closing quote"));
      } else {
        cell.append((char) c);
        any = true;
      }
    }
    if (quoted) {
      throw new InputException(new InputError(file, start, "", "unterminated quoted field"));
    }
    if (any || cell.length() > 0 || afterQuote) {
      cells.add(cell.toString());
      rows.add(new Row(start, List.copyOf(cells)));
    }
    return rows;
  }

  /** Appends one cell, quoted when it must be. */
  public static void appendCell(StringBuilder sb, String value) {
    boolean quote = false;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      sb.append(value);
      return;
    }
    sb.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  /** Appends a whole record followed by {@code \n}. */
  public static void appendRow(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendCell(sb, cells.get(i));
    }
    sb.append('\n');
  }
}
