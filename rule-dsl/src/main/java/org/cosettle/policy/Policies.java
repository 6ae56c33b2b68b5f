package org.cosettle.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.policy.Compiler.Kind;
import org.cosettle.policy.Compiler.Symbol;
import org.cosettle.policy.Compiler.Typed;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.syntax.Ast.Decl;
import org.cosettle.policy.syntax.Ast;
import org.cosettle.policy.syntax.AstPrinter;
import org.cosettle.policy.syntax.Parser;

/**
 * Entry point of the language: {@code Policies.compile(source)} parses, checks and compiles a
 * policy, returning either a {@link CompiledPolicy} or every diagnostic found.
 *
 * <pre>{@code
 * Policies.Result r = Policies.compile(new Source("p.cpl", Files.readString(path)));
 * if (!r.ok()) r.diagnostics().forEach(d -> System.err.println(d.render(r.source())));
 * }</pre>
 */
public final class Policies {
  /** The outcome: a policy when there are no diagnostics. */
  public record Result(Source source, CompiledPolicy policy, List<Diagnostic> diagnostics) {
    public boolean ok() {
      return diagnostics.isEmpty();
    }
  }

  private static final List<String> OUTPUT_TYPES = List.of("money", "ratio", "int", "bool");

  private Policies() {}

  public static Result compile(Source source) {
    Parser.Result parsed = Parser.parse(source);
    List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
    Compiler c = new Compiler();
    CompiledPolicy policy = declarations(parsed.file(), c, parsed.diagnostics().isEmpty());
    diagnostics.addAll(c.diagnostics);
    diagnostics.sort((a, b) -> a.position().line() != b.position().line()
        ? Integer.compare(a.position().line(), b.position().line())
        : Integer.compare(a.position().column(), b.position().column()));
    return new Result(source, diagnostics.isEmpty() ? policy : null, List.copyOf(diagnostics));
  }

  private static Type declaredType(Compiler c, Ast.TypeRef t) {
    switch (t.name()) {
      case "money": return Type.MONEY;
      case "ratio": return Type.RATIO;
      case "int": return Type.INT;
      case "bool": return Type.BOOL;
      case "date": return Type.DATE;
      case "set<category>": return Type.SET_CATEGORY;
      case "set<code>": return Type.SET_CODE;
      default:
        c.error(t.pos(), "unknown type '" + t.name() + "' (money, ratio, int, bool, date, set<category> or set<code>)");
        return null;
    }
  }

  private static CompiledPolicy declarations(Ast.PolicyFile file, Compiler c, boolean parsedCleanly) {
    String name = null;
    long version = 0;
    boolean headerSeen = false;
    List<String> states = new ArrayList<>();
    Map<String, Integer> stateIndex = new HashMap<>();
    Map<String, Ir.StateUpdate> updates = new HashMap<>();
    List<Ir.Binding> bindings = new ArrayList<>();
    List<CompiledPolicy.Output> outputs = new ArrayList<>();
    List<CompiledPolicy.PrivateParam> privates = new ArrayList<>();
    List<Ir.AggregateStep> aggregates = new ArrayList<>();
    Map<String, Ast.Expr> updateExprs = new HashMap<>();
    Map<String, String> aggregateTexts = new HashMap<>();
    int privateSlots = 0;
    boolean first = true;
    for (Decl d : file.decls()) {
      c.ir.beginDeclaration();
      if (d instanceof Ast.Header h) {
        if (headerSeen) {
          c.error(h.pos(), "the policy header may appear only once");
        } else if (!first) {
          c.error(h.pos(), "the policy header must be the first declaration");
        }
        headerSeen = true;
        name = h.name();
        version = h.version();
        first = false;
        continue;
      }
      if (first && parsedCleanly) {
        c.error(d.pos(), "a policy starts with its header: policy \"NAME\" version N");
      }
      first = false;
      if (d instanceof Ast.Param p) {
        Type t = declaredType(c, p.type());
        if (!declareName(c, p.name(), p.namePos()) || t == null) {
          continue;
        }
        if (p.secret()) {
          if (t.isSet()) {
            c.error(p.type().pos(), "a private param may be money, ratio, int, bool or date, not a set");
            continue;
          }
          Symbol s = new Symbol(Kind.PRIVATE_PARAM, p.name(), t, privateSlots++);
          c.symbols.put(p.name(), s);
          privates.add(new CompiledPolicy.PrivateParam(p.name(), t, s.slot));
          continue;
        }
        Symbol s = new Symbol(Kind.PARAM, p.name(), t, -1);
        if (t == Type.SET_CODE) {
          if (!(p.value() instanceof Ast.SetLit)) {
            c.error(p.value().pos(), "expected a code set {\"...\", ...}");
            continue;
          }
          s.codes = c.codeSet(p.value());
          if (s.codes == null) {
            continue;
          }
        } else if (t == Type.SET_CATEGORY) {
          if (!(p.value() instanceof Ast.SetLit)) {
            c.error(p.value().pos(), "expected a category set {BED, ...}");
            continue;
          }
          Long mask = c.enumSet(p.value(), Type.CATEGORY);
          if (mask == null) {
            continue;
          }
          s.enumMask = mask;
        } else {
          if (!isConstant(p.value())) {
            c.error(p.value().pos(), "a param's value must be a literal");
            continue;
          }
          Typed v = c.compile(p.value(), t);
          if (v == null) {
            c.symbols.put(p.name(), Compiler.Symbol.failed(p.name()));
            continue;
          }
          s.constant = c.ir.constantValue(v.op());
        }
        c.symbols.put(p.name(), s);
      } else if (d instanceof Ast.State st) {
        Type t = declaredType(c, st.type());
        if (!declareName(c, st.name(), st.namePos()) || t == null) {
          continue;
        }
        if (t != Type.MONEY) {
          c.error(st.type().pos(), "a state is money, found " + t);
          continue;
        }
        c.symbols.put(st.name(), new Symbol(Kind.STATE, st.name(), t, states.size()));
        stateIndex.put(st.name(), states.size());
        states.add(st.name());
      } else if (d instanceof Ast.Let l) {
        Typed v = c.compile(l.value(), null);
        if (!declareName(c, l.name(), l.namePos())) {
          continue;
        }
        if (v == null) {
          c.symbols.put(l.name(), Compiler.Symbol.failed(l.name()));
          continue;
        }
        widenAfterOverflow(c, v);
        c.symbols.put(l.name(), new Symbol(Kind.LET, l.name(), v.type(), v.op()));
        bindings.add(new Ir.Binding("let", l.name(), v.type(), v.op(), l.pos().line()));
      } else if (d instanceof Ast.Output o) {
        Typed v = c.compile(o.value(), null);
        Set<Party> recipients = parties(c, o.parties());
        if (!declareName(c, o.name(), o.namePos())) {
          continue;
        }
        if (v == null || recipients == null) {
          c.symbols.put(o.name(), Compiler.Symbol.failed(o.name()));
          continue;
        }
        if (!OUTPUT_TYPES.contains(v.type().toString())) {
          c.error(o.value().pos(), "an output is money, ratio, int or bool, found " + v.type());
          continue;
        }
        widenAfterOverflow(c, v);
        c.symbols.put(o.name(), new Symbol(Kind.OUTPUT, o.name(), v.type(), v.op()));
        bindings.add(new Ir.Binding("output", o.name(), v.type(), v.op(), o.pos().line()));
        outputs.add(new CompiledPolicy.Output(o.name(), v.type(), v.op(), recipients));
      } else if (d instanceof Ast.Update u) {
        Integer si = stateIndex.get(u.name());
        Typed v = c.compile(u.value(), Type.MONEY);
        if (si == null) {
          Symbol s = c.symbols.get(u.name());
          c.error(u.namePos(), s != null ? "'" + u.name() + "' is not a state; only states are updated"
              : "unknown state '" + u.name() + "'" + Suggestions.suggest(u.name(), stateIndex.keySet()));
          continue;
        }
        if (updates.containsKey(u.name())) {
          c.error(u.namePos(), "state '" + u.name() + "' already has an update");
          continue;
        }
        if (v != null) {
          updates.put(u.name(), new Ir.StateUpdate(u.name(), si, v.op(), u.pos().line()));
          updateExprs.put(u.name(), u.value());
        }
      } else if (d instanceof Ast.Aggregate a) {
        Ir.AggregateStep ad = Aggregates.compile(c, a);
        if (declareName(c, a.name(), a.namePos())) {
          c.aggregateNames.add(a.name());
          if (ad != null) {
            aggregates.add(ad);
            aggregateTexts.put(a.name(), aggregateText(a));
          }
        }
      }
    }
    if (!headerSeen && parsedCleanly) {
      c.error(new Position(1, 1), "missing header: a policy starts with policy \"NAME\" version N");
    }
    if (outputs.isEmpty() && aggregates.isEmpty() && parsedCleanly && c.diagnostics.isEmpty()) {
      c.error(new Position(1, 1), "a policy declares at least one output or aggregate");
    }
    List<Ir.StateUpdate> stateUpdates = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      Ir.StateUpdate u = updates.get(states.get(i));
      stateUpdates.add(u != null ? u : new Ir.StateUpdate(states.get(i), i, -1, 0));
    }
    Ir.Program program = new Ir.Program(c.ir.build(), bindings, stateUpdates, aggregates);
    List<String> reveals = states.stream().map(st -> Manifest.reveals(st, updateExprs.get(st))).toList();
    return new CompiledPolicy(name, version, program, states, outputs, privates, List.copyOf(c.fieldsRead),
        reveals, aggregateTexts, file.declarationLines());
  }

  /** {@code sum(e) [where c] [by k]} or {@code count() ...} as CPL, for the manifest. */
  private static String aggregateText(Ast.Aggregate a) {
    StringBuilder sb = new StringBuilder(a.sum() == null ? "count()" : "sum(" + AstPrinter.print(a.sum()) + ")");
    if (a.where() != null) {
      sb.append(" where ").append(AstPrinter.print(a.where()));
    }
    if (a.by() != null) {
      sb.append(" by ");
      if (a.by().bounds() == null) {
        sb.append(AstPrinter.print(a.by().key()));
      } else {
        sb.append("band(").append(AstPrinter.print(a.by().key())).append(", [");
        sb.append(String.join(", ", a.by().bounds().stream().map(AstPrinter::print).toList())).append("])");
      }
      sb.append(", with the number of claims per group");
    }
    return sb.toString();
  }

  /** After an overflow was reported in a declaration, later uses see its type's bound (no cascade). */
  private static void widenAfterOverflow(Compiler c, Typed v) {
    if (c.ir.reportedOverflow()) {
      c.ir.widenToType(v.op());
    }
  }

  private static boolean isConstant(Ast.Expr e) {
    return Compiler.isLiteral(e) || e instanceof Ast.BoolLit || e instanceof Ast.DateLit;
  }

  static Set<Party> parties(Compiler c, List<Ast.Party> parties) {
    Set<Party> named = EnumSet.noneOf(Party.class);
    boolean ok = true;
    for (Ast.Party p : parties) {
      Party party = Party.fromCplName(p.name()).orElse(null);
      if (party == null) {
        List<String> names = Arrays.stream(Party.values()).map(Party::cplName).toList();
        c.error(p.pos(), "unknown party '" + p.name() + "' (insurer or data_holder)" + Suggestions.suggest(p.name(), names));
        ok = false;
      } else if (!named.add(party)) {
        c.error(p.pos(), "party '" + p.name() + "' named twice");
        ok = false;
      }
    }
    return ok ? Collections.unmodifiableSet(named) : null;
  }

  private static boolean declareName(Compiler c, String name, Position pos) {
    if (c.symbols.containsKey(name) || c.aggregateNames.contains(name)) {
      c.error(pos, "'" + name + "' is already declared");
      return false;
    }
    if (Compiler.isEnumName(name)) {
      c.error(pos, "'" + name + "' is a built-in enum value and cannot be declared");
      return false;
    }
    if (List.of("claim", "patient", "insured", "item").contains(name)) {
      c.error(pos, "'" + name + "' is reserved for input fields");
      return false;
    }
    return true;
  }
}
