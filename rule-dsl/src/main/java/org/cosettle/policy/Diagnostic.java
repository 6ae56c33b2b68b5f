package org.cosettle.policy;

/** One error found in a policy, rendered as spec §9 asks: location, message, line, caret. */
public record Diagnostic(Position position, String message) {
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
    return source.name() + ":" + position + ": error: " + message + "\n" + line + "\n" + caret;
  }
}
