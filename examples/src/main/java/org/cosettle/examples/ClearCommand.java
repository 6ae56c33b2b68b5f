package org.cosettle.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.InputException;
import org.cosettle.platform.Clearing;
import org.cosettle.platform.trust.Digests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cosettle clear}: monthly clearing, what each insurer owes each hospital. */
@Command(name = "clear", mixinStandardHelpOptions = true,
    description = "Total, for a month, what each insurer owes each hospital, net of reversals, "
        + "listing the differences a reconciliation found.")
final class ClearCommand implements Callable<Integer> {
  @Option(names = "--records", required = true, paramLabel = "SETTLEMENTS.jsonl",
      description = "the platform's settlement records (run --settlements-out)") Path recordsPath;
  @Option(names = "--month", required = true, paramLabel = "YYYY-MM",
      description = "the month to clear: the records dated in it, reversals in the month they are booked")
  YearMonth month;
  @Option(names = "--reconciliation", paramLabel = "DETAIL.csv",
      description = "a detail file of cosettle reconcile covering the month") Path detailPath;
  @Option(names = "--out", required = true, paramLabel = "CLEARING.csv",
      description = "where to write what each insurer owes each hospital") Path outPath;
  @CommandLine.Mixin PlatformCommands.SpillOptions spill;
  @CommandLine.Mixin AuditOptions audit = new AuditOptions();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    audit.checkUsage();
    Clearing.Result result;
    try {
      result = Clearing.clear(recordsPath, recordsPath.toString(), month, detailPath,
          detailPath == null ? "" : detailPath.toString(), spill.budgetBytes(), spill.tempDir());
    } catch (InputException e) {
      return PlatformCommands.rejected(spec.commandLine().getErr(), e);
    }
    String csv = result.csv();
    AtomicFile.write(outPath, csv);
    if (audit.auditPath != null) {
      ObjectNode event = AuditOptions.fields();
      event.put("records_sm3", Digests.sm3(recordsPath));
      event.put("month", month.toString());
      if (detailPath != null) {
        event.put("reconciliation_sm3", Digests.sm3(detailPath));
      }
      event.put("clearing_sm3", Digests.sm3(csv));
      try {
        audit.append("clearing", event);
      } catch (InputException e) {
        return PlatformCommands.rejected(spec.commandLine().getErr(), e);
      }
    }
    return 0;
  }
}
