package org.cosettle.examples;

import java.util.Map;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Source;

/**
 * The source lines of each declaration of a policy, so that a rule continued over several lines
 * (spec §5) is shown whole. Where a declaration ends is the parser's decision, taken from the
 * compiled policy rather than by lexing the text again.
 */
final class DeclarationLines {
  private final Source source;
  private final Map<Integer, Integer> lastLineByFirst;

  DeclarationLines(Source source, CompiledPolicy policy) {
    this.source = source;
    this.lastLineByFirst = policy.declarationLines();
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
