package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cosettle.policy.AggregateDecl;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cosettle check POLICY}: every error, or the policy's outputs and recipients. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check a policy. Prints every error found (FILE:LINE:COL with a caret under the place), or, when "
        + "there is none, its data-use manifest: the fields each party's data it reads, the outputs and aggregates "
        + "with who learns them, private params, states, and which values need secure computation."})
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy to check") Path policyPath;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy p = PolicyLoader.load(policyPath, err);
    if (p == null) {
      return Main.INPUT_ERROR;
    }
    out.println("policy \"" + p.name() + "\" version " + p.version() + ": ok");
    java.util.List<String> holder = p.fieldsRead().stream().filter(x -> !x.startsWith("insured.")).sorted().toList();
    java.util.List<String> insurer = p.fieldsRead().stream().filter(x -> x.startsWith("insured.")).sorted().toList();
    out.println("fields read:");
    out.println("  data_holder: " + (holder.isEmpty() ? "(none)" : String.join(", ", holder)));
    out.println("  insurer:     " + (insurer.isEmpty() ? "(none)" : String.join(", ", insurer)));
    out.println("outputs:");
    for (CompiledPolicy.Output o : p.outputs()) {
      out.println("  " + o.name() + " (" + o.type() + ") to " + String.join(", ", o.recipients()));
    }
    if (!p.aggregates().isEmpty()) {
      out.println("aggregates:");
      for (AggregateDecl a : p.aggregates()) {
        out.println("  " + a.name() + " to " + String.join(", ", a.recipients()));
      }
    }
    if (!p.privateParams().isEmpty()) {
      out.println("private params (insurer):");
      for (CompiledPolicy.PrivateParam pp : p.privateParams()) {
        out.println("  " + pp.name() + " (" + pp.type() + ")");
      }
    }
    if (!p.stateNames().isEmpty()) {
      out.println("states (insurer; their values after a batch reveal what their updates accumulate):");
      for (String s : p.stateNames()) {
        out.println("  " + s);
      }
    }
    out.println("who computes what (joint = needs secure computation in handshake mode):");
    for (String l : p.labels()) {
      out.println("  " + l);
    }
    out.flush();
    return Main.OK;
  }
}
