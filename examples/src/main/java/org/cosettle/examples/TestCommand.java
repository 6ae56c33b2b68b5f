package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Explanation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle test}: runs an actuary's own test cases against a policy. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run test cases against a policy. CASES.jsonl holds one case per line: a claim, the "
        + "insured record before it, and the outputs (and states after it) expected; each case is "
        + "settled on its own.",
        "Prints every difference and a summary; exit status 0 when every case passes, 1 otherwise. "
        + "The format is described in docs/language.md, \"Testing a policy\"."})
final class TestCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy") Path policyPath;
  @Parameters(index = "1", paramLabel = "CASES.jsonl", description = "the test cases") Path casesPath;
  @CommandLine.Mixin ParamsOption paramsOption = new ParamsOption();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy policy = PolicyLoader.load(policyPath, err);
    if (policy == null) {
      return Main.INPUT_ERROR;
    }
    List<TestCase> cases;
    long[] params;
    try {
      params = paramsOption.values(policy);
      cases = TestCaseFile.read(casesPath, casesPath.toString(), policy);
    } catch (InputException e) {
      InputErrors.print(err, e.errors());
      err.println("no case was run");
      err.flush();
      return Main.INPUT_ERROR;
    }
    int failed = 0;
    for (TestCase c : cases) {
      List<String> differences = differences(policy, params, c);
      for (String d : differences) {
        out.println(c.title() + ": " + d);
      }
      failed += differences.isEmpty() ? 0 : 1;
    }
    out.println((cases.size() - failed) + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? Main.OK : Main.INPUT_ERROR;
  }

  /** What differs from the expectations of one case, settled on its own; empty when it passes. */
  static List<String> differences(CompiledPolicy policy, long[] params, TestCase c) {
    Explanation x;
    try {
      x = Evaluator.explain(policy, List.of(c.claim()), InsuredFile.of(policy.stateNames(), List.of(c.insured())),
          params, c.claim().id());
    } catch (EvaluationException e) {
      return List.of("evaluation failed: " + e.getMessage());
    }
    Map<String, Long> outputs = new HashMap<>();
    Map<String, Long> states = new HashMap<>();
    x.statesBefore().forEach(s -> states.put(s.name(), s.value()));
    for (Explanation.Entry e : x.entries()) {
      (e.kind().equals("update") ? states : outputs).put(e.name(), e.value());
    }
    List<String> differences = new ArrayList<>();
    compare(c.outputs(), outputs, "", differences);
    compare(c.states(), states, " (state after the claim)", differences);
    return differences;
  }

  private static void compare(List<TestCase.Expected> expected, Map<String, Long> actual, String what, List<String> into) {
    for (TestCase.Expected e : expected) {
      long got = actual.get(e.name());
      if (got != e.value()) {
        into.add(e.name() + what + ": expected " + ValueText.of(e.value(), e.type()) + ", got " + ValueText.of(got, e.type()));
      }
    }
  }
}
