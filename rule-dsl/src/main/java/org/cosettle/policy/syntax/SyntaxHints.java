package org.cosettle.policy.syntax;

import java.util.List;
import org.cosettle.policy.syntax.Token.Kind;

/**
 * What a syntax error most likely means, added to its message where a common slip explains it:
 * a number written with thousands separators ({@code 20,000.00}) and a declaration continued
 * by starting the next line with an operator instead of ending the line with it.
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
      StringBuilder digits = new StringBuilder(tokens.get(first).text());
      for (int k = first + 1; k + 1 < tokens.size() && tokens.get(k).is(Kind.COMMA)
          && adjacent(tokens.get(k - 1), tokens.get(k)) && tokens.get(k + 1).is(Kind.NUMBER)
          && adjacent(tokens.get(k), tokens.get(k + 1)); k += 2) {
        digits.append(tokens.get(k + 1).text());
      }
      return " (numbers are written without thousands separators: " + digits + ")";
    }
    Token t = tokens.get(at);
    boolean operator = OPERATORS.contains(t.kind()) || t.isKeyword("and") || t.isKeyword("or") || t.isKeyword("in");
    if (operator && at > 0 && tokens.get(at - 1).is(Kind.NEWLINE)) {
      return " (a declaration goes on to the next line only when its line ends with an operator: end the line"
          + " before with '" + t.text() + "' instead of starting this one with it)";
    }
    return "";
  }

  /** The index of the number that starts a {@code 20,000} run around {@code at}, or -1. */
  private static int thousandsStart(List<Token> tokens, int at) {
    int comma = tokens.get(at).is(Kind.COMMA) ? at : tokens.get(at).is(Kind.NUMBER) && at > 0 ? at - 1 : -1;
    if (comma < 1 || comma + 1 >= tokens.size() || !tokens.get(comma).is(Kind.COMMA)) {
      return -1;
    }
    Token before = tokens.get(comma - 1);
    Token after = tokens.get(comma + 1);
    if (!before.is(Kind.NUMBER) || !after.is(Kind.NUMBER) || !adjacent(before, tokens.get(comma))
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

  /** Whether {@code b} starts right where {@code a} ends, on the same line. */
  private static boolean adjacent(Token a, Token b) {
    return a.position().line() == b.position().line()
        && b.position().column() == a.position().column() + a.text().codePointCount(0, a.text().length());
  }
}
