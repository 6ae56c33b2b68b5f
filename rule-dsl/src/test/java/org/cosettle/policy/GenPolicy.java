package org.cosettle.policy;

import java.util.List;
import java.util.Random;
import org.cosettle.core.FeeCategory;

/**
 * A random policy as the generator built it: its declarations in order (the model the reference
 * evaluator reads) and the CPL text it was written as (what the production pipeline compiles).
 */
record GenPolicy(List<Decl> decls, String text) {
  sealed interface Decl permits Param, CategorySet, CodeSet, PrivateParam, PrivateTable, PrivateCodeSet, IdField, State, Let, Output,
      Update, CodeUpdate, Aggregate {}

  /** A public param; {@code value} is a {@link GenExpr.Lit}, {@link GenExpr.BoolLit} or {@link GenExpr.DateLit}. */
  record Param(String name, GType type, GenExpr value) implements Decl {}

  record CategorySet(String name, List<FeeCategory> members) implements Decl {}

  record CodeSet(String name, List<String> members) implements Decl {}

  record PrivateParam(String name, GType type) implements Decl {}

  /** {@code private table NAME: TYPE by code size N default V}; {@code defaultUnits} in the type's units. */
  record PrivateTable(String name, GType type, long size, GenExpr defaultValue, long defaultUnits) implements Decl {}

  /** {@code private param NAME: set<code>}. */
  record PrivateCodeSet(String name) implements Decl {}

  /** {@code insured field NAME: id}: a family's (or household's) id, which only keys shared states. */
  record IdField(String name) implements Decl {}

  /**
   * A state of {@code type} (money, int or bool; kept per item code: money or int); {@code yearly}:
   * declared {@code per policy_year}; {@code sharedBy}: the id field it is shared by ({@code by
   * insured.NAME}), or null; {@code byCode}: kept per item code ({@code by item.code}).
   */
  record State(String name, boolean yearly, String sharedBy, boolean byCode, GType type) implements Decl {
    State(String name, boolean yearly, String sharedBy, boolean byCode) {
      this(name, yearly, sharedBy, byCode, GType.MONEY);
    }

    State(String name) {
      this(name, false);
    }

    State(String name, boolean yearly) {
      this(name, yearly, null, false);
    }
  }

  record Let(String name, GenExpr value) implements Decl {}

  record Output(String name, GenExpr value, String parties) implements Decl {}

  record Update(String state, GenExpr value) implements Decl {}

  /**
   * {@code update STATE[VAR.code] = VALUE for VAR in claim.items [where WHERE]} of a state kept per
   * item code; {@code where} may be null.
   */
  record CodeUpdate(String state, String variable, GenExpr value, GenExpr where) implements Decl {}

  /** {@code sum} null means {@code count()}; {@code by} and {@code where} may be null; {@code cohort} null means the default. */
  record Aggregate(String name, GenExpr sum, GenExpr where, GroupKey by, String parties, Integer cohort) implements Decl {}

  sealed interface GroupKey permits ByValue, ByBand, ByHospital {}

  /** A bool or enum key: every value of its type is a group. */
  record ByValue(GenExpr key) implements GroupKey {}

  record ByBand(GenExpr key, List<Long> bounds) implements GroupKey {}

  record ByHospital() implements GroupKey {}

  <T extends Decl> List<T> all(Class<T> kind) {
    return decls.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Writes the declarations as a policy file, with random blank lines, comments and line breaks. */
  static String render(String name, int version, List<Decl> decls, Random layout) {
    String nl = layout.nextInt(5) == 0 ? "\r\n" : "\n";
    StringBuilder sb = new StringBuilder();
    if (layout.nextInt(4) == 0) {
      sb.append("# generated policy 生成的保单").append(nl).append(nl);
    }
    sb.append("policy ").append(CplPrinter.quote(name)).append(" version ").append(version).append(nl);
    CplPrinter printer = new CplPrinter(layout, nl);
    for (Decl d : decls) {
      if (layout.nextInt(6) == 0) {
        sb.append(layout.nextBoolean() ? nl : "  # 说明" + nl);
      }
      sb.append(line(d, printer));
      if (layout.nextInt(8) == 0) {
        sb.append("  # 备注");
      }
      sb.append(nl);
    }
    return sb.toString();
  }

  private static String line(Decl d, CplPrinter p) {
    if (d instanceof Param x) {
      return "param " + x.name() + ": " + x.type().cplName + " = " + p.print(x.value());
    }
    if (d instanceof CategorySet x) {
      return "param " + x.name() + ": set<category> = " + CplPrinter.enumSet(x.members());
    }
    if (d instanceof CodeSet x) {
      return "param " + x.name() + ": set<code> = " + CplPrinter.codeSet(x.members());
    }
    if (d instanceof PrivateParam x) {
      return "private param " + x.name() + ": " + x.type().cplName;
    }
    if (d instanceof PrivateTable x) {
      return "private table " + x.name() + ": " + x.type().cplName + " by code size " + x.size() + " default "
          + p.print(x.defaultValue());
    }
    if (d instanceof PrivateCodeSet x) {
      return "private param " + x.name() + ": set<code>";
    }
    if (d instanceof IdField x) {
      return "insured field " + x.name() + ": id";
    }
    if (d instanceof State x) {
      String key = x.byCode() ? " by item.code" : x.sharedBy() != null ? " by insured." + x.sharedBy() : "";
      return "state " + x.name() + ": " + x.type().cplName + key + (x.yearly() ? " per policy_year" : "");
    }
    if (d instanceof Let x) {
      return "let " + x.name() + " = " + p.print(x.value());
    }
    if (d instanceof Output x) {
      return "output " + x.name() + " = " + p.print(x.value()) + " to " + x.parties();
    }
    if (d instanceof Update x) {
      return "update " + x.state() + " = " + p.print(x.value());
    }
    if (d instanceof CodeUpdate x) {
      return "update " + x.state() + "[" + x.variable() + ".code] = " + p.print(x.value()) + " for " + x.variable()
          + " in claim.items" + (x.where() == null ? "" : " where " + p.print(x.where()));
    }
    Aggregate a = (Aggregate) d;
    StringBuilder sb = new StringBuilder("aggregate ").append(a.name()).append(" = ");
    sb.append(a.sum() == null ? "count()" : "sum(" + p.print(a.sum()) + ")");
    if (a.where() != null) {
      sb.append(" where ").append(p.print(a.where()));
    }
    if (a.by() instanceof ByValue v) {
      sb.append(" by ").append(p.print(v.key()));
    } else if (a.by() instanceof ByBand b) {
      sb.append(" by band(").append(p.print(b.key())).append(", ").append(b.bounds().toString()).append(')');
    } else if (a.by() instanceof ByHospital) {
      sb.append(" by claim.hospital_id");
    }
    sb.append(" to ").append(a.parties());
    if (a.cohort() != null) {
      sb.append(" cohort ").append(a.cohort());
    }
    return sb.toString();
  }
}
