package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.mpc.engine.SettlementAbortedException;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Explanation;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.TestCase;
import org.cosettle.policy.TestCaseFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle test}: runs an actuary's own test cases against a policy. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run test cases against a policy. CASES.jsonl holds one case per line: a claim, the "
        + "insured record before it, and the outputs (and states after it) expected; each case is "
        + "settled on its own.",
        "Prints every difference and a summary; exit status 0 when every case passes, 1 otherwise. "
        + "The format is described in docs/language.md, \"Testing a policy\".",
        "With --mode handshake every case is also settled by the two-party secure computation (both parties "
        + "in this process over loopback, all cases in one batch, each as its own insured person) and "
        + "compared with the same expectations."})
final class TestCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy") Path policyPath;
  @Parameters(index = "1", paramLabel = "CASES.jsonl", description = "the test cases") Path casesPath;
  @CommandLine.Mixin ParamsOption paramsOption = new ParamsOption();
  @Option(names = "--mode", defaultValue = "plaintext", paramLabel = "MODE",
      description = "plaintext (default): settle each case with the plaintext evaluator; handshake: with it and "
          + "in handshake mode as well, a case passing only when both give what it expects")
  RunCommand.Mode mode;
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
    PrivateValues params;
    try {
      params = paramsOption.all(policy);
      cases = TestCaseFile.read(casesPath, casesPath.toString(), policy);
    } catch (InputException e) {
      InputErrors.print(err, e.errors());
      err.println("no case was run");
      err.flush();
      return Main.INPUT_ERROR;
    }
    List<List<String>> secure = null;
    if (mode == RunCommand.Mode.handshake && !cases.isEmpty()) {
      try {
        secure = HandshakeCases.differences(policy, PolicyText.sm3(Files.readAllBytes(policyPath)), cases, params);
      } catch (SettlementAbortedException e) {
        err.println("cosettle test: handshake mode did not settle the cases: " + e.getMessage());
        err.flush();
        return Main.INPUT_ERROR;
      }
    }
    int failed = 0;
    for (int i = 0; i < cases.size(); i++) {
      TestCase c = cases.get(i);
      List<String> differences = new ArrayList<>(c.differences(policy, params));
      if (secure != null) {
        secure.get(i).forEach(d -> differences.add("in handshake mode, " + d));
      }
      for (String d : differences) {
        out.println(c.title() + ": " + d);
      }
      failed += differences.isEmpty() ? 0 : 1;
    }
    out.println((cases.size() - failed) + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? Main.OK : Main.INPUT_ERROR;
  }
}
