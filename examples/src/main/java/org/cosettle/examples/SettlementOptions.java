package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.platform.SettlementRecord;
import org.cosettle.platform.SettlementSplit;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The options of {@code cosettle run} that turn its results into settlement records (the three-way split). */
final class SettlementOptions {
  @Option(names = "--settlements-out", paramLabel = "SETTLEMENTS.jsonl",
      description = "write a settlement record (the three-way split) per claim") Path path;
  @Option(names = "--payout-output", defaultValue = SettlementSplit.Options.DEFAULT_PAYOUT_OUTPUT, paramLabel = "NAME",
      description = "the money output that the commercial insurer pays (default: ${DEFAULT-VALUE})") String payoutOutput;
  @Option(names = "--settlement-date", paramLabel = "YYYY-MM-DD", description = "default: today") LocalDate date;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  /**
   * Asks {@code builder} for settlement records when --settlements-out is given, with ids
   * {@code insurerId-<claim id>} (the claim id alone when {@code insurerId} is empty); --insurer-id
   * is one of the trust options, as the consents must name the same insurer.
   */
  void configure(CompiledPolicy policy, SettlementService.Builder builder, String insurerId) {
    if (path != null) {
      try {
        SettlementSplit.payoutIndex(policy, payoutOutput);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--payout-output: " + e.getMessage());
      }
      builder.settlementRecords(new SettlementSplit.Options(payoutOutput, insurerId, date != null ? date : LocalDate.now()));
    }
  }

  /**
   * The index of the money output {@code name} of {@code policy}, which {@code party} must receive
   * to write settlement records from it (a party of handshake mode has only its own outputs);
   * a usage error of {@code spec}'s command otherwise.
   */
  static int payoutFor(CommandLine.Model.CommandSpec spec, CompiledPolicy policy, String name, Party party) {
    int index;
    try {
      index = SettlementSplit.payoutIndex(policy, name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--payout-output: " + e.getMessage());
    }
    if (!policy.outputs().get(index).isFor(party)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--settlements-out: output '" + name + "' of policy "
          + policy.name() + " is not addressed to the " + party.displayName() + ", so the " + party.displayName()
          + " cannot write settlement records from it");
    }
    return index;
  }

  /** In handshake mode: the payout must be addressed to {@code party} (checked before the peer is met). */
  void requireFor(CompiledPolicy policy, Party party) {
    if (path != null) {
      payoutFor(spec, policy, payoutOutput, party);
    }
  }

  /** Reports each claim whose payout had to be capped or zeroed on {@code err}. */
  void reportFlags(SettlementSplit.Batch batch, PrintWriter err) {
    if (batch == null) {
      return;
    }
    List<SettlementRecord> flagged = batch.flagged();
    for (int i = 0; i < Math.min(flagged.size(), RunCommand.MAX_REPORTED); i++) {
      err.println("warning: " + SettlementSplit.describeFlag(flagged.get(i)));
    }
    if (!flagged.isEmpty()) {
      err.println(flagged.size() + " claim(s) flagged in " + path + " (field \"flag\")");
    }
  }

  /** Where the settlement records go, or null. */
  Path path() {
    return path;
  }
}
