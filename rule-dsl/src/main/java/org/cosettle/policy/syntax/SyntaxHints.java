package org.cosettle.policy.syntax;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.syntax.Token.Kind;

/**
 * What a syntax error most likely means, added to its message where a common slip explains it:
 * a number written with thousands separators ({@code 20,000.00}) and a declaration continued
 * by starting the next line with an operator, {@code then} or {@code else} instead of ending the
 * line with it, and a state's key written after {@code per policy_year}.
 */
final class SyntaxHints {
  private static final List<Kind> OPERATORS = List.of(Kind.PLUS, Kind.MINUS, Kind.STAR, Kind.SLASH, Kind.LT,
      Kind.LE, Kind.GT, Kind.GE, Kind.EQ, Kind.NE);

  private SyntaxHints() {}

  /** The hint for an error at {@code tokens.get(at)}, with a leading space, or "". */
  static String at(List<Token> tokens, int at) {
    if (at < 0) {
      return "";
    }
    int first = thousandsStart(tokens, at);
    if (first >= 0) {
      return " (numbers are written without thousands separators: " + joined(tokens, first) + ")";
    }
    Token t = tokens.get(at);
    if (t.isKeyword("by") && at > 0 && tokens.get(at - 1).text().equals("policy_year")) {
      return " (the key goes before 'per policy_year': state NAME: TYPE by KEY per policy_year)";
    }
    if (continues(t) && at > 0 && tokens.get(at - 1).is(Kind.NEWLINE)) {
      return " (a declaration goes on to the next line only when its line ends with an operator, 'then' or 'else':"
          + " end the line before with '" + t.text() + "' instead of starting this one with it)";
    }
    int next = at + 1;
    while (t.is(Kind.NEWLINE) && next < tokens.size() && tokens.get(next).is(Kind.NEWLINE)) {
      next++;
    }
    if (t.is(Kind.NEWLINE) && next < tokens.size() && (tokens.get(next).isKeyword("for")
        || tokens.get(next).isKeyword("where"))) {
      return " (the next line starts with '" + tokens.get(next).text() + "', which does not continue this"
          + " declaration: keep '" + tokens.get(next).text() + " ...' on the line the value ends on, and break the"
          + " value's line after an operator or inside a bracket instead)";
    }
    if (t.is(Kind.NEWLINE) && next < tokens.size() && continues(tokens.get(next))) {
      return " (the next line starts with '" + tokens.get(next).text() + "', which does not continue this"
          + " declaration: end this line with '" + tokens.get(next).text() + "' instead)";
    }
    return "";
  }

  /** Whether a line starting with {@code t} was meant to continue the declaration above. */
  private static boolean continues(Token t) {
    return OPERATORS.contains(t.kind()) || t.isKeyword("and") || t.isKeyword("or") || t.isKeyword("in")
        || t.isKeyword("then") || t.isKeyword("else");
  }

  /**
   * A warning for each number written with thousands separators inside brackets, where it is
   * no syntax error but two numbers: {@code min(x, 20,000.00)} is {@code min(x, 20, 0.00)}. A
   * space after the comma says two numbers are meant.
   */
  static List<Diagnostic> thousandsInBrackets(List<Token> tokens) {
    List<Diagnostic> warnings = new ArrayList<>();
    int depth = 0;
    for (int k = 0; k < tokens.size(); k++) {
      Kind kind = tokens.get(k).kind();
      if (kind == Kind.LPAREN || kind == Kind.LBRACKET || kind == Kind.LBRACE) {
        depth++;
      } else if (kind == Kind.RPAREN || kind == Kind.RBRACKET || kind == Kind.RBRACE) {
        depth = Math.max(0, depth - 1);
      } else if (depth > 0 && kind == Kind.COMMA && thousandsStart(tokens, k) == k - 1) {
        warnings.add(new Diagnostic(tokens.get(k - 1).position(), "this reads as separate numbers, as numbers are"
            + " written without thousands separators: write " + joined(tokens, k - 1) + ", or put a space after"
            + " the comma if separate numbers are meant", Diagnostic.Severity.WARNING));
      }
    }
    return warnings;
  }

  /** The index of the number that starts a {@code 20,000} run around {@code at}, or -1. */
  private static int thousandsStart(List<Token> tokens, int at) {
    int comma = tokens.get(at).is(Kind.COMMA) ? at : tokens.get(at).is(Kind.NUMBER) && at > 0 ? at - 1 : -1;
    if (comma < 1 || comma + 1 >= tokens.size() || !tokens.get(comma).is(Kind.COMMA)) {
      return -1;
    }
    Token before = tokens.get(comma - 1);
    Token after = tokens.get(comma + 1);
    if (!before.is(Kind.NUMBER) || !before.text().matches("[1-9]\\d{0,2}") || !after.is(Kind.NUMBER)
        || !adjacent(before, tokens.get(comma))
        || !adjacent(tokens.get(comma), after) || !after.text().matches("\\d{3}(\\.\\d*)?")) {
      return -1;
    }
    int first = comma - 1;
    while (first >= 2 && tokens.get(first - 1).is(Kind.COMMA) && tokens.get(first - 2).is(Kind.NUMBER)
        && adjacent(tokens.get(first - 2), tokens.get(first - 1)) && adjacent(tokens.get(first - 1), tokens.get(first))) {
      first -= 2;
    }
    return first;
  }

  /** The digits of the {@code 20,000} run that starts at {@code first}, without the commas. */
  private static String joined(List<Token> tokens, int first) {
    StringBuilder digits = new StringBuilder(tokens.get(first).text());
    for (int k = first + 1; k + 1 < tokens.size() && tokens.get(k).is(Kind.COMMA)
        && adjacent(tokens.get(k - 1), tokens.get(k)) && tokens.get(k + 1).is(Kind.NUMBER)
        && adjacent(tokens.get(k), tokens.get(k + 1)); k += 2) {
      digits.append(tokens.get(k + 1).text());
    }
    return digits.toString();
  }

  /** Whether {@code b} starts right where {@code a} ends, on the same line. */
  private static boolean adjacent(Token a, Token b) {
    return a.position().line() == b.position().line()
        && b.position().column() == a.position().column() + a.text().codePointCount(0, a.text().length());
  }
}
