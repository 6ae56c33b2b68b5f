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
    description = "Check a policy; print every error found, or its data-use manifest: what each party reads and learns, and what needs secure computation.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl") Path policyPath;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy p = PolicyLoader.load(policyPath, err);
    if (p == null) {
      return 1;
    }
    out.print(p.manifest());
    out.flush();
    return 0;
  }
}
