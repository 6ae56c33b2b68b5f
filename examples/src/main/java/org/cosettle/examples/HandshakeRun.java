package org.cosettle.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.SettlementAbortedException;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.mpc.transport.Endpoint;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.PeerSession;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.platform.audit.AuditEntry;
import org.cosettle.platform.audit.AuditEvents;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.settlement.Evaluated;
import org.cosettle.platform.settlement.Evaluation;
import org.cosettle.platform.settlement.SettlementFileKind;
import org.cosettle.platform.settlement.SettlementRefusedException;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.platform.trust.Digests;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One party's run of {@code cosettle handshake}: meets the peer (listening or dialling), prepares
 * the settlement through the {@link SettlementService} with this party's side of handshake mode
 * as the evaluation (a {@code prepared} audit event), stages its files beside their targets, tells
 * the peer it is ready and waits for the peer to say the same, compares the transcripts, records
 * the {@code run} and only then renames the staged files over their targets.
 *
 * <p>Every failure ends with one line on standard error, the session aborted towards the peer
 * with a reason, no file published, and (when auditing) a {@code session_failed} event, so a rerun
 * is allowed. A crash after the peer committed but before this side did leaves a {@code prepared}
 * event and the staged files: a rerun then finds the peer refusing the batch as settled, checks
 * the staged files against the event's digests, and finishes the commit ({@code recovered}).
 */
final class HandshakeRun {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeRun.class);

  /**
   * This party's side of the protocol on an agreed session: it names the batch to {@code gate},
   * prepares its role, and hands over the role's commit.
   */
  @FunctionalInterface
  interface Side {
    Evaluated run(List<Claim> consented, Evaluation.Gate gate, GrpcChannel session,
        java.util.function.Consumer<Runnable> commit) throws EvaluationException;
  }

  /** What this party does once its files are published (print aggregates, a closing line). */
  @FunctionalInterface
  interface Done {
    void settled(SettlementService.Settlement settled) throws IOException;
  }

  private final String command;
  private final PrintWriter err;
  private final PeerOptions peer;
  private final SettlementService service;
  private final AuditLog log;
  /** The batch digest this side's check computed: what a recovery looks for in the audit log. */
  private final AtomicReference<String> batchDigest = new AtomicReference<>();
  /** The insured ids of the batch, in claim order, as the check saw them (the metadata both sides see). */
  private final AtomicReference<List<String>> insuredIds = new AtomicReference<>();

  HandshakeRun(String command, PrintWriter err, PeerOptions peer, SettlementService service, AuditLog log) {
    this.command = command;
    this.err = err;
    this.peer = peer;
    this.service = service;
    this.log = log;
  }

  /** The batch check both sides run: the service's gate on the digest of the metadata both see. */
  HandshakeSettlement.BatchCheck check(Evaluation.Gate gate) {
    return (claimIds, insuredIds) -> {
      String digest = HandshakeSettlement.batchDigest(claimIds, insuredIds);
      batchDigest.set(digest);
      this.insuredIds.set(List.copyOf(insuredIds));
      return gate.admit(digest);
    };
  }

  /** The insured ids of the batch the check was asked about, in claim order (null before). */
  List<String> insuredIds() {
    return insuredIds.get();
  }

  /**
   * Settles with the peer; {@code targets} says where each file this party writes goes (a kind
   * absent from it is not written to a file).
   */
  int settle(CompiledPolicy policy, List<Claim> claims, Side side, Map<SettlementFileKind, Path> targets, Done done)
      throws IOException, InputException {
    Instant now = Instant.now();
    Endpoint endpoint = peer.endpoint();
    TransportIdentity me = peer.identity(now);
    X509Certificate peerCert = peer.peer(now);
    SessionHello hello = SessionHello.forPolicy(policy.name(), policy.version(), service.policyDigest());
    String stage = "connecting";
    HandshakeWarmUp.sessionOpening();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cosettle-settlement-deadline");
      t.setDaemon(true);
      return t;
    });
    try (PeerSession session = PeerSession.open(endpoint, me, peerCert, hello, peer.options(), peer.timeout,
        port -> {
          err.println(command + ": listening on " + endpoint.address().getHostString() + ":" + port);
          err.flush();
        })) {
      stage = "settling";
      GrpcChannel channel = session.channel();
      LOG.info("session open with {} (TLS certificate sha256 {})", TransportIdentity.commonName(peerCert),
          TransportIdentity.fingerprint(peerCert));
      watchdog.schedule(() -> channel.abort("the settlement took longer than " + peer.timeout.toSeconds() + " s"),
          peer.timeout.toNanos(), TimeUnit.NANOSECONDS);
      AtomicReference<Runnable> commit = new AtomicReference<>();
      SettlementService.Prepared prepared;
      try {
        prepared = service.prepare(claims, (consented, gate) -> side.run(consented, gate, channel, commit::set));
      } catch (SettlementRefusedException e) {
        channel.abort("the " + command.substring(command.lastIndexOf(' ') + 1) + " refuses: " + e.getMessage());
        if (e.kind() == SettlementRefusedException.Kind.ALREADY_SETTLED && publishStaged(e.earlier(), targets)) {
          return completed(e.earlier(), "it was recorded at event " + e.earlier().index() + " but its files were"
              + " not written");
        }
        return fail(peerCert, stage, e.kind().name(), e.getMessage());
      }
      stage = "committing";
      for (Map.Entry<SettlementFileKind, Path> t : targets.entrySet()) {
        String text = prepared.file(t.getKey());
        if (text != null) {
          AtomicFile.stage(t.getValue(), text);
        }
      }
      commit.get().run();
      CrashPoint.reach(CrashPoint.AFTER_READY);
      SettlementService.Settlement settled = service.commit(prepared);
      CrashPoint.reach(CrashPoint.AFTER_RECORD);
      stage = "writing";
      LOG.info("both parties committed{}; publishing {} file(s)",
          settled.recorded() == null ? " (no audit log)" : " (audit event " + settled.recorded().index() + ")",
          targets.keySet().stream().filter(k -> prepared.file(k) != null).count());
      for (Map.Entry<SettlementFileKind, Path> t : targets.entrySet()) {
        if (prepared.file(t.getKey()) != null) {
          AtomicFile.publish(t.getValue());
        }
      }
      done.settled(settled);
      LOG.info("committed");
      return Main.OK;
    } catch (SettlementAbortedException e) {
      if (e.reason() != SettlementAbortedException.Reason.REFUSED) {
        return fail(peerCert, stage, e.reason() + " in " + e.state() + ": " + e.getMessage(),
            "the session failed: " + e.getMessage());
      }
      AuditEntry pending = peerSettledWhatWePrepared(e);
      if (pending != null && publishStaged(pending, targets)) {
        service.commitRecovered(pending);
        return completed(pending, "the peer had committed it when this side stopped");
      }
      for (Refusal r : e.refusals()) {
        if (!r.claimIds().isEmpty()) {
          err.println(command + ": " + r.claimIds().size() + " claim(s) to settle elsewhere: "
              + String.join(", ", r.claimIds().subList(0, Math.min(20, r.claimIds().size())))
              + (r.claimIds().size() > 20 ? ", ..." : ""));
        }
      }
      return fail(peerCert, stage, "refused: " + String.join(", ", e.refusals().stream()
          .map(r -> r.kind().name()).distinct().toList()), e.getMessage());
    } catch (ProtocolAbortException | ChannelException e) {
      return fail(peerCert, stage, e.getMessage(), "the session failed: " + e.getMessage());
    } catch (EvaluationException e) {
      return fail(peerCert, stage, "evaluation stopped", e.getMessage());
    } finally {
      watchdog.shutdownNow();
    }
  }

  /** The {@code prepared} event of this batch when the peer refused it as settled already, else null. */
  private AuditEntry peerSettledWhatWePrepared(SettlementAbortedException e) {
    boolean peerSettled = e.refusals().stream().anyMatch(r -> r.kind() == Refusal.Kind.BATCH_REFUSED);
    String digest = batchDigest.get();
    return peerSettled && digest != null ? service.pendingPrepared(digest).orElse(null) : null;
  }

  /**
   * Publishes the staged files a crash left behind when each is exactly what {@code event}
   * recorded (its SM3 per file); false, touching nothing, when any is missing or differs.
   */
  private boolean publishStaged(AuditEntry event, Map<SettlementFileKind, Path> targets) throws IOException {
    JsonNode outputs = event.json().get("outputs");
    if (outputs == null || !outputs.has(SettlementFileKind.RESULTS.auditName())) {
      return false;
    }
    List<SettlementFileKind> kinds = targets.keySet().stream().filter(k -> outputs.has(k.auditName())).toList();
    if (kinds.isEmpty()) {
      return false;
    }
    for (SettlementFileKind k : kinds) {
      Path staged = AtomicFile.stagedPath(targets.get(k));
      if (!Files.exists(staged) || !Digests.sm3(staged).equals(outputs.get(k.auditName()).asText())) {
        return false;
      }
    }
    for (SettlementFileKind k : kinds) {
      AtomicFile.publish(targets.get(k));
    }
    return true;
  }

  private int completed(AuditEntry event, String why) {
    LOG.warn("finished the settlement prepared at audit event {} from its staged files", event.index());
    err.println(command + ": finished the settlement of this batch from the files staged before a stop (" + why + ")");
    err.flush();
    return Main.OK;
  }

  /** Records the failure (when auditing) and prints its one line; the exit status for a failed session. */
  private int fail(X509Certificate peerCert, String stage, String auditReason, String message) throws IOException {
    LOG.warn("aborted while {}: {}", stage, auditReason);
    if (log != null) {
      log.append("session_failed", AuditEvents.sessionFailed(service.policyDigest(),
          TransportIdentity.commonName(peerCert), TransportIdentity.fingerprint(peerCert), stage, auditReason));
    }
    err.println(command + ": " + message.replace('\n', ' ') + "; nothing written");
    err.flush();
    return Main.INPUT_ERROR;
  }
}
