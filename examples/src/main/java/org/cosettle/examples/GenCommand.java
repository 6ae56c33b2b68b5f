package org.cosettle.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.InsuredColumn;
import org.cosettle.platform.ClaimGenerator;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cosettle gen}: synthetic claims and insured records, deterministic for a seed. */
@Command(name = "gen", mixinStandardHelpOptions = true,
    description = {"Generate realistic synthetic claims (JSON Lines) and insured records (CSV) that pass every "
        + "check of the claims reader: item mixes by visit type, repeat visits of one person, reversals and "
        + "refunded items, long stays, very large bills, optional hospital ids.",
        "The same seed gives the same files. Files that exist are not replaced unless --force."})
final class GenCommand implements Callable<Integer> {
  @Option(names = "--count", required = true, paramLabel = "N", description = "number of claims") int count;
  @Option(names = "--persons", paramLabel = "M", description = "number of insured persons (default: count / 4, at least 1)")
  Integer persons;
  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--out-claims", required = true, paramLabel = "FILE", description = "where to write the claims")
  Path claimsPath;
  @Option(names = "--out-insured", required = true, paramLabel = "FILE", description = "where to write the insured records")
  Path insuredPath;
  @Option(names = "--policy", paramLabel = "POLICY.cpl",
      description = "give the insured file a column per insured field (plausible values) and per state (all 0) of this policy") Path policyPath;
  @Option(names = "--reversal-links", description = "write each reversal as a claim naming the claim it takes back "
      + "(\"reverses\": ID, its amounts negated), settled as a reversal; without it a reversal is a negated copy of the "
      + "claim, settled by the policy as any claim") boolean reversalLinks;
  @Option(names = "--force", description = "replace the output files if they exist") boolean force;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 0");
    }
    int m = persons != null ? persons : Math.max(1, count / 4);
    if (m < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--persons must be at least 1");
    }
    OutputPaths.requireDistinct(spec.commandLine(), "--out-claims", claimsPath, "--out-insured", insuredPath);
    if (!force) {
      AtomicFile.requireAbsent(AtomicFile.REFUSING_TO_REPLACE + " (use --force to replace it)", claimsPath, insuredPath);
    }
    List<InsuredColumn> fields = new ArrayList<>();
    List<InsuredColumn> states = new ArrayList<>();
    if (policyPath != null) {
      CompiledPolicy p = PolicyLoader.load(policyPath, spec.commandLine().getErr());
      if (p == null) {
        return Main.INPUT_ERROR;
      }
      fields.addAll(p.insuredFields());
      states.addAll(p.stateColumns());
    }
    ClaimGenerator generator = new ClaimGenerator(seed, m, count);
    if (reversalLinks) {
      generator.withReversalLinks();
    }
    generator.write(fields, states, claimsPath, insuredPath);
    spec.commandLine().getErr().println("wrote " + count + " claims of " + m + " insured persons");
    return Main.OK;
  }
}
