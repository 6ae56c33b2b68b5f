package org.cosettle.policy;

import java.util.List;
import java.util.Random;

/** The checks the policy fuzz test applies to one text. */
final class PolicyChecks {
  private PolicyChecks() {}

  static void compileAndCheck(String text, String context, Random rnd) {
    Source source = new Source("fuzz.cpl", text);
    Policies.Result result;
    try {
      result = Policies.compile(source);
    } catch (Throwable t) {
      PolicyFuzzTest.failWith(context, "compile threw " + t, text, t);
      return;
    }
    int lines = source.lines().size();
    for (Diagnostic d : result.diagnostics()) {
      Position p = d.position();
      String line = source.line(p.line());
      if (p.line() < 1 || p.line() > lines + 1 || p.column() < 1 || p.column() > line.codePointCount(0, line.length()) + 1) {
        PolicyFuzzTest.failWith(context, "diagnostic outside the source (" + lines + " lines): " + d, text, null);
      }
      String rendered;
      try {
        rendered = d.render(source);
      } catch (Throwable t) {
        PolicyFuzzTest.failWith(context, "render threw " + t + " for " + d, text, t);
        return;
      }
      String head = "fuzz.cpl:" + p.line() + ":" + p.column() + ": " + (d.isError() ? "error" : "warning") + ": ";
      if (!rendered.startsWith(head) || !rendered.endsWith("^") || !rendered.contains("\n" + line + "\n")) {
        PolicyFuzzTest.failWith(context, "badly rendered diagnostic:\n" + rendered, text, null);
      }
    }
    if (result.ok()) {
      evaluate(result.policy(), text, context, rnd);
    }
  }

  /** A policy that compiles must evaluate or reject a batch with an {@link EvaluationException}, nothing else. */
  private static void evaluate(CompiledPolicy policy, String text, String context, Random rnd) {
    List<GType> privateTypes = policy.privateParams().stream().map(p -> GType.valueOf(p.type().name())).toList();
    BatchGenerator.Batch batch = BatchGenerator.generate(rnd, policy.stateNames(), privateTypes,
        ReferencePropertyTest.tableShapes(policy));
    try {
      Evaluator.evaluate(policy, batch.claims(), batch.insured(), batch.values());
    } catch (EvaluationException e) {
      return;
    } catch (Throwable t) {
      PolicyFuzzTest.failWith(context, "evaluate threw " + t, text, t);
    }
  }
}
