package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cosettle handshake open-kept}: the joint opening of both parties' kept shares of the
 * states per item code into the insurer's states file (docs/protocol.md, "States per item code").
 */
@Command(name = "open-kept", mixinStandardHelpOptions = true,
    description = {"Open the states kept per item code on shares: add the platform's and the insurer's kept shares "
        + "(written by the same settlement) and write the insurer's states file with each person's values per code, "
        + "as rules-come-in mode would have written it.",
        "Both parties must agree to it: the platform hands over its kept shares, which name each person's codes "
        + "(say at the end of a policy year). The next batch then reads the opened file with no kept shares."})
final class HandshakeOpenKeptCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy, the one that settled the batches")
  Path policyPath;
  @Option(names = "--insured", required = true, paramLabel = "STATES.csv",
      description = "the insurer's states file written with the kept shares") Path insuredPath;
  @Option(names = "--kept-shares", required = true, paramLabel = "KEPT.jsonl",
      description = "the insurer's kept shares") Path keptPath;
  @Option(names = "--platform-kept-shares", required = true, paramLabel = "KEPT.jsonl",
      description = "the platform's kept shares, from the same settlement") Path platformKeptPath;
  @Option(names = "--states-out", required = true, paramLabel = "STATES.csv",
      description = "where to write the states file with the values per code opened") Path statesPath;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy policy = PolicyLoader.load(policyPath, err);
    if (policy == null) {
      return Main.INPUT_ERROR;
    }
    try {
      InsuredFile insured = policy.readInsured(insuredPath, insuredPath.toString(), InputErrors.MAX_REPORTED);
      KeptShares insurer = KeptShares.read(keptPath, keptPath.toString(), policy, Party.INSURER);
      KeptShares platform = KeptShares.read(platformKeptPath, platformKeptPath.toString(), policy, Party.DATA_HOLDER);
      InsuredFile opened = KeptShares.opened(policy, insured, platform, insurer);
      long[][] states = new long[policy.stateNames().size()][opened.records().size()];
      for (int s = 0; s < states.length; s++) {
        for (int r = 0; r < states[s].length; r++) {
          states[s][r] = opened.records().get(r).state(s);
        }
      }
      AtomicFile.write(statesPath, BatchResult.statesCsv(policy, opened, states));
      err.println("cosettle handshake open-kept: opened the kept values of " + platform.persons().size()
          + " person(s) into " + statesPath);
      err.flush();
      return Main.OK;
    } catch (InputException e) {
      InputErrors.print(err, e.errors());
      err.println("nothing written");
      err.flush();
      return Main.INPUT_ERROR;
    } catch (IllegalArgumentException e) {
      err.println("cosettle handshake open-kept: " + e.getMessage() + "; nothing written");
      err.flush();
      return Main.INPUT_ERROR;
    }
  }
}
