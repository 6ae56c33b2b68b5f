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
        + "shares, the interactive steps per claim, and anything handshake mode must refuse (exit 1 then)."})
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy to check") Path policyPath;
  @Option(names = "--plan", description = "also print the handshake-mode plan") boolean plan;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy p = PolicyLoader.load(policyPath, err);
    if (p == null) {
      return Main.INPUT_ERROR;
    }
    out.print(p.manifest());
    if (plan) {
      Plan handshake = Planner.plan(p);
      out.println();
      out.print(handshake.render());
      List<Refusal> engine = HandshakeSettlement.refusals(p);
      if (!engine.isEmpty()) {
        out.println("  beyond the secure evaluator (refused before anything secret moves):");
        for (Refusal why : engine) {
          out.println("    " + why);
        }
      }
      out.flush();
      return handshake.refusals().isEmpty() && engine.isEmpty() ? Main.OK : Main.INPUT_ERROR;
    }
    out.flush();
    return Main.OK;
  }
}
