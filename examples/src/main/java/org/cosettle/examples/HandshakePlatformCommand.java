package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InputException;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.DataHolder;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.SettlementLimits;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.platform.settlement.Evaluated;
import org.cosettle.platform.settlement.SettlementFileKind;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle handshake platform}: the data holder's side, with its claims. */
@Command(name = "platform", mixinStandardHelpOptions = true,
    description = {"Settle a batch as the platform (the data holder): its claims stay here; it writes only the "
        + "outputs and aggregates the policy addresses to the data holder, and the settlement records when the "
        + "payout is addressed to it.",
        "Claims are filtered by consent (--consents) before any claim id is sent; the consents must name the "
        + "pinned peer (its certificate's CN)."})
final class HandshakePlatformCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy, the same file as the insurer's")
  Path policyPath;
  @Option(names = "--claims", required = true, paramLabel = "CLAIMS.jsonl", description = "the claims, one JSON object per line")
  Path claimsPath;
  @CommandLine.Mixin PeerOptions peer = new PeerOptions();
  @CommandLine.Mixin LogOptions logging = new LogOptions();
  @Option(names = "--out", paramLabel = "RESULTS.csv",
      description = "where to write claim_id and the data holder's outputs per claim") Path outPath;
  @Option(names = "--aggregates-out", paramLabel = "FILE",
      description = "where to write the data holder's aggregates (default: standard output)") Path aggregatesPath;
  @Option(names = "--rejects", paramLabel = "REJECTS.jsonl",
      description = "set bad claim lines aside here with their reasons and settle the rest") Path rejectsPath;
  @CommandLine.Mixin SettlementOptions settlements;
  @CommandLine.Mixin ShareLedgerOptions ledger = new ShareLedgerOptions();
  @CommandLine.Mixin KeptSharesOptions kept = new KeptSharesOptions();
  @CommandLine.Mixin TrustOptions trust = new TrustOptions();
  @CommandLine.Mixin HeBackendOption heBackend = new HeBackendOption();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    logging.apply();
    String heBackendName = heBackend.checked();
    CompiledPolicy policy = PolicyLoader.load(policyPath, err);
    if (policy == null) {
      return Main.INPUT_ERROR;
    }
    settlements.requireFor(policy, Party.DATA_HOLDER);
    try {
      Instant now = Instant.now();
      java.security.cert.X509Certificate insurerCert = peer.peer(now);
      trust.consentsFor(TransportIdentity.commonName(insurerCert));
      // the TLS identities of the session, bound in the audit event to the SM2 key that signs the log
      trust.nameParties(Map.of("insurer", TransportIdentity.commonName(insurerCert),
          "insurer_tls_sha256", TransportIdentity.fingerprint(insurerCert),
          "platform_tls_sha256", TransportIdentity.fingerprint(peer.identity(now).certificate())));
      try (TrustOptions.Trusted trusted = trust.open(policyPath, policy, settlements)) {
        ClaimsFile.Result read = ClaimsFile.read(claimsPath, claimsPath.toString());
        if (!read.rejected().isEmpty()) {
          InputErrors.print(err, read.rejected().stream().flatMap(r -> r.errors().stream()).toList());
          if (rejectsPath == null) {
            err.println(read.rejected().size() + " bad claim line(s); nothing written (use --rejects FILE to set them"
                + " aside and settle the rest)");
            err.flush();
            return Main.INPUT_ERROR;
          }
        }
        List<Claim> claims = read.claims();
        ShareLedger earlier = ledger.read(policy, Party.DATA_HOLDER);
        org.cosettle.mpc.engine.KeptShares keptBefore = kept.read(policy, Party.DATA_HOLDER);
        HandshakeRun run = new HandshakeRun("cosettle handshake platform", err, peer, trusted.service(), trusted.log());
        Map<SettlementFileKind, Path> targets = new EnumMap<>(SettlementFileKind.class);
        putIfGiven(targets, SettlementFileKind.RESULTS, outPath);
        putIfGiven(targets, SettlementFileKind.SETTLEMENTS, settlements.path());
        putIfGiven(targets, SettlementFileKind.UNCONSENTED, trust.unconsentedPath);
        putIfGiven(targets, SettlementFileKind.AGGREGATES, aggregatesPath);
        ledger.target(targets);
        kept.target(targets);
        // HE keys kept and cached in --state-dir, the insurer named by its pinned certificate
        org.cosettle.mpc.engine.HeKeyReuse heKeys = peer.heKeys(java.time.Instant.now());
        return run.settle(policy, claims, (consented, gate, session, commit) -> {
          DataHolder role = DataHolder.of(policy, trusted.service().policyDigest(), consented, SettlementLimits.DEFAULTS)
              .keepHeKeys(heKeys).ledger(earlier).kept(keptBefore);
          if (heBackendName != null) {
            role.heBackend(heBackendName);
          }
          HandshakeSettlement.DataHolderOutcome mine = role.prepare(session, run.check(gate));
          commit.accept(role::commit);
          Map<SettlementFileKind, String> files = new EnumMap<>(SettlementFileKind.class);
          files.put(SettlementFileKind.RESULTS,
              BatchResult.resultsCsv(policy, consented.stream().map(Claim::id).toList(), mine.outputs()));
          if (policy.aggregates().stream().anyMatch(a -> a.isFor(Party.DATA_HOLDER))) {
            files.put(SettlementFileKind.AGGREGATES, BatchResult.aggregatesCsv(mine.aggregates()));
          }
          ledger.put(files, mine.ledger());
          kept.put(files, mine.kept());
          return new Evaluated(consented.size(), files, mine.outputs());
        }, targets, settled -> {
          settlements.reportFlags(settled.records(), err);
          if (!read.rejected().isEmpty()) {
            AtomicFile.write(rejectsPath, ClaimsFile.Rejected.jsonl(read.rejected()));
          }
          String aggregates = settled.file(SettlementFileKind.AGGREGATES);
          if (aggregates != null && aggregatesPath == null) {
            out.print(aggregates);
            out.flush();
          }
          err.println("cosettle handshake platform: settled " + settled.evaluated().size() + " claims with the insurer");
          err.flush();
        });
      }
    } catch (InputException e) {
      return TrustFiles.fail(err, e);
    }
  }

  /** Where file {@code kind} goes, when its option was given. */
  static void putIfGiven(Map<SettlementFileKind, Path> targets, SettlementFileKind kind, Path path) {
    if (path != null) {
      targets.put(kind, path);
    }
  }
}
