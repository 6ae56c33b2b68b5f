package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Explanation;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle explain}: how one claim of a batch was settled, rule by rule. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Show how one claim of a batch is settled: the insured person's states before it, "
        + "then every let, output and update in order with its value and the rule it comes from.",
        "The claims of the same insured person before it in the file are evaluated first, so the "
        + "states are those a full run would see."})
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy") Path policyPath;
  @Option(names = "--claims", required = true, paramLabel = "CLAIMS.jsonl", description = "the batch the claim belongs to")
  Path claimsPath;
  @Option(names = "--insured", required = true, paramLabel = "INSURED.csv", description = "the insurer's insured records")
  Path insuredPath;
  @CommandLine.Mixin ParamsOption paramsOption = new ParamsOption();
  @Option(names = "--claim", required = true, paramLabel = "ID", description = "the id of the claim to explain")
  String claimId;
  @Option(names = "--as-case", description = "print the claim as a test case for cosettle test instead: its claims line, "
      + "the insured record with the states before it, and the outputs and states it got as the expectation")
  boolean asCase;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Policies.Result compiled = PolicyLoader.read(policyPath, err);
    if (!compiled.ok()) {
      return Main.INPUT_ERROR;
    }
    try {
      PrivateValues params = paramsOption.all(compiled.policy());
      InsuredFile insured = compiled.policy().readInsured(insuredPath, insuredPath.toString(),
          InputErrors.MAX_REPORTED);
      ClaimsFile.Result read = ClaimsFile.read(claimsPath, claimsPath.toString());
      if (!read.rejected().isEmpty()) {
        InputErrors.print(err, read.rejected().stream().flatMap(r -> r.errors().stream()).toList());
        err.println(read.rejected().size() + " bad claim line(s); fix them first");
        err.flush();
        return Main.INPUT_ERROR;
      }
      Explanation explanation = Evaluator.explain(compiled.policy(), read.claims(), insured, params, claimId);
      String insuredId = read.claims().stream().filter(c -> c.id().equals(claimId)).findFirst().orElseThrow().insuredId();
      if (asCase) {
        out.println(ExplainedCase.of(claimsPath, claimsPath.toString(), explanation,
            insured.records().get(insured.indexOf(insuredId)), compiled.policy().insuredFields()));
        out.flush();
        return Main.OK;
      }
      out.print(new ExplanationText(compiled.source(), compiled.policy()).render(explanation, claimsPath.toString(), insuredId));
      out.flush();
      return Main.OK;
    } catch (InputException e) {
      InputErrors.print(err, e.errors());
      err.flush();
      return Main.INPUT_ERROR;
    } catch (EvaluationException e) {
      err.println("cosettle explain: " + e.getMessage());
      err.flush();
      return Main.INPUT_ERROR;
    }
  }
}
