package org.cosettle.examples;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.InputException;
import org.cosettle.platform.Clearing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cosettle clear}: monthly clearing, what each insurer owes each hospital. */
@Command(name = "clear", mixinStandardHelpOptions = true,
    description = "Total, for a month, what each insurer owes each hospital, net of reversals, "
        + "listing the differences a reconciliation found.")
final class ClearCommand implements Callable<Integer> {
  @Option(names = "--records", required = true, paramLabel = "SETTLEMENTS.jsonl") Path recordsPath;
  @Option(names = "--month", required = true, paramLabel = "YYYY-MM") YearMonth month;
  @Option(names = "--reconciliation", paramLabel = "DETAIL.csv",
      description = "a detail file of cosettle reconcile covering the month") Path detailPath;
  @Option(names = "--out", required = true, paramLabel = "CLEARING.csv") Path outPath;
  @CommandLine.Mixin PlatformCommands.SpillOptions spill;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Clearing.Result result;
    try {
      result = Clearing.clear(recordsPath, recordsPath.toString(), month, detailPath,
          detailPath == null ? "" : detailPath.toString(), spill.budgetBytes(), spill.tempDir());
    } catch (InputException e) {
      return PlatformCommands.rejected(spec.commandLine().getErr(), e);
    }
    AtomicFile.write(outPath, result.csv());
    return 0;
  }
}
