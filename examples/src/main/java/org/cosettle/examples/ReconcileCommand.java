package org.cosettle.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.AtomicOutput;
import org.cosettle.core.InputException;
import org.cosettle.platform.Reconciliation;
import org.cosettle.platform.trust.Digests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cosettle reconcile}: the platform's settlement records against an insurer's or a hospital's. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = "Match two sets of settlement records by settlement id over a date window, net reversals, "
        + "and classify every settlement (MATCHED, AMOUNT_DIFF, STATUS_DIFF, ONLY_PLATFORM, ONLY_INSURER).")
final class ReconcileCommand implements Callable<Integer> {
  @Option(names = "--platform", required = true, paramLabel = "P.jsonl",
      description = "the platform's settlement records (run --settlements-out)") Path platformPath;
  @Option(names = "--counterparty", required = true, paramLabel = "I.jsonl",
      description = "the insurer's (or a hospital's) records") Path counterpartyPath;
  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD",
      description = "the first settlement date of the window (inclusive)") LocalDate from;
  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD",
      description = "the last settlement date of the window (inclusive)") LocalDate to;
  @Option(names = "--out", required = true, paramLabel = "DETAIL.csv",
      description = "where to write a row per settlement with its class") Path detailPath;
  @Option(names = "--summary", paramLabel = "SUMMARY.csv",
      description = "where to write the settlements and amounts per class (default: standard output)") Path summaryPath;
  @CommandLine.Mixin PlatformCommands.SpillOptions spill;
  @CommandLine.Mixin AuditOptions audit = new AuditOptions();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    audit.checkUsage();
    Reconciliation.Options options;
    try {
      options = new Reconciliation.Options(from, to, spill.budgetBytes(), spill.tempDir());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Reconciliation.Summary summary;
    try (AtomicOutput detail = AtomicOutput.open(detailPath)) {
      summary = Reconciliation.reconcile(platformPath, platformPath.toString(), counterpartyPath,
          counterpartyPath.toString(), options, detail.stream());
      if (summaryPath != null) {
        AtomicFile.write(summaryPath, summary.csv());
      }
      detail.commit();
    } catch (InputException e) {
      return PlatformCommands.rejected(err, e);
    }
    if (summaryPath == null) {
      spec.commandLine().getOut().print(summary.csv());
      spec.commandLine().getOut().flush();
    }
    if (audit.auditPath != null) {
      ObjectNode event = AuditOptions.fields();
      event.put("platform_records_sm3", Digests.sm3(platformPath));
      event.put("counterparty_records_sm3", Digests.sm3(counterpartyPath));
      event.put("from", from.toString());
      event.put("to", to.toString());
      event.put("detail_sm3", Digests.sm3(detailPath));
      event.put("summary_sm3", Digests.sm3(summary.csv()));
      try {
        audit.append("reconciliation", event);
      } catch (InputException e) {
        return PlatformCommands.rejected(err, e);
      }
    }
    return 0;
  }
}
