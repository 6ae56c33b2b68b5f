package org.cosettle.policy.syntax;

import java.util.List;
import java.util.Map;
import org.cosettle.policy.Position;
import org.cosettle.policy.Source;

/**
 * The immutable syntax tree of a policy. Every expression node has a stable {@code id}
 * (unique within one parsed policy) so that later stages keep types, labels and value ranges in
 * side tables keyed by it.
 */
public final class Ast {
  private Ast() {}

  /** An expression node. */
  public sealed interface Expr permits Num, BoolLit, DateLit, StrLit, Name, Field, Unary, Binary,
      In, SetLit, If, Match, Call, Tiered, Sum, Count, Lookup {
    int id();

    Position pos();
  }

  /** A numeric literal as written: {@code 20000}, {@code 0.8}, {@code 80%}. */
  public record Num(int id, Position pos, String text) implements Expr {}

  public record BoolLit(int id, Position pos, boolean value) implements Expr {}

  /** A date literal; {@code days} since 1970-01-01. */
  public record DateLit(int id, Position pos, int days) implements Expr {}

  /** A string literal (only as a code-set element). */
  public record StrLit(int id, Position pos, String value) implements Expr {}

  /** A bare name: a param, state, let, output or an enum literal such as {@code INPATIENT}. */
  public record Name(int id, Position pos, String name) implements Expr {}

  /** {@code claim.total}, {@code item.amount}, {@code patient.age}, {@code insured.preexisting}. */
  public record Field(int id, Position pos, String object, String field) implements Expr {}

  public record Unary(int id, Position pos, String op, Expr operand) implements Expr {}

  /** {@code + - * / < <= > >= == != and or}. */
  public record Binary(int id, Position pos, String op, Expr left, Expr right) implements Expr {}

  /** {@code TABLE[key]}: the entry of a private table for a code ({@code drug_ratio[item.code]}). */
  public record Lookup(int id, Position pos, String table, Expr key) implements Expr {}

  /** {@code x in SET}; the set is a {@link SetLit} or a {@link Name} of a set param. */
  public record In(int id, Position pos, Expr value, Expr set) implements Expr {}

  public record SetLit(int id, Position pos, List<Expr> elements) implements Expr {}

  public record If(int id, Position pos, Expr condition, Expr then, Expr otherwise) implements Expr {}

  /** One {@code condition => value} arm of a match. */
  public record Arm(Expr condition, Expr value) {}

  public record Match(int id, Position pos, List<Arm> arms, Expr otherwise) implements Expr {}

  /** {@code min}, {@code max}, {@code clamp}, {@code days_between}. */
  public record Call(int id, Position pos, String function, List<Expr> args) implements Expr {}

  /**
   * {@code tiered(x, [b0: r0, ...])}, or with {@code from} the cumulative form {@code tiered(x,
   * [b0: r0, ...], from total)}: the bands apply to {@code total + x}, and the value is the
   * difference of the band function at {@code total + x} and at {@code total}.
   */
  public record Tiered(int id, Position pos, Expr value, List<Expr> bounds, List<Expr> rates, Expr from)
      implements Expr {
    /** The plain form, bands on {@code x} alone. */
    public Tiered(int id, Position pos, Expr value, List<Expr> bounds, List<Expr> rates) {
      this(id, pos, value, bounds, rates, null);
    }
  }

  /** {@code sum(body for VAR in claim.items [where c])}; {@code where} may be null. */
  public record Sum(int id, Position pos, String variable, Expr body, Expr where) implements Expr {}

  /** {@code count(VAR in claim.items [where c])}; {@code where} may be null. */
  public record Count(int id, Position pos, String variable, Expr where) implements Expr {}

  /** A declared type: {@code money}, {@code ratio}, {@code int}, {@code bool}, {@code date}, sets. */
  public record TypeRef(Position pos, String name) {}

  /** A declaration line. */
  public sealed interface Decl permits Header, Param, Table, CodeList, InsuredField, State, Let, Output, Update, ItemUpdate,
      Aggregate, Unparsed {
    Position pos();
  }

  public record Header(Position pos, String name, long version) implements Decl {}

  /**
   * A {@code param}, {@code let} or {@code output} whose rest did not parse (its error already
   * reported): the name stays declared, so later uses of it report nothing more.
   */
  public record Unparsed(Position pos, Position namePos, String name) implements Decl {}

  /** {@code param} (with a value) or {@code private param} (value null). */
  public record Param(Position pos, Position namePos, String name, TypeRef type, Expr value, boolean secret) implements Decl {}

  /**
   * {@code private table NAME: TYPE by code size N default VALUE}: the insurer's values per code,
   * at most {@code size} of them (public), {@code defaultValue} for a code absent from the table.
   */
  public record Table(Position pos, Position namePos, String name, TypeRef type, Position keyPos, String keyType,
      Position sizePos, long size, Expr defaultValue, Position universePos, String universe) implements Decl {
    /** A table with a size bound, not indexed by a public code list. */
    public Table(Position pos, Position namePos, String name, TypeRef type, Position keyPos, String keyType,
        Position sizePos, long size, Expr defaultValue) {
      this(pos, namePos, name, type, keyPos, keyType, sizePos, size, defaultValue, null, null);
    }
  }

  /**
   * {@code public codes NAME: "FILE" sha256 "HEX"}: a public list of exact codes in a CSV file
   * (the path relative to the policy file) whose bytes hash to {@code sha256}, which private
   * tables may be indexed by ({@code private table T: ratio by code in NAME default 0%}).
   */
  public record CodeList(Position pos, Position namePos, String name, Position filePos, String file,
      Position digestPos, String sha256) implements Decl {}

  /** A declared enum value as written, with its place. */
  public record EnumValue(Position pos, String name) {}

  /**
   * {@code insured field NAME: TYPE}: a column of the insurer's insured file. {@code type} is
   * {@code money}, {@code ratio}, {@code int}, {@code bool}, {@code date}, {@code enum} (with
   * {@code values}) or {@code codes} (with the public bound {@code size} at {@code sizePos}).
   */
  public record InsuredField(Position pos, Position namePos, String name, TypeRef type, List<EnumValue> values,
      Position sizePos, long size) implements Decl {
    public InsuredField {
      values = List.copyOf(values);
    }
  }

  /**
   * {@code state NAME: TYPE}, one value per insured person, or {@code state NAME: TYPE by
   * insured.FIELD}, one value per value of an id field, shared by the persons who have it
   * ({@code key}, null for a per-person state); {@code perPolicyYear} when declared {@code per
   * policy_year} (it restarts from its zero value at each policy anniversary), with the place of
   * that suffix (null without it).
   */
  public record State(Position pos, Position namePos, String name, TypeRef type, Field key, Position perPolicyYear)
      implements Decl {
    public State(Position pos, Position namePos, String name, TypeRef type) {
      this(pos, namePos, name, type, null, null);
    }

    /** Whether it restarts at each policy anniversary. */
    public boolean yearly() {
      return perPolicyYear != null;
    }
  }

  public record Let(Position pos, Position namePos, String name, Expr value) implements Decl {}

  /** A recipient party name as written, with its place. */
  public record Party(Position pos, String name) {}

  public record Output(Position pos, Position namePos, String name, Expr value, List<Party> parties) implements Decl {}

  public record Update(Position pos, Position namePos, String name, Expr value) implements Decl {}

  /**
   * {@code update NAME[VAR.code] = VALUE for VAR in claim.items [where WHERE]}: a state kept per
   * item code, its value for each line item's code after that item ({@code where} null: every item).
   */
  public record ItemUpdate(Position pos, Position namePos, String name, String variable, Position keyPos, Expr value,
      Expr where) implements Decl {}

  /** {@code by band(e, [b0, ...])}: {@code bounds} non-null only for a band key. */
  public record GroupKey(Position pos, Expr key, List<Expr> bounds) {}

  /**
   * {@code aggregate NAME = sum(e) | count() [where c] [by KEY] to PARTIES [cohort N]};
   * {@code sum} is null for {@code count()}; {@code cohort} is null when not written.
   */
  public record Aggregate(Position pos, Position namePos, String name, Expr sum, Expr where,
      GroupKey by, List<Party> parties, Expr cohort) implements Decl {}

  /**
   * A parsed policy file. {@code declarationLines} maps the first line of each declaration to its
   * last: a rule may continue over several lines (spec §5).
   */
  public record PolicyFile(Source source, List<Decl> decls, Map<Integer, Integer> declarationLines, int nodeCount) {
    public PolicyFile {
      decls = List.copyOf(decls);
      declarationLines = Map.copyOf(declarationLines);
    }
  }
}
