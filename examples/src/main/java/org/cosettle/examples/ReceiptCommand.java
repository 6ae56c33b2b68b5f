package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.platform.Receipt;
import org.cosettle.platform.SettlementRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cosettle receipt}: one claim's statement for the patient. */
@Command(name = "receipt", mixinStandardHelpOptions = true,
    description = "Print a claim's settlement statement for the patient: what each payer covers.")
final class ReceiptCommand implements Callable<Integer> {
  @Option(names = "--settlements", required = true, paramLabel = "SETTLEMENTS.jsonl",
      description = "the settlement records (run --settlements-out)") Path settlementsPath;
  @Option(names = "--claim", required = true, paramLabel = "CLAIM_ID",
      description = "the claim whose statement to print (with its reversals, if any)") String claimId;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<SettlementRecord> records;
    try {
      records = Receipt.recordsOfClaim(settlementsPath, settlementsPath.toString(), claimId);
    } catch (InputException e) {
      return PlatformCommands.rejected(err, e);
    }
    if (records.isEmpty()) {
      err.println("cosettle receipt: no settlement record of claim \"" + claimId + "\" in " + settlementsPath);
      err.flush();
      return 1;
    }
    for (int i = 0; i < records.size(); i++) {
      out.print((i > 0 ? "\n" : "") + Receipt.format(records.get(i)));
    }
    out.flush();
    return 0;
  }
}
