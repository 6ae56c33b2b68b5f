package org.cosettle.policy.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Position;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

class LexerTest {
  private static String kinds(String text) {
    return Lexer.lex(text).tokens().stream().map(t -> t.kind() + (t.is(Token.Kind.NEWLINE) || t.is(Token.Kind.EOF) ? "" : "(" + t.text() + ")"))
        .collect(Collectors.joining(" "));
  }

  @Test
  void continuationAfterOperatorAndInsideBrackets() {
    assertEquals("KEYWORD(let) IDENT(a) ASSIGN(=) NUMBER(1) PLUS(+) NUMBER(2) NEWLINE IDENT(b) NEWLINE EOF",
        kinds("let a = 1 +  # note\n\n 2\nb"));
    assertEquals("IDENT(f) LPAREN(() NUMBER(1) RPAREN()) NEWLINE EOF", kinds("f(\n1\n)\n"));
  }

  @Test
  void numbersPercentDatesAndChineseNames() {
    assertEquals("IDENT(免赔额) ASSIGN(=) NUMBER(12.5%) DATE(2026-01-01) NEWLINE EOF", kinds("免赔额 = 12.5% 2026-01-01"));
  }

  @Test
  void invalidDateIsLocated() {
    List<Diagnostic> d = Lexer.lex("param d: date = 2026-02-30").diagnostics();
    assertEquals(1, d.size());
    assertEquals(new Position(1, 17), d.get(0).position());
  }

  @Test
  void malformedNumberIsReportedAndItsTokenKeepsOnlyTheWellFormedPart() {
    Lexer.Result r = Lexer.lex("param p: money = 123.I5\nlet y = 7x\uD840\uDC0B");
    assertEquals(List.of(new Position(1, 18), new Position(2, 9)),
        r.diagnostics().stream().map(Diagnostic::position).toList());
    assertEquals("malformed number \"123.I5\"", r.diagnostics().get(0).message());
    assertEquals("malformed number \"7x\uD840\uDC0B\"", r.diagnostics().get(1).message());
    assertEquals(List.of("123", "7"), r.tokens().stream().filter(t -> t.is(Token.Kind.NUMBER)).map(Token::text).toList());
  }

  @Test
  void malformedNumberDoesNotCrashTheCompiler() {
    Policies.Result r = Policies.compile(new Source("p.cpl", "policy \"p\" version 1\nparam p: money = 123.I5\noutput o = p to insurer\n"));
    assertEquals(List.of("malformed number \"123.I5\""), r.diagnostics().stream().map(Diagnostic::message).toList());
  }

  @Test
  void brokenDateStopsAtTheLineBreakSoLaterPositionsStayRight() {
    Lexer.Result r = Lexer.lex("param d: date = 2026-\r\n03-10\nlet x = @");
    assertEquals(List.of(new Position(1, 17), new Position(3, 9)),
        r.diagnostics().stream().map(Diagnostic::position).toList());
    assertEquals("invalid date \"2026-\" (expected a calendar date YYYY-MM-DD)", r.diagnostics().get(0).message());
  }

  @Test
  void caretRendering() {
    Source s = new Source("p.cpl", "let x = @\n");
    Diagnostic d = Lexer.lex(s.text()).diagnostics().get(0);
    assertEquals("p.cpl:1:9: error: unexpected character '@'\nlet x = @\n        ^", d.render(s));
  }
}
