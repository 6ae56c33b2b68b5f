package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.cosettle.core.InputException;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.platform.settlement.SettlementFileKind;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Option;

/**
 * The options of {@code cosettle handshake platform|insurer} for reversals of earlier batches'
 * claims: this party's ledger of shares before the batch and where to write it after
 * (docs/files.md, "Ledger of shares").
 */
final class ShareLedgerOptions {
  @Option(names = "--ledger", paramLabel = "SHARES.jsonl",
      description = "this party's ledger of shares of earlier batches (written by --ledger-out), to settle reversals"
          + " of their claims") Path ledgerPath;
  @Option(names = "--ledger-out", paramLabel = "SHARES.jsonl",
      description = "where to write this party's ledger of shares after the batch: --ledger's records, then one per"
          + " claim settled (written only when the batch settled)") Path ledgerOutPath;

  /** This party's ledger of shares from --ledger, an empty one for --ledger-out alone; null for neither. */
  ShareLedger read(CompiledPolicy policy, Party party) throws IOException, InputException {
    return read(ledgerPath, ledgerOutPath, policy, party);
  }

  /** The ledger of shares of {@code party} at {@code path}; an empty one for {@code out} alone; null for neither. */
  static ShareLedger read(Path path, Path out, CompiledPolicy policy, Party party) throws IOException, InputException {
    return path != null ? ShareLedger.read(path, path.toString(), policy, party)
        : out != null ? ShareLedger.empty(policy, party) : null;
  }

  /** Where the ledger after the batch goes, when --ledger-out was given. */
  void target(Map<SettlementFileKind, Path> targets) {
    HandshakePlatformCommand.putIfGiven(targets, SettlementFileKind.LEDGER, ledgerOutPath);
  }

  /** The ledger after the batch among this party's files, when --ledger-out was given. */
  void put(Map<SettlementFileKind, String> files, ShareLedger after) {
    if (ledgerOutPath != null) {
      files.put(SettlementFileKind.LEDGER, after.jsonl());
    }
  }
}
