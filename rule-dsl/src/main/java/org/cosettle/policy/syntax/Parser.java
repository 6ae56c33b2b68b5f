package org.cosettle.policy.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Source;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Token.Kind;

/**
 * Recursive-descent parser for CPL (spec §4–§5). On a syntax error it records a diagnostic and
 * skips to the end of the declaration, so one run reports the errors of every line.
 */
public final class Parser {
  /** The parsed file (possibly partial) and every lexical and syntax error. */
  public record Result(Ast.PolicyFile file, List<Diagnostic> diagnostics) {}

  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super(null, null, false, false);
    }
  }

  /**
   * Deepest expression tree accepted. Later stages walk the tree recursively, so without a
   * bound a machine-made or corrupted policy ("((((...", "1 + 1 + ...") overflows the stack.
   */
  static final int MAX_NESTING = 256;

  private final List<Token> tokens;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  /** First line of each declaration parsed → its last line. */
  private final Map<Integer, Integer> declarationLines = new HashMap<>();
  private int index;
  private int nextId;
  /** Levels of the expression tree above the node being parsed (recursion plus left-deep chains). */
  private int nesting;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  public static Result parse(Source source) {
    Lexer.Result lexed = Lexer.lex(source.text());
    Parser p = new Parser(lexed.tokens());
    p.diagnostics.addAll(lexed.diagnostics());
    List<Ast.Decl> decls = p.file();
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
      nesting = 0;
      try {
        Ast.Decl d = declaration();
        decls.add(d);
        if (!peek().is(Kind.NEWLINE) && !peek().is(Kind.EOF)) {
          fail(peek(), "expected the end of the declaration, found " + describe(peek()));
        }
        declarationLines.put(d.pos().line(), tokens.get(index - 1).position().line());
      } catch (SyntaxError e) {
        if (diagnostics.size() == errorsBefore) {
          throw new IllegalStateException("syntax error without diagnostic", e);
        }
        while (!peek().is(Kind.NEWLINE) && !peek().is(Kind.EOF)) {
          index++;
        }
      }
    }
    return decls;
  }

  private Ast.Decl declaration() {
    Token t = peek();
    if (!t.is(Kind.KEYWORD)) {
      throw fail(t, "expected a declaration (policy, param, private param, state, let, output, update or aggregate), found " + describe(t));
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
        expect(Kind.COLON, "':' and the type money");
        return new Ast.State(t.position(), name.position(), name.text(), type());
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
        expect(Kind.ASSIGN, "'='");
        return new Ast.Update(t.position(), name.position(), name.text(), expression());
      }
      case "aggregate":
        return aggregate();
      default:
        throw fail(t, "expected a declaration, found the keyword '" + t.text() + "'");
    }
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

  // ---- expressions, loosest first -------------------------------------------------------

  Expr expression() {
    deeper(peek());
    try {
      if (peek().isKeyword("if")) {
        Token t = next();
        Expr c = expression();
        expectKeyword("then");
        Expr a = expression();
        expectKeyword("else");
        Expr b = expression();
        return new Ast.If(id(), t.position(), c, a, b);
      }
      return or();
    } finally {
      nesting--;
    }
  }

  /** One more level of the tree; a syntax error beyond {@link #MAX_NESTING}. */
  private void deeper(Token at) {
    if (++nesting > MAX_NESTING) {
      throw fail(at, "expression nested too deeply (more than " + MAX_NESTING + " levels); split it into lets");
    }
  }

  private Expr or() {
    return chain(this::and, t -> t.isKeyword("or"));
  }

  private Expr and() {
    return chain(this::not, t -> t.isKeyword("and"));
  }

  /** A left-associative chain {@code a OP b OP c}; each link is one more level of the tree. */
  private Expr chain(Supplier<Expr> operand, Predicate<Token> isOperator) {
    Expr left = operand.get();
    int links = 0;
    try {
      while (isOperator.test(peek())) {
        Token op = next();
        deeper(op);
        links++;
        left = new Ast.Binary(id(), op.position(), op.text(), left, operand.get());
      }
      return left;
    } finally {
      nesting -= links;
    }
  }

  /** {@code OP operand} where the operand is parsed by {@code operand} again (not, unary minus). */
  private Expr prefix(String op, Supplier<Expr> operand) {
    Token t = next();
    deeper(t);
    try {
      return new Ast.Unary(id(), t.position(), op, operand.get());
    } finally {
      nesting--;
    }
  }

  private Expr not() {
    return peek().isKeyword("not") ? prefix("not", this::not) : comparison();
  }

  private Expr comparison() {
    Expr left = additive();
    Token op = peek();
    if (isComparison(op) || op.isKeyword("in")) {
      index++;
      Expr result;
      if (op.isKeyword("in")) {
        result = new Ast.In(id(), op.position(), left, setOperand());
      } else {
        result = new Ast.Binary(id(), op.position(), op.text(), left, additive());
      }
      Token again = peek();
      if (isComparison(again) || again.isKeyword("in")) {
        throw fail(again, "comparisons do not chain: write (a < b) and (b < c)");
      }
      return result;
    }
    return left;
  }

  private Expr setOperand() {
    if (peek().is(Kind.LBRACE)) {
      Token open = next();
      List<Expr> elements = new ArrayList<>();
      if (!peek().is(Kind.RBRACE)) {
        do {
          elements.add(primary());
        } while (accept(Kind.COMMA));
      }
      expect(Kind.RBRACE, "'}' or ','");
      return new Ast.SetLit(id(), open.position(), elements);
    }
    Token n = expect(Kind.IDENT, "a set literal {...} or the name of a set param");
    return new Ast.Name(id(), n.position(), n.text());
  }

  private static boolean isComparison(Token t) {
    switch (t.kind()) {
      case LT: case LE: case GT: case GE: case EQ: case NE:
        return true;
      default:
        return false;
    }
  }

  private Expr additive() {
    return chain(this::multiplicative, t -> t.is(Kind.PLUS) || t.is(Kind.MINUS));
  }

  private Expr multiplicative() {
    return chain(this::unary, t -> t.is(Kind.STAR) || t.is(Kind.SLASH));
  }

  private Expr unary() {
    return peek().is(Kind.MINUS) ? prefix("-", this::unary) : primary();
  }

  private Expr primary() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER:
        return new Ast.Num(id(), t.position(), t.text());
      case DATE: {
        Integer days = org.cosettle.core.ClaimsFile.parseDate(t.text());
        return new Ast.DateLit(id(), t.position(), days == null ? 0 : days);
      }
      case STRING:
        return new Ast.StrLit(id(), t.position(), t.text());
      case LPAREN: {
        Expr e = expression();
        expect(Kind.RPAREN, "')'");
        return e;
      }
      case LBRACE: {
        index--;
        return setOperand();
      }
      case IDENT: {
        if (peek().is(Kind.LPAREN)) {
          return call(t);
        }
        if (peek().is(Kind.DOT)) {
          index++;
          Token f = peek();
          if (!f.is(Kind.IDENT) && !f.is(Kind.KEYWORD)) {
            throw fail(f, "expected a field name after '" + t.text() + ".', found " + describe(f));
          }
          index++;
          return new Ast.Field(id(), t.position(), t.text(), f.text());
        }
        return new Ast.Name(id(), t.position(), t.text());
      }
      case KEYWORD:
        switch (t.text()) {
          case "true":
            return new Ast.BoolLit(id(), t.position(), true);
          case "false":
            return new Ast.BoolLit(id(), t.position(), false);
          case "match":
            return match(t);
          case "tiered":
            return tiered(t);
          case "sum":
            return sum(t);
          case "count":
            return count(t);
          case "if":
            index--;
            return expression();
          default:
            break;
        }
        // fall through
      default:
        index--;
        throw fail(t, "expected an expression, found " + describe(t));
    }
  }

  private Expr call(Token name) {
    expect(Kind.LPAREN, "'('");
    List<Expr> args = new ArrayList<>();
    if (!peek().is(Kind.RPAREN)) {
      do {
        args.add(expression());
      } while (accept(Kind.COMMA));
    }
    expect(Kind.RPAREN, "')' or ','");
    return new Ast.Call(id(), name.position(), name.text(), args);
  }

  private Expr match(Token t) {
    expect(Kind.LBRACE, "'{'");
    List<Ast.Arm> arms = new ArrayList<>();
    Expr otherwise = null;
    while (true) {
      if (peek().isKeyword("else")) {
        index++;
        expect(Kind.ARROW, "'=>'");
        otherwise = expression();
        accept(Kind.COMMA);
        expect(Kind.RBRACE, "'}' (the else arm comes last)");
        break;
      }
      if (peek().is(Kind.RBRACE)) {
        throw fail(peek(), "a match needs an 'else => ...' arm");
      }
      Expr c = expression();
      expect(Kind.ARROW, "'=>'");
      arms.add(new Ast.Arm(c, expression()));
      expect(Kind.COMMA, "',' between the arms of a match");
    }
    return new Ast.Match(id(), t.position(), arms, otherwise);
  }

  private Expr tiered(Token t) {
    expect(Kind.LPAREN, "'('");
    Expr x = expression();
    expect(Kind.COMMA, "',' and the bands [bound: rate, ...]");
    expect(Kind.LBRACKET, "'['");
    List<Expr> bounds = new ArrayList<>();
    List<Expr> rates = new ArrayList<>();
    do {
      bounds.add(unary());
      expect(Kind.COLON, "':' and the band's rate");
      rates.add(expression());
    } while (accept(Kind.COMMA));
    expect(Kind.RBRACKET, "']'");
    expect(Kind.RPAREN, "')'");
    return new Ast.Tiered(id(), t.position(), x, bounds, rates);
  }

  private Expr sum(Token t) {
    expect(Kind.LPAREN, "'('");
    Expr body = expression();
    expectKeyword("for");
    String variable = expectName().text();
    Expr where = itemsTail();
    return new Ast.Sum(id(), t.position(), variable, body, where);
  }

  private Expr count(Token t) {
    expect(Kind.LPAREN, "'('");
    String variable = expectName().text();
    Expr where = itemsTail();
    return new Ast.Count(id(), t.position(), variable, where);
  }

  /** {@code in claim.items [where COND] )}: the optional filter, or null. */
  private Expr itemsTail() {
    expectKeyword("in");
    itemsSource();
    Expr where = null;
    if (peek().isKeyword("where")) {
      index++;
      where = expression();
    }
    expect(Kind.RPAREN, "')'");
    return where;
  }

  private void itemsSource() {
    Token c = peek();
    if (!(c.is(Kind.IDENT) && c.text().equals("claim") && tokens.get(index + 1).is(Kind.DOT)
        && tokens.get(index + 2).is(Kind.IDENT) && tokens.get(index + 2).text().equals("items"))) {
      throw fail(c, "expected claim.items, found " + describe(c));
    }
    index += 3;
  }

  // ---- token helpers ----------------------------------------------------------------------

  private int id() {
    return nextId++;
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token t = tokens.get(index);
    if (!t.is(Kind.EOF)) {
      index++;
    }
    return t;
  }

  private boolean accept(Kind k) {
    if (peek().is(k)) {
      index++;
      return true;
    }
    return false;
  }

  private Token expect(Kind k, String what) {
    Token t = peek();
    if (!t.is(k)) {
      throw fail(t, "expected " + what + ", found " + describe(t));
    }
    index++;
    return t;
  }

  private Token expectName() {
    Token t = peek();
    if (t.is(Kind.KEYWORD)) {
      throw fail(t, "'" + t.text() + "' is a keyword and cannot be used as a name");
    }
    return expect(Kind.IDENT, "a name");
  }

  private void expectKeyword(String word) {
    Token t = peek();
    if (!t.isKeyword(word)) {
      throw fail(t, "expected '" + word + "', found " + describe(t));
    }
    index++;
  }

  private SyntaxError fail(Token at, String message) {
    diagnostics.add(new Diagnostic(at.position(), message));
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
