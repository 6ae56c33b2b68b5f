package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.cosettle.platform.audit.AuditEvents;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.settlement.Evaluated;
import org.cosettle.platform.settlement.Evaluation;
import org.cosettle.platform.settlement.SettlementRefusedException;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One party's run of {@code cosettle handshake}: meets the peer (listening or dialling), settles
 * the batch through the {@link SettlementService} with this party's side of handshake mode as the
 * evaluation, and ends the transcript before anything is recorded or written. Every failure ends
 * with one line on standard error, the session aborted towards the peer with a reason, nothing
 * written, and (when auditing) a {@code session_failed} event, so a rerun is allowed.
 */
final class HandshakeRun {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeRun.class);

  /** This party's side of the protocol on an agreed session; it names the batch to {@code gate}. */
  @FunctionalInterface
  interface Side {
    Evaluated run(List<Claim> consented, Evaluation.Gate gate, GrpcChannel session) throws EvaluationException;
  }

  /** What this party writes once the settlement is recorded. */
  @FunctionalInterface
  interface Writer {
    void write(SettlementService.Settlement settled) throws IOException;
  }

  private final String command;
  private final PrintWriter err;
  private final PeerOptions peer;
  private final SettlementService service;
  private final AuditLog log;

  HandshakeRun(String command, PrintWriter err, PeerOptions peer, SettlementService service, AuditLog log) {
    this.command = command;
    this.err = err;
    this.peer = peer;
    this.service = service;
    this.log = log;
  }

  /** The batch check both sides run: the service's gate on the digest of the metadata both see. */
  static HandshakeSettlement.BatchCheck check(Evaluation.Gate gate) {
    return (claimIds, insuredIds) -> gate.admit(HandshakeSettlement.batchDigest(claimIds, insuredIds));
  }

  int settle(CompiledPolicy policy, List<Claim> claims, Side side, Writer writer) throws IOException, InputException {
    Instant now = Instant.now();
    Endpoint endpoint = peer.endpoint();
    TransportIdentity me = peer.identity(now);
    X509Certificate peerCert = peer.peer(now);
    SessionHello hello = SessionHello.forPolicy(policy.name(), policy.version(), service.policyDigest());
    String stage = "connecting";
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
      SettlementService.Settlement settled;
      try {
        settled = service.settle(claims, (consented, gate) -> side.run(consented, gate, channel));
      } catch (SettlementRefusedException e) {
        channel.abort("the " + command.substring(command.lastIndexOf(' ') + 1) + " refuses: " + e.getMessage());
        return fail(peerCert, stage, e.kind().name(), e.getMessage());
      }
      stage = "writing";
      LOG.info("both transcripts agree; the settlement is recorded{}; writing {} file(s)",
          settled.recorded() == null ? " (no audit log)" : " at audit event " + settled.recorded().index(),
          settled.files().size());
      writer.write(settled);
      LOG.info("committed");
      return Main.OK;
    } catch (SettlementAbortedException e) {
      if (e.reason() != SettlementAbortedException.Reason.REFUSED) {
        return fail(peerCert, stage, e.reason() + " in " + e.state() + ": " + e.getMessage(),
            "the session failed: " + e.getMessage());
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
