package org.cosettle.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.platform.SettlementSplit;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.PrivateParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cosettle run}: rules-come-in evaluation of a batch inside the data domain. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Evaluate a policy over a batch of claims (rules-come-in mode).")
final class RunCommand implements Callable<Integer> {
  static final int MAX_REPORTED = 100;

  @Parameters(index = "0", paramLabel = "POLICY.cpl") Path policyPath;
  @Option(names = "--claims", required = true, paramLabel = "CLAIMS.jsonl") Path claimsPath;
  @Option(names = "--insured", required = true, paramLabel = "INSURED.csv") Path insuredPath;
  @Option(names = "--params", paramLabel = "PRIVATE.json", description = "the insurer's private parameter values") Path paramsPath;
  @Option(names = "--out", required = true, paramLabel = "RESULTS.csv") Path outPath;
  @Option(names = "--states-out", paramLabel = "STATES.csv") Path statesPath;
  @Option(names = "--aggregates-out", paramLabel = "AGGREGATES.csv",
      description = "default: aggregates go to standard output") Path aggregatesPath;
  @Option(names = "--rejects", paramLabel = "REJECTS.jsonl",
      description = "set bad claims aside here with their reasons and settle the rest") Path rejectsPath;
  @Option(names = "--mode", defaultValue = "plaintext", paramLabel = "plaintext|handshake") String mode;
  @CommandLine.Mixin SettlementOptions settlements;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!mode.equals("plaintext")) {
      if (mode.equals("handshake")) {
        err.println("cosettle run: --mode handshake is not available in this build yet (the two-party engine is under construction); use --mode plaintext");
        err.flush();
        return 2;
      }
      throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be plaintext or handshake, not '" + mode + "'");
    }
    CompiledPolicy policy = PolicyLoader.load(policyPath, err);
    if (policy == null) {
      return 1;
    }
    try {
      long[] params = PrivateParams.read(paramsPath, paramsPath == null ? "" : paramsPath.toString(), policy);
      InsuredFile insured = InsuredFile.read(insuredPath, insuredPath.toString(), policy.stateNames(), MAX_REPORTED);
      ClaimsFile.Result read = ClaimsFile.read(claimsPath, claimsPath.toString());
      List<ClaimsFile.Rejected> rejected = new ArrayList<>(read.rejected());
      List<Claim> claims = new ArrayList<>();
      for (Claim c : read.claims()) {
        if (insured.indexOf(c.insuredId()) < 0) {
          rejected.add(new ClaimsFile.Rejected(c.line(), null, List.of(new InputError(claimsPath.toString(), c.line(),
              "insured_id", "no insured record for \"" + c.insuredId() + "\" in " + insuredPath))));
        } else {
          claims.add(c);
        }
      }
      rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
      if (!rejected.isEmpty()) {
        int reported = 0;
        for (ClaimsFile.Rejected r : rejected) {
          for (InputError e : r.errors()) {
            if (reported++ < MAX_REPORTED) {
              err.println(e);
            }
          }
        }
        if (reported > MAX_REPORTED) {
          err.println("... and " + (reported - MAX_REPORTED) + " more errors");
        }
        if (rejectsPath == null) {
          err.println(rejected.size() + " bad claim line(s); nothing written (use --rejects FILE to set them aside and settle the rest)");
          err.flush();
          return 1;
        }
      }
      BatchResult result = Evaluator.evaluate(policy, claims, insured, params);
      SettlementSplit.Batch settled = settlements.split(policy, claims, result, err);
      if (!rejected.isEmpty()) {
        // only after evaluation succeeded: a failed batch leaves no file behind
        writeRejects(rejected);
        err.println(rejected.size() + " claim(s) set aside in " + rejectsPath);
      }
      AtomicFile.write(outPath, result.resultsCsv());
      settlements.write(settled);
      if (statesPath != null) {
        AtomicFile.write(statesPath, result.statesCsv());
      }
      if (!policy.aggregates().isEmpty()) {
        if (aggregatesPath != null) {
          AtomicFile.write(aggregatesPath, result.aggregatesCsv());
        } else {
          out.print(result.aggregatesCsv());
        }
      }
      out.flush();
      err.flush();
      return 0;
    } catch (InputException e) {
      for (InputError ie : e.errors()) {
        err.println(ie);
      }
      err.println("nothing written");
      err.flush();
      return 1;
    } catch (EvaluationException e) {
      err.println("cosettle run: " + e.getMessage() + "; nothing written");
      err.flush();
      return 1;
    }
  }

  private void writeRejects(List<ClaimsFile.Rejected> rejected) throws IOException {
    ObjectMapper m = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (ClaimsFile.Rejected r : rejected) {
      ObjectNode o = m.createObjectNode();
      o.put("line", r.line());
      ArrayNode reasons = o.putArray("errors");
      for (InputError e : r.errors()) {
        reasons.add(e.toString());
      }
      sb.append(m.writeValueAsString(o)).append('\n');
    }
    AtomicFile.write(rejectsPath, sb);
  }
}
