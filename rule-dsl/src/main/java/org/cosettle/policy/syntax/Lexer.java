package org.cosettle.policy.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;

/**
 * Turns policy text into tokens (spec §2) and decides where declarations end (spec §5): a line
 * break is a {@code NEWLINE} token unless it stands inside an open bracket or follows a token
 * that continues the line. Errors are collected, never thrown.
 */
public final class Lexer {
  static final Set<String> KEYWORDS =
      Set.of(
          "policy", "version", "param", "private", "state", "let", "output", "aggregate", "update",
          "to", "if", "then", "else", "match", "tiered", "sum", "count", "for", "in", "where", "by",
          "band", "cohort", "and", "or", "not", "true", "false");

  private static final Set<String> CONTINUING_WORDS = Set.of("and", "or", "in", "then", "else", "to");

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lineStart;
  private int depth;

  private Lexer(String text) {
    this.text = text;
  }

  /** The tokens, always ending with NEWLINE (if any token precedes) and EOF, and any errors. */
  public record Result(List<Token> tokens, List<Diagnostic> diagnostics) {}

  public static Result lex(String text) {
    Lexer lx = new Lexer(text);
    lx.run();
    return new Result(List.copyOf(lx.tokens), List.copyOf(lx.diagnostics));
  }

  private Position here(int offset) {
    return new Position(line, text.codePointCount(lineStart, offset) + 1);
  }

  private void run() {
    if (text.startsWith("\uFEFF")) {
      pos = 1;
      lineStart = 1;
    }
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n' || c == '\r') {
        newline(c);
      } else if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
          pos++;
        }
      } else if (c >= '0' && c <= '9') {
        number();
      } else if (c == '"') {
        string();
      } else if (Character.isLetter(text.codePointAt(pos)) || c == '_') {
        word();
      } else {
        punct(c);
      }
    }
    endLine();
    tokens.add(new Token(Token.Kind.EOF, "", here(pos)));
  }

  private void newline(char c) {
    pos++;
    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
      pos++;
    }
    if (depth == 0 && !continues()) {
      endLine();
    }
    line++;
    lineStart = pos;
  }

  private void endLine() {
    if (!tokens.isEmpty() && !tokens.get(tokens.size() - 1).is(Token.Kind.NEWLINE)) {
      Token last = tokens.get(tokens.size() - 1);
      int col = last.position().column() + last.text().codePointCount(0, last.text().length());
      tokens.add(new Token(Token.Kind.NEWLINE, "", new Position(last.position().line(), col)));
    }
  }

  private boolean continues() {
    if (tokens.isEmpty()) {
      return false;
    }
    Token t = tokens.get(tokens.size() - 1);
    if (t.is(Token.Kind.GT) && closesSetType()) {
      return false;
    }
    switch (t.kind()) {
      case PLUS: case MINUS: case STAR: case SLASH: case LT: case LE: case GT: case GE: case EQ:
      case NE: case ASSIGN: case COMMA: case ARROW:
        return true;
      case KEYWORD:
        return CONTINUING_WORDS.contains(t.text());
      default:
        return false;
    }
  }

  /**
   * Whether the last token is the {@code >} of a set type ({@code private param covered:
   * set<code>}): it closes the type rather than standing as a comparison, so the line ends there.
   */
  private boolean closesSetType() {
    int n = tokens.size();
    return n >= 4 && tokens.get(n - 4).is(Token.Kind.IDENT) && tokens.get(n - 4).text().equals("set")
        && tokens.get(n - 3).is(Token.Kind.LT) && tokens.get(n - 2).is(Token.Kind.IDENT);
  }

  private void number() {
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos - start == 4 && pos < text.length() && text.charAt(pos) == '-') {
      date(start);
      return;
    }
    if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && text.charAt(pos) == '%') {
      pos++;
    }
    int end = pos;
    if (pos < text.length() && continuesNumber(text.codePointAt(pos))) {
      while (pos < text.length() && continuesNumber(text.codePointAt(pos))) {
        pos += Character.charCount(text.codePointAt(pos));
      }
      diagnostics.add(new Diagnostic(here(start), "malformed number \"" + text.substring(start, pos) + "\""));
    }
    // the token keeps only the well-formed part, so later stages can always read its value
    tokens.add(new Token(Token.Kind.NUMBER, text.substring(start, end), here(start)));
  }

  private void date(int start) {
    // four digits and '-' always start a date: YYYY-MM-DD; it takes at most ten digits and dashes,
    // never a line break, so a broken date cannot shift the positions of everything after it
    while (pos < text.length() && pos - start < 10 && (isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
      pos++;
    }
    String s = text.substring(start, pos);
    if (org.cosettle.core.ClaimsFile.parseDate(s) == null) {
      diagnostics.add(new Diagnostic(here(start), "invalid date \"" + s + "\" (expected a calendar date YYYY-MM-DD)"));
    }
    tokens.add(new Token(Token.Kind.DATE, s, here(start)));
  }

  private void string() {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
        diagnostics.add(new Diagnostic(here(start), "unterminated string"));
        break;
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\\' && pos + 1 < text.length() && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '\\')) {
        sb.append(text.charAt(pos + 1));
        pos += 2;
      } else if (c == '\\') {
        diagnostics.add(new Diagnostic(here(pos), "unknown escape in string (only \\\" and \\\\)"));
        pos++;
      } else {
        sb.append(c);
        pos++;
      }
    }
    tokens.add(new Token(Token.Kind.STRING, sb.toString(), here(start)));
  }

  private void word() {
    int start = pos;
    while (pos < text.length()) {
      int cp = text.codePointAt(pos);
      if (Character.isLetterOrDigit(cp) || cp == '_') {
        pos += Character.charCount(cp);
      } else {
        break;
      }
    }
    String w = text.substring(start, pos);
    tokens.add(new Token(KEYWORDS.contains(w) ? Token.Kind.KEYWORD : Token.Kind.IDENT, w, here(start)));
  }

  private void punct(char c) {
    int start = pos;
    char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
    Token.Kind k;
    int len = 1;
    switch (c) {
      case '(': k = Token.Kind.LPAREN; depth++; break;
      case ')': k = Token.Kind.RPAREN; depth = Math.max(0, depth - 1); break;
      case '[': k = Token.Kind.LBRACKET; depth++; break;
      case ']': k = Token.Kind.RBRACKET; depth = Math.max(0, depth - 1); break;
      case '{': k = Token.Kind.LBRACE; depth++; break;
      case '}': k = Token.Kind.RBRACE; depth = Math.max(0, depth - 1); break;
      case ',': k = Token.Kind.COMMA; break;
      case '.': k = Token.Kind.DOT; break;
      case ':': k = Token.Kind.COLON; break;
      case '+': k = Token.Kind.PLUS; break;
      case '-': k = Token.Kind.MINUS; break;
      case '*': k = Token.Kind.STAR; break;
      case '/': k = Token.Kind.SLASH; break;
      case '=':
        if (n == '=') { k = Token.Kind.EQ; len = 2; }
        else if (n == '>') { k = Token.Kind.ARROW; len = 2; }
        else { k = Token.Kind.ASSIGN; }
        break;
      case '<':
        if (n == '=') { k = Token.Kind.LE; len = 2; } else { k = Token.Kind.LT; }
        break;
      case '>':
        if (n == '=') { k = Token.Kind.GE; len = 2; } else { k = Token.Kind.GT; }
        break;
      case '!':
        if (n == '=') { k = Token.Kind.NE; len = 2; break; }
        // fall through
      default:
        int cp = text.codePointAt(pos);
        diagnostics.add(new Diagnostic(here(start), "unexpected character '" + new String(Character.toChars(cp)) + "'"));
        pos += Character.charCount(cp);
        return;
    }
    pos += len;
    tokens.add(new Token(k, text.substring(start, pos), here(start)));
  }

  private static boolean continuesNumber(int cp) {
    return Character.isLetterOrDigit(cp) || cp == '_' || cp == '.';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
