package org.cosettle.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.policy.check.CheckedPolicy;
import org.cosettle.policy.check.Checker;
import org.cosettle.policy.check.InsuredFields;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.Lowering;
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
 *
 * <p>The stages: {@code syntax} (lexer, parser, syntax tree), {@code check} (names and types
 * into a {@code CheckedPolicy}), {@code ir} (lowering to the program, with the range check);
 * see docs/architecture.md.
 */
public final class Policies {
  /**
   * The outcome of {@link #compile}: the source, the policy (null unless {@link #ok()}) and
   * every diagnostic, sorted by position.
   */
  public record Result(Source source, CompiledPolicy policy, List<Diagnostic> diagnostics) {
    /** Whether the policy compiled: no diagnostic is an error. */
    public boolean ok() {
      return diagnostics.stream().noneMatch(Diagnostic::isError);
    }
  }

  private Policies() {}

  /** Parses, checks and compiles {@code source}; never throws on a bad policy. */
  public static Result compile(Source source) {
    Parser.Result parsed = Parser.parse(source);
    CheckedPolicy checked = Checker.check(parsed.file(), parsed.diagnostics().stream().noneMatch(Diagnostic::isError));
    Lowering.Result lowered = Lowering.lower(checked);
    List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
    diagnostics.addAll(checked.diagnostics());
    diagnostics.addAll(lowered.diagnostics());
    if (diagnostics.stream().noneMatch(Diagnostic::isError) && !checked.declaresResult()) {
      diagnostics.add(Checker.noResult());
    }
    Map<String, CodeUniverse> universes = diagnostics.stream().anyMatch(Diagnostic::isError) ? Map.of()
        : codeLists(source, parsed.file(), diagnostics);
    diagnostics.sort((a, b) -> a.position().line() != b.position().line()
        ? Integer.compare(a.position().line(), b.position().line())
        : Integer.compare(a.position().column(), b.position().column()));
    boolean ok = diagnostics.stream().noneMatch(Diagnostic::isError);
    CompiledPolicy policy = ok ? compiled(parsed.file(), checked, lowered.program(), universes) : null;
    return new Result(source, policy, List.copyOf(diagnostics));
  }

  /**
   * Reads the policy's public code lists ({@code public codes NAME: "FILE" sha256 "HEX"}), each
   * file relative to the policy file's directory (the source's name), checking each against its
   * declared digest; a problem is an error at the declaration.
   */
  private static Map<String, CodeUniverse> codeLists(Source source, Ast.PolicyFile file, List<Diagnostic> diagnostics) {
    Map<String, CodeUniverse> out = new HashMap<>();
    Path dir = Path.of(source.name()).toAbsolutePath().getParent();
    for (Ast.Decl d : file.decls()) {
      if (d instanceof Ast.CodeList c) {
        Path path = dir == null ? Path.of(c.file()) : dir.resolve(c.file());
        try {
          out.put(c.name(), CodeUniverse.read(c.name(), path, c.sha256()));
        } catch (InputException e) {
          diagnostics.add(new Diagnostic(c.filePos(), "public code list " + c.name() + ": "
              + String.join("; ", e.errors().stream().map(InputError::toString).toList())));
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
          diagnostics.add(new Diagnostic(c.filePos(), "public code list " + c.name() + ": cannot read " + path
              + ": " + e.getMessage()));
        }
      }
    }
    return out;
  }

  private static CompiledPolicy compiled(Ast.PolicyFile file, CheckedPolicy checked, Ir.Program program,
      Map<String, CodeUniverse> universes) {
    Map<String, Integer> opOf = new HashMap<>();
    program.bindings().forEach(b -> opOf.put(b.name(), b.op()));
    List<CompiledPolicy.Output> outputs = new ArrayList<>();
    Map<String, Ast.Expr> updates = new HashMap<>();
    Map<String, String> aggregateTexts = new HashMap<>();
    for (CheckedPolicy.Declaration d : checked.declarations()) {
      if (d instanceof CheckedPolicy.Binding b && b.kind().equals("output")) {
        outputs.add(new CompiledPolicy.Output(b.name(), b.type(), opOf.get(b.name()), b.recipients()));
      } else if (d instanceof CheckedPolicy.StateUpdate u) {
        updates.put(u.state(), u.value());
      } else if (d instanceof CheckedPolicy.Aggregate a) {
        aggregateTexts.put(a.decl().name(), aggregateText(a.decl()));
      }
    }
    List<CompiledPolicy.PrivateParam> privates = checked.privateParams().stream()
        .map(p -> new CompiledPolicy.PrivateParam(p.name(), p.type(), p.index())).toList();
    List<CompiledPolicy.PrivateTable> tables = checked.privateTables().stream()
        .map(t -> {
          CodeUniverse u = t.universe() == null ? null : universes.get(t.universe());
          return new CompiledPolicy.PrivateTable(t.name(), t.valueType(), t.codeSet(), u == null ? t.size() : u.size(),
              t.defaultValue(), t.index(), u);
        })
        .toList();
    List<String> reveals = new ArrayList<>();
    for (int s = 0; s < checked.stateNames().size(); s++) {
      int key = checked.stateKeys().get(s);
      String st = checked.stateNames().get(s);
      boolean yearly = checked.yearlyStates().contains(s);
      boolean year = !checked.yearlyStates().isEmpty() && s == checked.stateNames().size() - 1
          || checked.familyYearStates().contains(s);
      reveals.add(key == CheckedPolicy.BY_ITEM_CODE ? Manifest.revealsByCode(st, updates.get(st), yearly)
          : Manifest.reveals(st, updates.get(st), yearly, year, key < 0 ? null : checked.insuredFields().get(key).name()));
    }
    return new CompiledPolicy(checked.name(), checked.version(), program, checked.stateNames(), outputs, privates, tables,
        checked.fieldsRead(), reveals, aggregateTexts, file.declarationLines(),
        checked.insuredFields().stream().map(InsuredFields.Declared::column).toList(), checked.stateTypes());
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
}
