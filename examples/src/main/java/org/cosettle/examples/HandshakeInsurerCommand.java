package org.cosettle.examples;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.Insurer;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.SettlementLimits;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.settlement.Evaluated;
import org.cosettle.platform.settlement.SettlementFileKind;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle handshake insurer}: the insurer's side, with its insured records, private params and states. */
@Command(name = "insurer", mixinStandardHelpOptions = true,
    description = {"Settle a batch as the insurer: its insured records, private params and states stay here; it "
        + "writes only the outputs and aggregates the policy addresses to the insurer, its states after the batch, "
        + "and its settlement records (the payout per claim, for reconcile) when the payout is addressed to it.",
        "A claim of a person without an insured record here refuses the batch; the platform is told those claim ids."})
final class HandshakeInsurerCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY.cpl", description = "the policy, the same file as the platform's")
  Path policyPath;
  @Option(names = "--insured", required = true, paramLabel = "INSURED.csv",
      description = "the insured records with each state's value before the batch") Path insuredPath;
  @CommandLine.Mixin ParamsOption paramsOption = new ParamsOption();
  @CommandLine.Mixin PeerOptions peer = new PeerOptions();
  @CommandLine.Mixin LogOptions logging = new LogOptions();
  @Option(names = "--out", paramLabel = "RESULTS.csv", description = "where to write claim_id and the insurer's outputs per claim")
  Path outPath;
  @Option(names = "--states-out", paramLabel = "STATES.csv", description = "where to write the states after the batch")
  Path statesPath;
  @Option(names = "--aggregates-out", paramLabel = "FILE",
      description = "where to write the insurer's aggregates (default: standard output)") Path aggregatesPath;
  @CommandLine.Mixin PayoutRecordOptions settlements = new PayoutRecordOptions();
  @CommandLine.Mixin HeBackendOption heBackend = new HeBackendOption();
  @CommandLine.Mixin ShareLedgerOptions ledger = new ShareLedgerOptions();
  @CommandLine.Mixin KeptSharesOptions kept = new KeptSharesOptions();
  @Option(names = "--audit", paramLabel = "LOG.jsonl",
      description = "append this settlement to the insurer's audit log; a batch already settled with this policy is refused")
  Path auditPath;
  @Option(names = "--audit-key", paramLabel = "KEY.pem", description = "the insurer's SM2 key, signing audit checkpoints")
  Path auditKey;
  @Option(names = "--audit-cert", paramLabel = "CERT.pem", description = "the insurer's SM2 certificate") Path auditCert;
  @Option(names = "--force", description = "settle a batch the audit log shows as settled already (recorded as forced)")
  boolean force;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    logging.apply();
    if ((auditPath == null) != (auditKey == null) || (auditPath == null) != (auditCert == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--audit, --audit-key and --audit-cert go together");
    }
    if (force && auditPath == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--force needs --audit");
    }
    String heBackendName = heBackend.checked();
    CompiledPolicy policy = PolicyLoader.load(policyPath, err);
    if (policy == null) {
      return Main.INPUT_ERROR;
    }
    String noStates = statesPath != null ? HandshakeSettlement.statesFileRefusal(policy,
        kept.keptOutPath != null) : null;
    if (noStates != null) {
      err.println("cosettle handshake insurer: " + noStates);
      err.flush();
      return Main.INPUT_ERROR;
    }
    int payout = settlements.payoutIndex(policy);
    AuditLog log = null;
    try {
      org.cosettle.policy.PrivateValues params = paramsOption.all(policy);
      InsuredFile insured = policy.readInsured(insuredPath, insuredPath.toString(),
          InputErrors.MAX_REPORTED);
      ShareLedger earlier = ledger.read(policy, Party.INSURER);
      org.cosettle.mpc.engine.KeptShares keptBefore = kept.read(policy, Party.INSURER);
      SettlementService.Builder builder = SettlementService.forPolicy(policy, Files.readAllBytes(policyPath)).force(force);
      if (auditPath != null) {
        PartyIdentity me = KeyFiles.readIdentity(auditKey, auditCert, java.time.Instant.now());
        log = AuditOptions.open(auditPath, me);
        java.time.Instant now = java.time.Instant.now();
        java.security.cert.X509Certificate platformCert = peer.peer(now);
        // the TLS identities of the session, bound in the audit event to the SM2 key that signs the log
        builder.audit(log, Map.of("insurer", me.certificate().subject(),
            "insurer_tls_sha256", TransportIdentity.fingerprint(peer.identity(now).certificate()),
            "platform", TransportIdentity.commonName(platformCert),
            "platform_tls_sha256", TransportIdentity.fingerprint(platformCert)));
      }
      SettlementService service = builder.build();
      HandshakeRun run = new HandshakeRun("cosettle handshake insurer", err, peer, service, log);
      Map<SettlementFileKind, Path> targets = new EnumMap<>(SettlementFileKind.class);
      HandshakePlatformCommand.putIfGiven(targets, SettlementFileKind.RESULTS, outPath);
      HandshakePlatformCommand.putIfGiven(targets, SettlementFileKind.STATES, statesPath);
      HandshakePlatformCommand.putIfGiven(targets, SettlementFileKind.AGGREGATES, aggregatesPath);
      HandshakePlatformCommand.putIfGiven(targets, SettlementFileKind.SETTLEMENTS, settlements.path);
      ledger.target(targets);
      kept.target(targets);
      // the insurer id both parties put in the settlement ids: this party's TLS certificate name, the one the platform pinned
      String insurerId = TransportIdentity.commonName(peer.identity(java.time.Instant.now()).certificate());
      // the HE keys kept in --state-dir, the platform named by its pinned certificate
      org.cosettle.mpc.engine.HeKeyReuse heKeys = peer.heKeys(java.time.Instant.now());
      return run.settle(policy, java.util.List.of(), (none, gate, session, commit) -> {
        Insurer role = Insurer.of(policy, service.policyDigest(), insured, params, SettlementLimits.DEFAULTS)
            .keepHeKeys(heKeys).ledger(earlier).kept(keptBefore);
        if (heBackendName != null) {
          role.heBackend(heBackendName);
        }
        HandshakeSettlement.InsurerOutcome mine = role.prepare(session, run.check(gate));
        commit.accept(role::commit);
        Map<SettlementFileKind, String> files = new EnumMap<>(SettlementFileKind.class);
        files.put(SettlementFileKind.RESULTS, BatchResult.resultsCsv(policy, mine.claimIds(), mine.outputs()));
        if (statesPath != null) {
          // each person of the kept shares named by the settlement that wrote them (the next batch checks them)
          files.put(SettlementFileKind.STATES, BatchResult.statesCsv(policy, KeptShares.boundTo(
              KeptShares.recordedAfter(policy, insured, mine.states()), mine.kept()), mine.states()));
        }
        if (policy.aggregates().stream().anyMatch(a -> a.isFor(Party.INSURER))) {
          files.put(SettlementFileKind.AGGREGATES, BatchResult.aggregatesCsv(mine.aggregates()));
        }
        if (payout >= 0) {
          files.put(SettlementFileKind.SETTLEMENTS, settlements.records(insurerId, mine.claimIds(), run.insuredIds(),
              mine.outputs()[payout]));
        }
        ledger.put(files, mine.ledger());
        kept.put(files, mine.kept());
        return new Evaluated(mine.claimIds().size(), files, mine.outputs());
      }, targets, settled -> {
        String aggregates = settled.file(SettlementFileKind.AGGREGATES);
        if (aggregates != null && aggregatesPath == null) {
          out.print(aggregates);
          out.flush();
        }
        err.println("cosettle handshake insurer: settled the platform's batch");
        err.flush();
      });
    } catch (InputException e) {
      return TrustFiles.fail(err, e);
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }
}
