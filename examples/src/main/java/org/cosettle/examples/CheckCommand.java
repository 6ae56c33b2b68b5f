package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cosettle check POLICY}: every error, or the policy's data-use manifest. */
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
    out.print(p.manifest());
    out.flush();
    return Main.OK;
  }
}
