package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cosettle.core.InputException;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.consent.ConsentFile;
import org.cosettle.platform.settlement.SettlementRefusedException;
import org.cosettle.platform.settlement.SettlementService;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The trust options of {@code cosettle run}: require an admitted policy, evaluate only consented
 * claims, and record the run in the audit log (refusing a batch already settled). They configure
 * a {@link SettlementService}, which applies them.
 */
final class TrustOptions {
  static final int CHECKPOINT_EVERY = 16;

  @Option(names = "--require-admitted", paramLabel = "ENVELOPE.json",
      description = "run only if this envelope shows the policy signed, admitted by --trust, in force and not revoked")
  Path envelopePath;
  @Option(names = "--trust", paramLabel = "REGULATOR_CERT.pem", description = "the regulator's certificate (with --require-admitted)")
  Path trustPath;
  @Option(names = "--revoked", paramLabel = "LIST.json", description = "the regulator's revocation list (with --require-admitted)")
  Path revokedPath;
  @Option(names = "--consents", paramLabel = "CONSENTS.jsonl",
      description = "evaluate only claims of insured persons with a valid consent for --insurer-id and --purpose")
  Path consentsPath;
  @Option(names = "--consent-trust", paramLabel = "CERT.pem", description = "a certificate whose key may sign consents (repeatable)")
  List<Path> consentTrust = new ArrayList<>();
  @Option(names = "--insurer-id", paramLabel = "ID",
      description = "the insurer settling: the consents must name it, and settlement ids are ID-<claim id>")
  String insurerId;
  @Option(names = "--insurer", hidden = true, paramLabel = "ID", description = "the former name of --insurer-id")
  String formerInsurer;
  @Option(names = "--purpose", paramLabel = "PURPOSE", description = "the purpose the consents must name") String purpose;
  @Option(names = "--unconsented-out", paramLabel = "FILE.jsonl", description = "where to list the claims left out, with reasons")
  Path unconsentedPath;
  @Option(names = "--audit", paramLabel = "LOG.jsonl",
      description = "append this run to the audit log; a batch already settled with this policy is refused")
  Path auditPath;
  @Option(names = "--audit-key", paramLabel = "KEY.pem", description = "the platform's key, signing audit checkpoints")
  Path auditKey;
  @Option(names = "--audit-cert", paramLabel = "CERT.pem", description = "the platform's certificate") Path auditCert;
  @Option(names = "--force", description = "settle a batch the audit log shows as settled already (recorded as forced)")
  boolean force;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec mixee;
  /**
   * The insurer the consents must name, and settlement ids carry, when the command knows it
   * otherwise (the pinned peer of a handshake).
   */
  private String peerInsurer;

  /** More names for the audit events' parties (a handshake's TLS fingerprints, the peer). */
  private final Map<String, String> moreParties = new java.util.TreeMap<>();

  void nameParties(Map<String, String> parties) {
    moreParties.putAll(parties);
  }

  /** The consents must name {@code peer} (the handshake peer's name); --insurer-id, if given, must agree. */
  void consentsFor(String peer) {
    String given = insurerId();
    if (given != null && !given.equals(peer)) {
      throw new CommandLine.ParameterException(mixee.commandLine(), "--insurer-id " + given + " is not the pinned peer "
          + peer + ": the consents must name the insurer this platform settles with");
    }
    this.peerInsurer = peer;
  }

  /** --insurer-id (or its former name --insurer), or null when not given. */
  private String insurerId() {
    if (insurerId != null && formerInsurer != null && !insurerId.equals(formerInsurer)) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "--insurer is the former name of --insurer-id: give one of them");
    }
    return insurerId != null ? insurerId : formerInsurer;
  }

  /** The service and the audit log it records in (null without --audit), which the caller closes. */
  record Trusted(SettlementService service, AuditLog log) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (log != null) {
        log.close();
      }
    }
  }

  /**
   * Checks the options, reads the files they name (the envelope, the regulator's certificate,
   * the revocations, the consents, the platform's key) and opens the audit log; the returned
   * service applies admission, consent, the audit record and the refusal of a second settlement,
   * in that order, and holds the audit log's lock until closed.
   */
  Trusted open(Path policyPath, CompiledPolicy policy, SettlementOptions settlements) throws IOException,
      InputException {
    checkUsage();
    Instant now = Instant.now();
    SettlementService.Builder builder = SettlementService.forPolicy(policy, Files.readAllBytes(policyPath)).force(force);
    if (envelopePath != null) {
      builder.requireAdmission(TrustFiles.envelope(envelopePath), KeyFiles.readTrustedCertificate(trustPath, now),
          TrustFiles.revocations(revokedPath));
    }
    if (consentsPath != null) {
      builder.consents(ConsentFile.read(consentsPath, consentCertificates(now)),
          insurerId() != null ? insurerId() : peerInsurer, purpose, unconsentedPath != null);
    }
    settlements.configure(policy, builder, insurerId() != null ? insurerId() : peerInsurer != null ? peerInsurer : "");
    if (auditPath == null) {
      return new Trusted(builder.build(), null);
    }
    PartyIdentity platform = KeyFiles.readIdentity(auditKey, auditCert, now);
    AuditLog log = AuditOptions.open(auditPath, platform);
    Map<String, String> parties = new java.util.TreeMap<>(moreParties);
    parties.put("platform", platform.certificate().subject());
    builder.audit(log, parties);
    return new Trusted(builder.build(), log);
  }

  /** The one-line reason for a refusal, located where the rule lives (the policy, the audit log). */
  String describe(SettlementRefusedException e, Path policyPath) {
    return switch (e.kind()) {
      case NOT_ADMITTED -> policyPath + ": " + e.getMessage();
      case ALREADY_SETTLED -> auditPath + ":" + e.earlier().line() + ": " + e.getMessage()
          + ": use --force to settle it again anyway";
      case NO_PAYOUT -> "--payout-output: " + e.getMessage();
    };
  }

  private void checkUsage() {
    List<String> missing = new ArrayList<>();
    if (envelopePath != null && trustPath == null) {
      missing.add("--trust is required with --require-admitted");
    }
    if (envelopePath == null && (trustPath != null || revokedPath != null)) {
      missing.add("--trust and --revoked need --require-admitted");
    }
    if (consentsPath != null && (consentTrust.isEmpty() || (insurerId() == null && peerInsurer == null) || purpose == null)) {
      missing.add("--consents needs --consent-trust, --insurer-id and --purpose");
    }
    if (consentsPath == null && (unconsentedPath != null || !consentTrust.isEmpty() || purpose != null)) {
      missing.add("--unconsented-out, --consent-trust and --purpose need --consents");
    }
    if (auditPath != null && (auditKey == null || auditCert == null)) {
      missing.add("--audit needs --audit-key and --audit-cert (the platform signs checkpoints)");
    }
    if (auditPath == null && (force || auditKey != null || auditCert != null)) {
      missing.add("--force, --audit-key and --audit-cert need --audit");
    }
    if (!missing.isEmpty()) {
      throw new CommandLine.ParameterException(mixee.commandLine(), String.join("; ", missing));
    }
  }

  private List<Sm2Certificate> consentCertificates(Instant now) throws IOException, InputException {
    List<Sm2Certificate> certs = new ArrayList<>();
    for (Path p : consentTrust) {
      certs.add(KeyFiles.readTrustedCertificate(p, now));
    }
    return certs;
  }
}
