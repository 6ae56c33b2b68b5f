package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.platform.SettlementFile;
import org.cosettle.platform.SettlementRecord;
import org.cosettle.platform.SettlementSplit;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of {@code cosettle run} that turn its results into settlement records (the three-way split). */
final class SettlementOptions {
  @Option(names = "--settlements-out", paramLabel = "SETTLEMENTS.jsonl",
      description = "write a settlement record (the three-way split) per claim") Path path;
  @Option(names = "--payout-output", defaultValue = SettlementSplit.Options.DEFAULT_PAYOUT_OUTPUT, paramLabel = "NAME",
      description = "the money output that the commercial insurer pays (default: ${DEFAULT-VALUE})") String payoutOutput;
  @Option(names = "--insurer-id", defaultValue = "", paramLabel = "ID",
      description = "the insurer settling; settlement ids are ID-<claim id>") String insurerId;
  @Option(names = "--settlement-date", paramLabel = "YYYY-MM-DD", description = "default: today") LocalDate date;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  /**
   * The settlement records of an evaluated batch, or null when none were asked for. Reports each
   * claim whose payout had to be capped on {@code err}.
   */
  SettlementSplit.Batch split(CompiledPolicy policy, List<Claim> claims, BatchResult result, PrintWriter err) {
    if (path == null) {
      return null;
    }
    SettlementSplit.Batch batch;
    try {
      batch = SettlementSplit.ofBatch(policy, claims, result,
          new SettlementSplit.Options(payoutOutput, insurerId, date != null ? date : LocalDate.now()));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--payout-output: " + e.getMessage());
    }
    List<SettlementRecord> flagged = batch.flagged();
    for (int i = 0; i < Math.min(flagged.size(), RunCommand.MAX_REPORTED); i++) {
      err.println("warning: " + SettlementSplit.describeFlag(flagged.get(i)));
    }
    if (!flagged.isEmpty()) {
      err.println(flagged.size() + " claim(s) flagged in " + path + " (field \"flag\")");
    }
    return batch;
  }

  /** Writes the records, if any were asked for. */
  void write(SettlementSplit.Batch batch) throws IOException {
    if (batch != null) {
      SettlementFile.write(path, batch.records());
    }
  }
}
