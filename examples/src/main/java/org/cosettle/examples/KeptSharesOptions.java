package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.platform.settlement.SettlementFileKind;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Option;

/**
 * The options of {@code cosettle handshake platform|insurer} for the states a policy keeps per
 * item code: this party's kept shares before the batch and where to write them after
 * (docs/files.md, "Kept shares").
 */
final class KeptSharesOptions {
  @Option(names = "--kept-shares", paramLabel = "KEPT.jsonl",
      description = "this party's kept shares of the states per item code (written by --kept-shares-out after the"
          + " previous batch)") Path keptPath;
  @Option(names = "--kept-shares-out", paramLabel = "KEPT.jsonl",
      description = "where to write this party's kept shares of the states per item code after the batch (written"
          + " only when the batch settled)") Path keptOutPath;

  /** This party's kept shares from --kept-shares; null without it (none yet). */
  KeptShares read(CompiledPolicy policy, Party party) throws IOException, InputException {
    return read(keptPath, policy, party);
  }

  /** The kept shares of {@code party} at {@code path}; null for none. */
  static KeptShares read(Path path, CompiledPolicy policy, Party party) throws IOException, InputException {
    return path == null ? null : KeptShares.read(path, path.toString(), policy, party);
  }

  /** Where the kept shares after the batch go, when --kept-shares-out was given. */
  void target(Map<SettlementFileKind, Path> targets) {
    HandshakePlatformCommand.putIfGiven(targets, SettlementFileKind.KEPT_SHARES, keptOutPath);
  }

  /** The kept shares after the batch among this party's files, when --kept-shares-out was given and the policy keeps some. */
  void put(Map<SettlementFileKind, String> files, KeptShares after) {
    if (keptOutPath != null && after != null) {
      files.put(SettlementFileKind.KEPT_SHARES, after.jsonl());
    }
  }

  /**
   * Why rules-come-in mode does not settle {@code claims} against {@code insured}: a person of the
   * batch whose record names kept shares ({@code kept_shares}), so that part of the person's values
   * per item code is on the two parties' shares, not in the file; null when none does.
   */
  static String plaintextRefusal(InsuredFile insured, List<Claim> claims) {
    for (Claim c : claims) {
      int record = insured.indexOf(c.insuredId());
      String named = record < 0 ? "" : insured.records().get(record).keptShares();
      if (!named.isEmpty()) {
        return "the insured file records kept shares written by settlement " + named + " for the insured person of"
            + " claim " + c.id() + ": part of the person's values per item code is on the two parties' shares, not in"
            + " the file; open them first (cosettle handshake open-kept) or settle the batch in handshake mode";
      }
    }
    return null;
  }
}
