package org.cosettle.examples;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.platform.PayoutRecord;
import org.cosettle.platform.SettlementSplit;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The insurer's settlement records in {@code cosettle handshake insurer}: a {@link PayoutRecord}
 * per claim (the settlement id the platform gives it, the insured and claim ids, the payout), for
 * reconciling with the platform's records. Written only when the payout is addressed to the insurer.
 */
final class PayoutRecordOptions {
  @Option(names = "--settlements-out", paramLabel = "SETTLEMENTS.jsonl",
      description = "write the insurer's settlement record per claim (settlement id, claim, payout) for reconcile")
  Path path;
  @Option(names = "--payout-output", defaultValue = SettlementSplit.Options.DEFAULT_PAYOUT_OUTPUT, paramLabel = "NAME",
      description = "the money output the insurer pays, addressed to it (default: ${DEFAULT-VALUE})") String payoutOutput;
  @Option(names = "--settlement-date", paramLabel = "YYYY-MM-DD",
      description = "the settlement date, the same as the platform's (default: today)") LocalDate date;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  /**
   * The index of the payout output when --settlements-out is given, or -1; a usage error when it
   * is not a money output addressed to the insurer (only the platform can write records then).
   */
  int payoutIndex(CompiledPolicy policy) {
    return path == null ? -1 : SettlementOptions.payoutFor(spec, policy, payoutOutput, Party.INSURER);
  }

  /** The records of a settled batch, with ids {@code insurerId-<claim id>}. */
  String records(String insurerId, List<String> claimIds, List<String> insuredIds, long[] payouts) {
    return PayoutRecord.jsonLines(claimIds, insuredIds, payouts,
        new SettlementSplit.Options(payoutOutput, insurerId, date != null ? date : LocalDate.now()));
  }
}
