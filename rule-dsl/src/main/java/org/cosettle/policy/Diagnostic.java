package org.cosettle.policy;

import java.util.Locale;

/**
 * One finding about a policy, rendered as spec §9 asks: location, severity, message, the source
 * line and a caret. Every rule of the language reports an {@link Severity#ERROR}; a policy with
 * one does not compile.
 */
public record Diagnostic(Position position, String message, Severity severity) {
  /** How bad a finding is: an error stops the policy from compiling, a warning does not. */
  public enum Severity { ERROR, WARNING }

  /** An error at {@code position}. */
  public Diagnostic(Position position, String message) {
    this(position, message, Severity.ERROR);
  }

  /** Whether the policy cannot compile because of it. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code FILE:LINE:COL: error: MESSAGE}, the source line and a caret under the column. */
  public String render(Source source) {
    String line = source.line(position.line());
    StringBuilder caret = new StringBuilder();
    int col = 1;
    for (int i = 0; i < line.length() && col < position.column(); col++) {
      int cp = line.codePointAt(i);
      // keep tabs so the caret lines up; wide (CJK) characters take two columns in a terminal
      caret.append(cp == '\t' ? "\t" : Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN ? "  " : " ");
      i += Character.charCount(cp);
    }
    caret.append('^');
    return source.name() + ":" + position + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message + "\n"
        + line + "\n" + caret;
  }
}
