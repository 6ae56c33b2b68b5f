package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.SettlementAbortedException;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.platform.consent.ConsentFilter;
import org.cosettle.platform.settlement.Evaluation;
import org.cosettle.platform.settlement.Evaluations;
import org.cosettle.platform.settlement.SettlementFileKind;
import org.cosettle.platform.settlement.SettlementRefusedException;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.platform.trust.Digests;
import org.cosettle.policy.ClaimLedger;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.eval.ClaimBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle run}: rules-come-in evaluation of a batch inside the data domain. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Settle a batch of claims with a policy inside the data holder's domain "
        + "(rules-come-in mode): one result row per claim, the insured persons' states after the batch "
        + "and the aggregates.",
        "A bad claim line rejects the whole batch (every bad line is reported, up to 100) and nothing is "
        + "written, unless --rejects sets bad claims aside."})
final class RunCommand implements Callable<Integer> {
  static final int MAX_REPORTED = InputErrors.MAX_REPORTED;

  /** How the policy is evaluated. */
  enum Mode { plaintext, handshake }

  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy") Path policyPath;
  @Option(names = "--claims", required = true, paramLabel = "CLAIMS.jsonl", description = "the claims, one JSON object per line")
  Path claimsPath;
  @Option(names = "--insured", required = true, paramLabel = "INSURED.csv",
      description = "the insurer's insured records with each state's value before the batch") Path insuredPath;
  @CommandLine.Mixin ParamsOption paramsOption = new ParamsOption();
  @Option(names = "--out", required = true, paramLabel = "RESULTS.csv", description = "where to write the outputs per claim")
  Path outPath;
  @Option(names = "--states-out", paramLabel = "STATES.csv", description = "where to write the states after the batch")
  Path statesPath;
  @Option(names = "--ledger", paramLabel = "LEDGER.jsonl",
      description = "the claim ledger of earlier batches (their claims' outputs and state increments), for reversals"
          + " of their claims; with --mode handshake the insurer's ledger of shares") Path ledgerPath;
  @Option(names = "--ledger-out", paramLabel = "LEDGER.jsonl",
      description = "where to write the claim ledger after the batch: --ledger's records, then one per claim settled;"
          + " with --mode handshake the insurer's ledger of shares") Path ledgerOutPath;
  @Option(names = "--platform-ledger", paramLabel = "SHARES.jsonl",
      description = "with --mode handshake: the platform's ledger of shares of earlier batches")
  Path platformLedgerPath;
  @Option(names = "--platform-ledger-out", paramLabel = "SHARES.jsonl",
      description = "with --mode handshake: where to write the platform's ledger of shares after the batch")
  Path platformLedgerOutPath;
  @Option(names = "--kept-shares", paramLabel = "KEPT.jsonl",
      description = "with --mode handshake: the insurer's kept shares of the states per item code, written by"
          + " --kept-shares-out after the previous batch") Path keptPath;
  @Option(names = "--kept-shares-out", paramLabel = "KEPT.jsonl",
      description = "with --mode handshake: where to write the insurer's kept shares after the batch") Path keptOutPath;
  @Option(names = "--platform-kept-shares", paramLabel = "KEPT.jsonl",
      description = "with --mode handshake: the platform's kept shares of the states per item code")
  Path platformKeptPath;
  @Option(names = "--platform-kept-shares-out", paramLabel = "KEPT.jsonl",
      description = "with --mode handshake: where to write the platform's kept shares after the batch")
  Path platformKeptOutPath;
  @Option(names = "--aggregates-out", paramLabel = "AGGREGATES.csv",
      description = "where to write the aggregates (default: standard output)") Path aggregatesPath;
  @Option(names = "--rejects", paramLabel = "REJECTS.jsonl",
      description = "set bad claims aside here with their reasons and settle the rest") Path rejectsPath;
  @Option(names = "--mode", defaultValue = "plaintext", paramLabel = "MODE",
      description = "plaintext (default): evaluate inside the data domain; handshake: both parties of the two-party "
          + "secure computation in this process, over a loopback gRPC session with mutual TLS (the same files)")
  Mode mode;
  @CommandLine.Mixin TrustOptions trust = new TrustOptions();
  @CommandLine.Mixin SettlementOptions settlements;
  @CommandLine.Mixin HeBackendOption heBackend = new HeBackendOption();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (heBackend.name != null && mode != Mode.handshake) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--he-backend applies to --mode handshake only");
    }
    String heBackendName = heBackend.checked();
    if (mode == Mode.plaintext && (platformLedgerPath != null || platformLedgerOutPath != null)) {
      err.println("cosettle run: --platform-ledger and --platform-ledger-out need --mode handshake (plaintext mode"
          + " keeps one claim ledger, --ledger)");
      err.flush();
      return Main.USAGE;
    }
    String keptUsage = keptUsage();
    if (keptUsage != null) {
      err.println("cosettle run: " + keptUsage);
      err.flush();
      return Main.USAGE;
    }
    if (mode == Mode.handshake && (ledgerPath != null) != (platformLedgerPath != null)) {
      err.println("cosettle run: with --mode handshake, --ledger (the insurer's ledger of shares) and"
          + " --platform-ledger (the platform's) go together");
      err.flush();
      return Main.USAGE;
    }
    CompiledPolicy policy = PolicyLoader.load(policyPath, err);
    if (policy == null) {
      return Main.INPUT_ERROR;
    }
    try (TrustOptions.Trusted trusted = trust.open(policyPath, policy, settlements);
        ProgressBar progress = ProgressBar.onTerminal(err, claimsPath)) {
      PrivateValues privateValues = paramsOption.all(policy);
      InsuredFile insured = policy.readInsured(insuredPath, insuredPath.toString(), MAX_REPORTED);
      ClaimsFile.Result read = ClaimsFile.read(claimsPath, claimsPath.toString(), progress::bytesRead);
      ClaimBatch.Resolved resolved = ClaimBatch.resolve(read.claims(), insured);
      List<ClaimsFile.Rejected> rejected = ClaimsFile.Rejected.withUnknownInsured(read.rejected(),
          resolved.withoutInsuredRecord(), claimsPath.toString(), insuredPath.toString());
      boolean plaintext = mode == Mode.plaintext;
      ClaimLedger ledger = !plaintext ? null : ledgerPath != null
          ? ClaimLedger.read(ledgerPath, ledgerPath.toString(), policy)
          : ledgerOutPath != null ? ClaimLedger.empty(policy) : null;
      // handshake mode: each party's ledger of shares, the reversals resolved by the parties themselves
      ShareLedger insurerShares = plaintext ? null
          : ShareLedgerOptions.read(ledgerPath, ledgerOutPath, policy, Party.INSURER);
      ShareLedger platformShares = plaintext ? null
          : ShareLedgerOptions.read(platformLedgerPath, platformLedgerOutPath, policy, Party.DATA_HOLDER);
      KeptShares insurerKept = plaintext ? null : KeptSharesOptions.read(keptPath, policy, Party.INSURER);
      KeptShares platformKept = plaintext ? null : KeptSharesOptions.read(platformKeptPath, policy, Party.DATA_HOLDER);
      ClaimBatch batch = ledger != null && ledgerPath != null
          ? resolved.batch().withEarlier(ledger.records(), ledger.name()) : resolved.batch();
      List<Claim> claims = batch.claims();
      if (!rejected.isEmpty()) {
        progress.finish();
        InputErrors.print(err, rejected.stream().flatMap(r -> r.errors().stream()).toList());
        if (rejectsPath == null) {
          err.println(rejected.size() + " bad claim line(s); nothing written (use --rejects FILE to set them aside and settle the rest)");
          err.flush();
          return Main.INPUT_ERROR;
        }
      }
      if (mode == Mode.handshake) {
        String noStates = statesPath != null ? HandshakeSettlement.statesFileRefusal(policy,
            keptOutPath != null) : null;
        if (noStates != null) {
          progress.finish();
          err.println("cosettle run: " + noStates + "; nothing written");
          err.flush();
          return Main.INPUT_ERROR;
        }
        err.println("cosettle run: --mode handshake runs both parties in this process over loopback, a simulation;"
            + " for one process per party see cosettle handshake");
      } else {
        String unopened = KeptSharesOptions.plaintextRefusal(insured, claims);
        if (unopened != null) {
          progress.finish();
          err.println("cosettle run: " + unopened + "; nothing written");
          err.flush();
          return Main.INPUT_ERROR;
        }
      }
      progress.phase(ProgressBar.Phase.EVALUATING, claims.size());
      boolean writeStates = statesPath != null;
      String policyDigest = trusted.service().policyDigest();
      String batchDigest = Digests.sm3(claimsPath);
      java.util.concurrent.atomic.AtomicReference<LoopbackHandshake.Outcome> secure =
          new java.util.concurrent.atomic.AtomicReference<>();
      Evaluation evaluation = mode == Mode.plaintext
          ? Evaluations.plaintext(policy, batch, insured, privateValues, writeStates, batchDigest,
              ledgerOutPath != null ? ledger : null)
          : (consented, gate) -> {
            Evaluations.admit(gate, batchDigest);
            secure.set(LoopbackHandshake.settle(policy, policyDigest, consented, insured, privateValues,
                state -> progress.phase(ProgressBar.Phase.of(state), consented.size()), heBackendName, platformShares,
                insurerShares, platformKept, insurerKept));
            return Evaluations.of(policy, secure.get().result(), writeStates);
          };
      SettlementService.Settlement settled;
      try {
        settled = trusted.service().settle(claims, evaluation);
      } catch (SettlementRefusedException e) {
        progress.finish();
        err.println(trust.describe(e, policyPath) + "; nothing written");
        err.flush();
        return Main.INPUT_ERROR;
      } catch (SettlementAbortedException e) {
        progress.finish();
        err.println("cosettle run: " + e.getMessage() + "; nothing written");
        err.flush();
        return Main.INPUT_ERROR;
      }
      settlements.reportFlags(settled.records(), err);
      reportUnconsented(settled.consent(), err);
      progress.phase(ProgressBar.Phase.WRITING, claims.size());
      if (!rejected.isEmpty()) {
        // only after evaluation succeeded: a failed batch leaves no file behind
        AtomicFile.write(rejectsPath, ClaimsFile.Rejected.jsonl(rejected));
        err.println(rejected.size() + " claim(s) set aside in " + rejectsPath);
      }
      AtomicFile.write(outPath, settled.file(SettlementFileKind.RESULTS));
      writeIfGiven(settlements.path(), settled.file(SettlementFileKind.SETTLEMENTS));
      writeIfGiven(statesPath, settled.file(SettlementFileKind.STATES));
      if (plaintext) {
        writeIfGiven(ledgerOutPath, settled.file(SettlementFileKind.LEDGER));
      } else {
        // each party's ledger of shares, kept by the roles only when asked for
        writeIfGiven(ledgerOutPath, ledgerOutPath == null ? null : secure.get().insurerLedger().jsonl());
        writeIfGiven(platformLedgerOutPath, platformLedgerOutPath == null ? null
            : secure.get().platformLedger().jsonl());
        // each party's kept shares of the states per item code, for a policy that keeps some
        KeptShares insurerAfter = secure.get().insurerKept();
        KeptShares platformAfter = secure.get().platformKept();
        writeIfGiven(keptOutPath, insurerAfter == null ? null : insurerAfter.jsonl());
        writeIfGiven(platformKeptOutPath, platformAfter == null ? null : platformAfter.jsonl());
      }
      writeIfGiven(trust.unconsentedPath, settled.file(SettlementFileKind.UNCONSENTED));
      String aggregates = settled.file(SettlementFileKind.AGGREGATES);
      if (aggregates != null) {
        if (aggregatesPath != null) {
          AtomicFile.write(aggregatesPath, aggregates);
        } else {
          progress.finish();
          out.print(aggregates);
        }
      }
      progress.finish();
      err.println(RunSummary.of(policy, settled, settlements.payoutOutput, System.nanoTime() - started));
      out.flush();
      err.flush();
      return Main.OK;
    } catch (InputException e) {
      for (InputError ie : e.errors()) {
        err.println(ie);
      }
      err.println("nothing written");
      err.flush();
      return Main.INPUT_ERROR;
    } catch (EvaluationException e) {
      err.println("cosettle run: " + e.getMessage() + "; nothing written");
      err.flush();
      return Main.INPUT_ERROR;
    }
  }

  /** Why the kept-shares options do not fit together or with the mode; null when they do. */
  private String keptUsage() {
    boolean any = keptPath != null || keptOutPath != null || platformKeptPath != null || platformKeptOutPath != null;
    if (mode == Mode.plaintext && any) {
      return "--kept-shares, --platform-kept-shares and their -out options need --mode handshake (plaintext mode"
          + " writes the values per item code in the states file)";
    }
    if ((keptPath != null) != (platformKeptPath != null)) {
      return "with --mode handshake, --kept-shares (the insurer's kept shares) and --platform-kept-shares (the"
          + " platform's) go together";
    }
    if ((keptOutPath != null) != (platformKeptOutPath != null)) {
      return "with --mode handshake, --kept-shares-out and --platform-kept-shares-out go together";
    }
    return null;
  }

  private static void writeIfGiven(Path path, String text) throws IOException {
    if (path != null && text != null) {
      AtomicFile.write(path, text);
    }
  }

  private void reportUnconsented(ConsentFilter.Outcome consent, PrintWriter err) {
    if (consent != null && !consent.unconsented().isEmpty()) {
      err.println(consent.unconsented().size() + " claim(s) without a valid consent were not evaluated"
          + (trust.unconsentedPath != null ? "; listed in " + trust.unconsentedPath
              : " (list them with --unconsented-out FILE)"));
    }
  }

  /** The rejects file: one JSON line per bad claim line, with its line number and errors. */

}
