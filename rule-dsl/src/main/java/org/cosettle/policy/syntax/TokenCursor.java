package org.cosettle.policy.syntax;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.syntax.Token.Kind;

/**
 * The parser's position in the token list, node ids and diagnostics, with the token helpers
 * that both the expression and the declaration rules use.
 */
abstract class TokenCursor {
  /** Unwinds to the end of the declaration after {@link #fail} recorded why. */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super(null, null, false, false);
    }
  }

  final List<Token> tokens;
  final List<Diagnostic> diagnostics = new ArrayList<>();
  int index;
  int nextId;

  TokenCursor(List<Token> tokens) {
    this.tokens = tokens;
  }

  int id() {
    return nextId++;
  }

  Token peek() {
    return tokens.get(index);
  }

  /** The token {@code ahead} places after the current one (the end of file past the last). */
  Token peekAt(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(index);
    if (!t.is(Kind.EOF)) {
      index++;
    }
    return t;
  }

  boolean accept(Kind k) {
    if (peek().is(k)) {
      index++;
      return true;
    }
    return false;
  }

  Token expect(Kind k, String what) {
    Token t = peek();
    if (!t.is(k)) {
      throw fail(t, "expected " + what + ", found " + describe(t));
    }
    index++;
    return t;
  }

  Token expectName() {
    Token t = peek();
    if (t.is(Kind.KEYWORD)) {
      throw fail(t, "'" + t.text() + "' is a keyword and cannot be used as a name");
    }
    return expect(Kind.IDENT, "a name");
  }

  void expectKeyword(String word) {
    Token t = peek();
    if (!t.isKeyword(word)) {
      throw fail(t, "expected '" + word + "', found " + describe(t));
    }
    index++;
  }

  /**
   * A word that is a keyword only in one place ({@code size}, {@code default}, {@code from} in
   * {@code tiered}), so it stays free as a name elsewhere.
   */
  void expectWord(String word, String what) {
    Token t = peek();
    if (!t.is(Kind.IDENT) || !t.text().equals(word)) {
      throw fail(t, "expected " + what + ", found " + describe(t));
    }
    index++;
  }

  SyntaxError fail(Token at, String message) {
    diagnostics.add(new Diagnostic(at.position(), message + SyntaxHints.at(tokens, tokens.indexOf(at))));
    return new SyntaxError();
  }

  static String describe(Token t) {
    switch (t.kind()) {
      case NEWLINE:
        return "the end of the line";
      case EOF:
        return "the end of the file";
      case STRING:
        return "the string \"" + t.text() + "\"";
      case KEYWORD:
        return "the keyword '" + t.text() + "'";
      case IDENT:
        return "the name '" + t.text() + "'";
      default:
        return "'" + t.text() + "'";
    }
  }
}
