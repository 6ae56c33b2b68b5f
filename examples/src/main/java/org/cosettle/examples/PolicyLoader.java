package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;

/** Loads and compiles a policy file, printing every diagnostic with its caret. */
final class PolicyLoader {
  private PolicyLoader() {}

  /** The compiled policy, or null after printing the errors to {@code err}. */
  static CompiledPolicy load(Path path, PrintWriter err) throws IOException {
    return read(path, err).policy();
  }

  /** The compiled policy with its source text (policy null after printing the errors). */
  static Policies.Result read(Path path, PrintWriter err) throws IOException {
    return print(parse(path), err);
  }

  /** The compiled policy with its source text and diagnostics, printing nothing. */
  static Policies.Result parse(Path path) throws IOException {
    return Policies.compile(new Source(path.toString(), TextFile.read(path)));
  }

  static Policies.Result compile(String name, String text, PrintWriter err) {
    return print(Policies.compile(new Source(name, text)), err);
  }

  private static Policies.Result print(Policies.Result r, PrintWriter err) {
    for (Diagnostic d : r.diagnostics()) {
      err.println(d.render(r.source()));
    }
    if (!r.ok()) {
      long errors = r.diagnostics().stream().filter(Diagnostic::isError).count();
      err.println(errors + (errors == 1 ? " error" : " errors"));
    }
    err.flush();
    return r;
  }
}
