package org.cosettle.policy.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Token.Kind;

/** The expression rules of CPL (spec §4), loosest first; {@link Parser} adds the declarations. */
class ExpressionParser extends TokenCursor {
  /**
   * Deepest expression tree accepted. Later stages walk the tree recursively, so without a
   * bound a machine-made or corrupted policy ("((((...", "1 + 1 + ...") overflows the stack.
   */
  static final int MAX_NESTING = 256;

  /** Levels of the expression tree above the node being parsed (recursion plus left-deep chains). */
  private int nesting;

  ExpressionParser(List<Token> tokens) {
    super(tokens);
  }

  /** Each declaration starts at depth 0 (a syntax error unwinds past the counting). */
  void startDeclaration() {
    nesting = 0;
  }

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
    Token n = expect(Kind.IDENT, "a set literal {...}, the name of a set param or a code set field insured.NAME");
    if (n.text().equals("insured") && peek().is(Kind.DOT)) {
      index++;
      Token field = expect(Kind.IDENT, "the name of a code set field after 'insured.'");
      return new Ast.Field(id(), n.position(), n.text(), field.text());
    }
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

  Expr primary() {
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
        if (peek().is(Kind.LBRACKET)) {
          index++;
          Expr key = expression();
          expect(Kind.RBRACKET, "']' after the code looked up in '" + t.text() + "'");
          return new Ast.Lookup(id(), t.position(), t.text(), key);
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
    Expr from = null;
    if (accept(Kind.COMMA)) {
      expectWord("from", "'from' and the running total the bands start at");
      from = expression();
    }
    expect(Kind.RPAREN, "')'");
    return new Ast.Tiered(id(), t.position(), x, bounds, rates, from);
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
}
