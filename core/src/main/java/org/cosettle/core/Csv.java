package org.cosettle.core;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
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
    char[] text = readAll(in);
    int n = text.length;
    List<Row> rows = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int line = 1;
    int start = 1;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean any = false;
    int i = n > 0 && text[0] == '\uFEFF' ? 1 : 0;
    while (i < n) {
      char c = text[i++];
      if (quoted) {
        if (c != '"') {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
          continue;
        }
        if (i < n && text[i] == '"') {
          cell.append('"');
          i++;
          continue;
        }
        quoted = false;
        afterQuote = true;
        if (i == n) {
          break;
        }
        c = text[i++];
        // and on to the unquoted handling of the character after the closing quote
      }
      if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        afterQuote = false;
        any = true;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i < n && text[i] == '\n') {
          i++;
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
        cell.append(c);
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

  /** The whole text, read in large blocks rather than one character per call. */
  private static char[] readAll(Reader in) throws IOException {
    char[] text = new char[1 << 16];
    int n = 0;
    for (int got; (got = in.read(text, n, text.length - n)) >= 0; ) {
      n += got;
      if (n == text.length) {
        text = Arrays.copyOf(text, 2 * text.length);
      }
    }
    return n == text.length ? text : Arrays.copyOf(text, n);
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
