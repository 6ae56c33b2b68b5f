package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle check POLICY}: every error, or the policy's data-use manifest. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check a policy. Prints every error found (FILE:LINE:COL with a caret under the place), or, when "
        + "there is none, its data-use manifest: the fields each party's data it reads, the outputs and aggregates "
        + "with who learns them, private params, states, and which values need secure computation.",
        "With --plan, also how handshake mode would run it: what each party computes alone, what runs on secret "
        + "shares, the interactive steps per claim, and anything handshake mode must refuse (exit 1 then).",
        "With --json, the manifest or the errors as one JSON object on standard output, for tools "
        + "(docs/language.md)."})
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy to check") Path policyPath;
  @Option(names = "--plan", description = "also print the handshake-mode plan") boolean plan;
  @Option(names = "--json", description = "print the manifest, or the errors with their places, as JSON (not with --plan)")
  boolean json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (json) {
      if (plan) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--json and --plan cannot be combined");
      }
      Policies.Result r = PolicyLoader.parse(policyPath);
      out.println(ManifestJson.of(r));
      out.flush();
      return r.ok() ? Main.OK : Main.INPUT_ERROR;
    }
    CompiledPolicy p = PolicyLoader.load(policyPath, err);
    if (p == null) {
      return Main.INPUT_ERROR;
    }
    out.print(p.manifest());
    if (plan) {
      Plan handshake = Planner.plan(p);
      out.println();
      out.print(handshake.render());
      List<String> segmented = HandshakeSettlement.segmentedPrefixCosts(handshake);
      if (!segmented.isEmpty()) {
        out.println("  states on scans (restarting per policy year, or running maxima), per slice of "
            + Plan.REFERENCE_CLAIMS + " claims:");
        segmented.forEach(line -> out.println("    " + line));
      }
      List<Refusal> engine = HandshakeSettlement.refusals(p);
      if (!engine.isEmpty()) {
        out.println("  beyond the secure evaluator (refused before anything secret moves):");
        for (Refusal why : engine) {
          out.println("    " + why);
        }
      }
      out.println("  a reversal (a claim with \"reverses\") is settled from what the claim it takes back recorded, on"
          + " shares; the insurer learns which claim reverses which; a slice of the batch holding one runs in layers;"
          + " a claim of an earlier batch comes from both parties' ledgers of shares (--ledger)");
      out.flush();
      return handshake.refusals().isEmpty() && engine.isEmpty() ? Main.OK : Main.INPUT_ERROR;
    }
    out.flush();
    return Main.OK;
  }
}
