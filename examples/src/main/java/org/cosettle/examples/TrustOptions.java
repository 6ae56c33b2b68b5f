package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.admission.AdmissionException;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.platform.audit.AuditEntry;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.consent.ConsentFile;
import org.cosettle.platform.consent.ConsentFilter;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.policy.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The trust options of {@code cosettle run}: require an admitted policy, evaluate only consented
 * claims, and record the run in the audit log (refusing a batch already settled).
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
      description = "evaluate only claims of insured persons with a valid consent for --insurer and --purpose")
  Path consentsPath;
  @Option(names = "--consent-trust", paramLabel = "CERT.pem", description = "a certificate whose key may sign consents (repeatable)")
  List<Path> consentTrust = new ArrayList<>();
  @Option(names = "--insurer", paramLabel = "ID", description = "the insurer the consents must name") String insurer;
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
   * Checks the options and, in this order, the admission, the consent file and the audit log;
   * the returned run holds the audit log's lock until closed.
   */
  TrustedRun begin(Path policyPath, Path claimsPath, CompiledPolicy policy) throws IOException, InputException {
    checkUsage();
    Instant now = Instant.now();
    byte[] policyFile = Files.readAllBytes(policyPath);
    PolicyAdmission.Admitted admitted = envelopePath == null ? null : admitted(policyPath, policyFile, policy, now);
    ConsentFilter filter = consentsPath == null ? null : new ConsentFilter(ConsentFile.read(consentsPath,
        consentCertificates(now)), insurer, purpose, policy.fieldsRead(), now);
    if (auditPath == null) {
      return new TrustedRun(admitted, filter, null, null, null, null, false, insurer, unconsentedPath);
    }
    PartyIdentity platform = KeyFiles.readIdentity(auditKey, auditCert, now);
    String policySm3 = PolicyText.sm3(policyFile);
    String batchSm3 = Digests.sm3(claimsPath);
    AuditLog log = open(platform);
    AuditEntry earlier = log.previousRun(batchSm3, policySm3).orElse(null);
    if (earlier != null && !force) {
      log.close();
      throw new InputException(new InputError(auditPath.toString(), earlier.line(), "", "this batch (claims SM3 "
          + batchSm3 + ") was already settled with this policy at event " + earlier.index() + " ("
          + earlier.text("time") + "); states must not be counted twice: use --force to settle it again anyway"));
    }
    return new TrustedRun(admitted, filter, log, platform, policySm3, batchSm3, earlier != null, insurer, unconsentedPath);
  }

  private void checkUsage() {
    List<String> missing = new ArrayList<>();
    if (envelopePath != null && trustPath == null) {
      missing.add("--trust is required with --require-admitted");
    }
    if (envelopePath == null && (trustPath != null || revokedPath != null)) {
      missing.add("--trust and --revoked need --require-admitted");
    }
    if (consentsPath != null && (consentTrust.isEmpty() || insurer == null || purpose == null)) {
      missing.add("--consents needs --consent-trust, --insurer and --purpose");
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

  private PolicyAdmission.Admitted admitted(Path policyPath, byte[] policyFile, CompiledPolicy policy, Instant now)
      throws IOException, InputException {
    try {
      PolicyAdmission.Admitted a = PolicyAdmission.verify(policyFile, TrustFiles.envelope(envelopePath),
          KeyFiles.readTrustedCertificate(trustPath, now), TrustFiles.revocations(revokedPath), now);
      if (!a.name().equals(policy.name()) || a.version() != policy.version()) {
        throw new AdmissionException(AdmissionException.Reason.MODIFIED, "the policy changed while it was read");
      }
      return a;
    } catch (AdmissionException e) {
      throw new InputException(new InputError(policyPath.toString(), 0, "",
          "refused (" + e.reason() + "): " + e.getMessage()));
    }
  }

  private List<Sm2Certificate> consentCertificates(Instant now) throws IOException, InputException {
    List<Sm2Certificate> certs = new ArrayList<>();
    for (Path p : consentTrust) {
      certs.add(KeyFiles.readTrustedCertificate(p, now));
    }
    return certs;
  }

  private AuditLog open(PartyIdentity platform) throws IOException, InputException {
    return AuditOptions.open(auditPath, platform);
  }

}
