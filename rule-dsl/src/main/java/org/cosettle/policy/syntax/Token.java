package org.cosettle.policy.syntax;

import org.cosettle.policy.Position;

/** A lexical token; {@code text} is the exact source text (a string's value without quotes). */
public record Token(Kind kind, String text, Position position) {
  public enum Kind {
    IDENT, KEYWORD, NUMBER, STRING, DATE,
    LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE,
    COMMA, DOT, COLON, ASSIGN, ARROW, PLUS, MINUS, STAR, SLASH,
    LT, LE, GT, GE, EQ, NE,
    NEWLINE, EOF
  }

  public boolean is(Kind k) {
    return kind == k;
  }

  public boolean isKeyword(String word) {
    return kind == Kind.KEYWORD && text.equals(word);
  }
}
