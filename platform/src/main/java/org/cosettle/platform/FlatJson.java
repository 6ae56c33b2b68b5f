package org.cosettle.platform;

/**
 * A strict reader for one JSON object whose values are all strings or plain numbers (the shape of
 * a settlement record), built for speed on tens of millions of lines: no tree, no per-field
 * allocation beyond the value strings. Anything else (nesting, {@code null}, booleans, trailing
 * text) is reported as an {@link InvalidRecordException} naming the field.
 */
final class FlatJson {
  /** Receives each member in order; {@code quoted} tells a string from a number. */
  interface Members {
    void member(String name, String value, boolean quoted);
  }

  private final String text;
  private int pos;

  private FlatJson(String text) {
    this.text = text;
  }

  static void parse(String text, Members members) {
    new FlatJson(text).object(members);
  }

  private void object(Members members) {
    skipSpace();
    expect('{', "");
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw new InvalidRecordException("", "expected a field name in double quotes at column " + (pos + 1));
        }
        String name = string("");
        skipSpace();
        expect(':', name);
        skipSpace();
        char c = peek();
        if (c == '"') {
          members.member(name, string(name), true);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          int start = pos;
          while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
            pos++;
          }
          members.member(name, text.substring(start, pos), false);
        } else if (text.startsWith("null", pos)) {
          throw new InvalidRecordException(name, "null is not allowed");
        } else {
          throw new InvalidRecordException(name, "expected a string or a number at column " + (pos + 1));
        }
        skipSpace();
        char sep = peek();
        pos++;
        if (sep == '}') {
          break;
        }
        if (sep != ',') {
          throw new InvalidRecordException("", "expected ',' or '}' at column " + pos);
        }
      }
    }
    skipSpace();
    if (pos < text.length()) {
      throw new InvalidRecordException("", "text after the closing '}' at column " + (pos + 1));
    }
  }

  private String string(String field) {
    pos++;
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        return text.substring(start, pos++);
      }
      if (c == '\\') {
        return escapedString(field, start);
      }
      if (c < 0x20) {
        throw new InvalidRecordException(field, "control character in a string at column " + (pos + 1));
      }
      pos++;
    }
    throw new InvalidRecordException(field, "unterminated string");
  }

  private String escapedString(String field, int start) {
    StringBuilder sb = new StringBuilder(text.substring(start, pos));
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new InvalidRecordException(field, "control character in a string at column " + pos);
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"': case '\\': case '/': sb.append(e); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u':
          if (pos + 4 > text.length()) {
            throw new InvalidRecordException(field, "bad \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw new InvalidRecordException(field, "bad \\u escape");
          }
          pos += 4;
          break;
        default:
          throw new InvalidRecordException(field, "bad escape \\" + e);
      }
    }
    throw new InvalidRecordException(field, "unterminated string");
  }

  private char peek() {
    if (pos >= text.length()) {
      throw new InvalidRecordException("", "unexpected end of line");
    }
    return text.charAt(pos);
  }

  private void expect(char c, String field) {
    if (peek() != c) {
      throw new InvalidRecordException(field, "expected '" + c + "' at column " + (pos + 1));
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      pos++;
    }
  }
}
