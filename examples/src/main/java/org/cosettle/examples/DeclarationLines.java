package org.cosettle.examples;

import java.util.HashMap;
import java.util.Map;
import org.cosettle.policy.Lexer;
import org.cosettle.policy.Source;
import org.cosettle.policy.Token;

/**
 * The source lines of each declaration of a policy, so that a rule continued over several lines
 * (spec §5) is shown whole. The lexer decides where a declaration ends, exactly as the compiler.
 */
final class DeclarationLines {
  private final Source source;
  private final Map<Integer, Integer> lastLineByFirst = new HashMap<>();

  DeclarationLines(Source source) {
    this.source = source;
    int first = 0;
    int previousLine = 0;
    for (Token t : Lexer.lex(source.text()).tokens()) {
      if (t.is(Token.Kind.NEWLINE) || t.is(Token.Kind.EOF)) {
        if (first > 0) {
          lastLineByFirst.put(first, previousLine);
        }
        first = 0;
      } else {
        if (first == 0) {
          first = t.position().line();
        }
        previousLine = t.position().line();
      }
    }
  }

  /**
   * The text of the declaration starting on {@code line}: its first line stripped, continuation
   * lines keeping their indentation relative to it, trailing blanks removed.
   */
  String text(int line) {
    int last = lastLineByFirst.getOrDefault(line, line);
    String firstLine = source.line(line);
    int indent = firstLine.length() - firstLine.stripLeading().length();
    StringBuilder sb = new StringBuilder(firstLine.strip());
    for (int l = line + 1; l <= last; l++) {
      String next = source.line(l).stripTrailing();
      int cut = Math.min(indent, next.length() - next.stripLeading().length());
      sb.append('\n').append(next.substring(cut));
    }
    return sb.toString();
  }
}
