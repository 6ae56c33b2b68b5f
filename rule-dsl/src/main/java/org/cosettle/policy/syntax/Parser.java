package org.cosettle.policy.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;
import org.cosettle.policy.Source;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Token.Kind;

/**
 * Recursive-descent parser for CPL (spec §4–§5). On a syntax error it records a diagnostic and
 * skips to the end of the declaration, so one run reports the errors of every line.
 */
public final class Parser extends ExpressionParser {
  /** The parsed file (possibly partial) and every lexical and syntax error. */
  public record Result(Ast.PolicyFile file, List<Diagnostic> diagnostics) {}

  /** First line of each declaration parsed → its last line. */
  private final Map<Integer, Integer> declarationLines = new HashMap<>();

  private Parser(List<Token> tokens) {
    super(tokens);
  }

  /** Parses a whole policy file; never throws on bad input. */

  public static Result parse(Source source) {
    Lexer.Result lexed = Lexer.lex(source.text());
    Parser p = new Parser(lexed.tokens());
    p.diagnostics.addAll(lexed.diagnostics());
    List<Ast.Decl> decls = p.file();
    p.diagnostics.addAll(SyntaxHints.thousandsInBrackets(lexed.tokens()));
    return new Result(new Ast.PolicyFile(source, decls, p.declarationLines, p.nextId), List.copyOf(p.diagnostics));
  }

  private List<Ast.Decl> file() {
    List<Ast.Decl> decls = new ArrayList<>();
    while (!peek().is(Kind.EOF)) {
      if (peek().is(Kind.NEWLINE)) {
        index++;
        continue;
      }
      int errorsBefore = diagnostics.size();
      int start = index;
      startDeclaration();
      try {
        Ast.Decl d = declaration();
        decls.add(d);
        if (!peek().is(Kind.NEWLINE) && !peek().is(Kind.EOF)) {
          fail(peek(), "expected the end of the declaration, found " + describe(peek()));
        }
        declarationLines.put(d.pos().line(), tokens.get(index - 1).position().line());
        // the rest of the line is not another declaration: one error for it is enough
        while (!peek().is(Kind.NEWLINE) && !peek().is(Kind.EOF)) {
          index++;
        }
      } catch (SyntaxError e) {
        if (diagnostics.size() == errorsBefore) {
          throw new IllegalStateException("syntax error without diagnostic", e);
        }
        Ast.Decl named = unparsed(start);
        if (named != null) {
          decls.add(named);
        }
        while (!peek().is(Kind.NEWLINE) && !peek().is(Kind.EOF)) {
          index++;
        }
      }
    }
    return decls;
  }

  /**
   * The name of a {@code param}, {@code let} or {@code output} starting at {@code start} whose
   * rest failed to parse, as a declaration of its own, or null: one error must not turn every
   * later use of the name into "unknown name".
   */
  private Ast.Decl unparsed(int start) {
    Token keyword = tokens.get(start);
    if (!(keyword.isKeyword("param") || keyword.isKeyword("let") || keyword.isKeyword("output"))
        || start + 1 >= tokens.size() || !tokens.get(start + 1).is(Kind.IDENT)) {
      return null;
    }
    Token name = tokens.get(start + 1);
    return new Ast.Unparsed(keyword.position(), name.position(), name.text());
  }

  private Ast.Decl declaration() {
    Token t = peek();
    if (t.is(Kind.IDENT) && t.text().equals("insured") && peekAt(1).is(Kind.IDENT) && peekAt(1).text().equals("field")) {
      return insuredField(t);
    }
    if (t.is(Kind.IDENT) && t.text().equals("public") && peekAt(1).is(Kind.IDENT) && peekAt(1).text().equals("codes")) {
      return codeList(t);
    }
    if (!t.is(Kind.KEYWORD)) {
      throw fail(t, "expected a declaration (policy, param, private param, private table, public codes, insured field, state, let, output, update or aggregate), found " + describe(t));
    }
    switch (t.text()) {
      case "policy": {
        index++;
        String name = expect(Kind.STRING, "the policy name as a string").text();
        expectKeyword("version");
        Token v = expect(Kind.NUMBER, "a version number");
        long version;
        try {
          version = Long.parseLong(v.text());
        } catch (NumberFormatException e) {
          throw fail(v, "the version must be a whole number, found " + v.text());
        }
        return new Ast.Header(t.position(), name, version);
      }
      case "param": {
        index++;
        Token name = expectName();
        expect(Kind.COLON, "':' and a type");
        Ast.TypeRef type = type();
        expect(Kind.ASSIGN, "'=' and the parameter's value");
        Expr value = expression();
        return new Ast.Param(t.position(), name.position(), name.text(), type, value, false);
      }
      case "private": {
        index++;
        if (peek().is(Kind.IDENT) && peek().text().equals("table")) {
          return table(t);
        }
        if (!peek().isKeyword("param")) {
          throw fail(peek(), "expected 'param' or 'table' after 'private', found " + describe(peek()));
        }
        expectKeyword("param");
        Token name = expectName();
        expect(Kind.COLON, "':' and a type");
        Ast.TypeRef type = type();
        if (peek().is(Kind.ASSIGN)) {
          throw fail(peek(), "a private param has no value in the policy; the insurer supplies it at run time");
        }
        return new Ast.Param(t.position(), name.position(), name.text(), type, null, true);
      }
      case "state": {
        index++;
        Token name = expectName();
        expect(Kind.COLON, "':' and the state's type: money, int or bool");
        Ast.TypeRef type = type();
        Ast.Field key = null;
        if (peek().isKeyword("by")) {
          index++;
          Token object = expect(Kind.IDENT, "the field the state is shared by, as insured.family");
          expect(Kind.DOT, "'.' and the field's name, as insured.family");
          Token field = expect(Kind.IDENT, "the field's name, as insured.family");
          key = new Ast.Field(id(), object.position(), object.text(), field.text());
        }
        return new Ast.State(t.position(), name.position(), name.text(), type, key, perPolicyYear());
      }
      case "let": {
        index++;
        Token name = expectName();
        expect(Kind.ASSIGN, "'='");
        return new Ast.Let(t.position(), name.position(), name.text(), expression());
      }
      case "output": {
        index++;
        Token name = expectName();
        expect(Kind.ASSIGN, "'='");
        Expr value = expression();
        expectKeyword("to");
        return new Ast.Output(t.position(), name.position(), name.text(), value, parties());
      }
      case "update": {
        index++;
        Token name = expectName();
        if (peek().is(Kind.LBRACKET)) {
          return itemUpdate(t, name);
        }
        expect(Kind.ASSIGN, "'='");
        return new Ast.Update(t.position(), name.position(), name.text(), expression());
      }
      case "aggregate":
        return aggregate();
      default:
        throw fail(t, "expected a declaration, found the keyword '" + t.text() + "'");
    }
  }

  /** {@code update NAME[VAR.code] = VALUE for VAR in claim.items [where COND]}, after the name. */
  private Ast.Decl itemUpdate(Token start, Token name) {
    expect(Kind.LBRACKET, "'['");
    Token variable = expect(Kind.IDENT, "the line item's name, as in " + name.text() + "[item.code]");
    expect(Kind.DOT, "'.code'");
    Token code = expect(Kind.IDENT, "'code': a state is kept per line item code");
    if (!code.text().equals("code")) {
      throw fail(code, "a state is kept per line item code: write " + name.text() + "[" + variable.text() + ".code]");
    }
    expect(Kind.RBRACKET, "']'");
    expect(Kind.ASSIGN, "'='");
    Expr value = expression();
    expectKeyword("for");
    Token item = expect(Kind.IDENT, "the line item's name, " + variable.text());
    if (!item.text().equals(variable.text())) {
      throw fail(item, "the update is indexed by " + variable.text() + ".code: write for " + variable.text()
          + " in claim.items");
    }
    expectKeyword("in");
    Token claim = expect(Kind.IDENT, "claim.items");
    expect(Kind.DOT, "'.items'");
    Token items = expect(Kind.IDENT, "claim.items");
    if (!claim.text().equals("claim") || !items.text().equals("items")) {
      throw fail(claim, "an update per item code runs over claim.items");
    }
    Expr where = null;
    if (peek().isKeyword("where")) {
      index++;
      where = expression();
    }
    return new Ast.ItemUpdate(start.position(), name.position(), name.text(), variable.text(), variable.position(),
        value, where);
  }

  /** {@code public codes NAME: "FILE" sha256 "HEX"}. */
  private Ast.Decl codeList(Token start) {
    index += 2;
    Token name = expectName();
    expect(Kind.COLON, "':' and the code list's CSV file as a string");
    Token file = expect(Kind.STRING, "the code list's CSV file as a string, relative to the policy file");
    expectWord("sha256", "'sha256' and the SHA-256 of the file's bytes, as a string of 64 hex digits");
    Token digest = expect(Kind.STRING, "the SHA-256 of the file's bytes, as a string of 64 hex digits");
    return new Ast.CodeList(start.position(), name.position(), name.text(), file.position(), file.text(),
        digest.position(), digest.text());
  }

  /**
   * {@code private table NAME: TYPE by code size N default VALUE} or {@code private table NAME:
   * TYPE by code in CODES default VALUE}, after {@code private}.
   */
  private Ast.Decl table(Token start) {
    index++;
    Token name = expectName();
    expect(Kind.COLON, "':' and the type of the table's values");
    Ast.TypeRef type = type();
    expectKeyword("by");
    Token key = expect(Kind.IDENT, "the type the table is indexed by: code");
    if (peek().isKeyword("in")) {
      index++;
      Token universe = expect(Kind.IDENT, "the public code list the table is indexed by (public codes NAME: ...)");
      expectWord("default", "'default' and the value for a code absent from the table");
      Expr value = expression();
      return new Ast.Table(start.position(), name.position(), name.text(), type, key.position(), key.text(),
          universe.position(), 0, value, universe.position(), universe.text());
    }
    expectWord("size", "'size' and the public bound on the number of entries, or 'in' and a public code list");
    Token size = expect(Kind.NUMBER, "the table's size bound, a whole number");
    long bound;
    try {
      bound = Long.parseLong(size.text());
    } catch (NumberFormatException e) {
      throw fail(size, "the size bound must be a whole number, found " + size.text());
    }
    expectWord("default", "'default' and the value for a code absent from the table");
    Expr value = expression();
    return new Ast.Table(start.position(), name.position(), name.text(), type, key.position(), key.text(),
        size.position(), bound, value);
  }

  /** {@code insured field NAME: TYPE}, {@code enum {A, B}} or {@code codes size N} among the types. */
  private Ast.Decl insuredField(Token start) {
    index += 2;
    Token name = expectName();
    expect(Kind.COLON, "':' and the field's type (money, ratio, int, bool, date, enum {...}, codes size N or id)");
    Token type = expect(Kind.IDENT, "the field's type (money, ratio, int, bool, date, enum {...}, codes size N or id)");
    List<Ast.EnumValue> values = new ArrayList<>();
    Position sizePos = null;
    long size = 0;
    if (type.text().equals("enum")) {
      expect(Kind.LBRACE, "'{' and the enum's values");
      do {
        Token v = expect(Kind.IDENT, "an enum value, an upper-case name such as BASIC");
        values.add(new Ast.EnumValue(v.position(), v.text()));
      } while (accept(Kind.COMMA));
      expect(Kind.RBRACE, "'}'");
    } else if (type.text().equals("codes")) {
      expectWord("size", "'size' and the public bound on the number of codes per person");
      Token n = expect(Kind.NUMBER, "the code set's size bound, a whole number");
      sizePos = n.position();
      try {
        size = Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        throw fail(n, "the size bound must be a whole number, found " + n.text());
      }
    }
    return new Ast.InsuredField(start.position(), name.position(), name.text(),
        new Ast.TypeRef(type.position(), type.text()), values, sizePos, size);
  }

  private Ast.Decl aggregate() {
    Token t = next();
    Token name = expectName();
    expect(Kind.ASSIGN, "'='");
    Token fn = peek();
    Expr sum = null;
    if (fn.isKeyword("sum")) {
      index++;
      expect(Kind.LPAREN, "'('");
      sum = expression();
      expect(Kind.RPAREN, "')'");
    } else if (fn.isKeyword("count")) {
      index++;
      expect(Kind.LPAREN, "'('");
      expect(Kind.RPAREN, "')' (count() of an aggregate takes no argument)");
    } else {
      throw fail(fn, "expected sum(...) or count(), found " + describe(fn));
    }
    Expr where = null;
    if (peek().isKeyword("where")) {
      index++;
      where = expression();
    }
    Ast.GroupKey by = null;
    if (peek().isKeyword("by")) {
      Token b = next();
      if (peek().isKeyword("band")) {
        index++;
        expect(Kind.LPAREN, "'('");
        Expr key = expression();
        expect(Kind.COMMA, "',' and the band bounds");
        expect(Kind.LBRACKET, "'['");
        List<Expr> bounds = new ArrayList<>();
        do {
          bounds.add(expression());
        } while (accept(Kind.COMMA));
        expect(Kind.RBRACKET, "']'");
        expect(Kind.RPAREN, "')'");
        by = new Ast.GroupKey(b.position(), key, bounds);
      } else {
        by = new Ast.GroupKey(b.position(), expression(), null);
      }
    }
    expectKeyword("to");
    List<Ast.Party> parties = parties();
    Expr cohort = null;
    if (peek().isKeyword("cohort")) {
      index++;
      cohort = primary();
    }
    return new Ast.Aggregate(t.position(), name.position(), name.text(), sum, where, by, parties, cohort);
  }

  private List<Ast.Party> parties() {
    List<Ast.Party> parties = new ArrayList<>();
    do {
      Token p = expect(Kind.IDENT, "a party (insurer or data_holder)");
      parties.add(new Ast.Party(p.position(), p.text()));
    } while (accept(Kind.COMMA));
    return parties;
  }

  /** An optional {@code per policy_year} after a state's type: its place, or null. */
  private Position perPolicyYear() {
    if (!(peek().is(Kind.IDENT) && peek().text().equals("per"))) {
      return null;
    }
    Token per = peek();
    index++;
    if (!(peek().is(Kind.IDENT) && peek().text().equals("policy_year"))) {
      throw fail(peek(), "expected 'policy_year' after 'per' (a state restarts at each policy anniversary), found "
          + describe(peek()));
    }
    index++;
    return per.position();
  }

  private Ast.TypeRef type() {
    Token t = expect(Kind.IDENT, "a type (money, ratio, int, bool, date, set<category>, set<code>)");
    if (t.text().equals("set") && peek().is(Kind.LT)) {
      index++;
      Token e = expect(Kind.IDENT, "category or code");
      expect(Kind.GT, "'>'");
      return new Ast.TypeRef(t.position(), "set<" + e.text() + ">");
    }
    return new Ast.TypeRef(t.position(), t.text());
  }
}
