package org.cosettle.platform.admission;

import java.time.Instant;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.admission.AdmissionException.Reason;
import org.cosettle.platform.trust.Certificates;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;

/**
 * Admission of insurer rules (备案/准入): the insurer signs a policy, the regulator countersigns
 * it, and the platform runs only a policy whose envelope verifies against the regulator's
 * certificate, is in force, and is not revoked.
 *
 * <pre>{@code
 * PolicyEnvelope signed = PolicyAdmission.sign(file, policyBytes, insurer, now, from, until);
 * PolicyEnvelope admitted = PolicyAdmission.approve(signed, regulator, now, admittedUntil);
 * Admitted ok = PolicyAdmission.verify(policyBytes, admitted, regulatorCert, revocations, now);
 * }</pre>
 */
public final class PolicyAdmission {
  /** What a verified envelope establishes. */
  public record Admitted(String policySm3, String name, long version, String insurer, String regulator,
      Instant until, String envelopeSm3) {}

  private PolicyAdmission() {}

  /**
   * The insurer's signature over the policy's canonical text (through its hash), name, version
   * and validity window [{@code validFrom}, {@code validUntil}]. The policy must compile; the
   * window must end after {@code now} and within the insurer certificate's validity.
   */
  public static PolicyEnvelope sign(String fileName, byte[] policyFile, PartyIdentity insurer, Instant now,
      Instant validFrom, Instant validUntil) {
    String text = PolicyText.canonical(policyFile);
    Policies.Result compiled = Policies.compile(new Source(fileName, text));
    if (!compiled.ok()) {
      throw new IllegalArgumentException(fileName + " does not compile (" + compiled.diagnostics().size()
          + " error(s); see cosettle check); only a valid policy is signed");
    }
    requireUsable(insurer, now);
    if (!validUntil.isAfter(validFrom) || !validUntil.isAfter(now)) {
      throw new IllegalArgumentException("the validity window " + Times.format(validFrom) + " .. "
          + Times.format(validUntil) + " is empty or already over");
    }
    if (validUntil.isAfter(insurer.certificate().notAfter())) {
      throw new IllegalArgumentException("the validity window ends after the insurer's certificate expires ("
          + Times.format(insurer.certificate().notAfter()) + ")");
    }
    CompiledPolicy policy = compiled.policy();
    PolicyEnvelope unsigned = new PolicyEnvelope(
        new PolicyEnvelope.Statement(policy.name(), policy.version(), PolicyText.sm3(policyFile), validFrom, validUntil),
        new PolicyEnvelope.Signature(insurer.certificate(), now, new byte[0]), null, null);
    return unsigned.withInsurerSignature(insurer.key().sign(unsigned.insurerSignedBytes()));
  }

  /**
   * The regulator's admission of a signed policy until {@code until} (inclusive). The insurer's
   * signature must verify; an earlier admission is replaced (renewal).
   */
  public static PolicyEnvelope approve(PolicyEnvelope envelope, PartyIdentity regulator, Instant now, Instant until)
      throws AdmissionException {
    requireInsurerSignature(envelope, now);
    requireUsable(regulator, now);
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException("the admission would end at " + Times.format(until) + ", which is not after now");
    }
    if (until.isAfter(regulator.certificate().notAfter())) {
      throw new IllegalArgumentException("the admission would outlast the regulator's certificate (expires "
          + Times.format(regulator.certificate().notAfter()) + ")");
    }
    PolicyEnvelope unsigned = envelope.withAdmission(
        new PolicyEnvelope.Signature(regulator.certificate(), now, new byte[0]), until);
    return envelope.withAdmission(new PolicyEnvelope.Signature(regulator.certificate(), now,
        regulator.key().sign(unsigned.admissionSignedBytes())), until);
  }

  /**
   * Checks that {@code policyFile} is the policy the envelope's insurer signed, that the trusted
   * regulator admitted it, that it is in force at {@code now}, and that it is not on {@code
   * revocations} (null: no list). The first rule broken is thrown, saying which.
   */
  public static Admitted verify(byte[] policyFile, PolicyEnvelope envelope, Sm2Certificate trustedRegulator,
      RevocationList revocations, Instant now) throws AdmissionException {
    String problem = Certificates.problemAt(trustedRegulator, now);
    if (problem != null) {
      throw new AdmissionException(reasonFor(trustedRegulator, now), "the trusted regulator's " + problem);
    }
    requireInsurerSignature(envelope, now);
    PolicyEnvelope.Statement s = envelope.statement();
    String actual = PolicyText.sm3(policyFile);
    if (!actual.equals(s.policySm3())) {
      throw new AdmissionException(Reason.MODIFIED, "the policy was modified after signing: its canonical text "
          + "hashes to SM3 " + actual + ", the insurer signed " + s.policySm3());
    }
    PolicyEnvelope.Signature admission = envelope.admission();
    if (admission == null) {
      throw new AdmissionException(Reason.UNSIGNED,
          "the policy is signed by the insurer but not admitted: the regulator has not countersigned it");
    }
    if (!admission.certificate().publicKey().equals(trustedRegulator.publicKey())) {
      throw new AdmissionException(Reason.UNKNOWN_SIGNER, "admitted by " + admission.certificate().subject()
          + " (key " + admission.certificate().publicKey().fingerprint() + "), not by the trusted regulator "
          + trustedRegulator.subject() + " (key " + trustedRegulator.publicKey().fingerprint() + ")");
    }
    if (!trustedRegulator.publicKey().verify(envelope.admissionSignedBytes(), admission.signature())) {
      throw new AdmissionException(Reason.BAD_SIGNATURE,
          "the regulator's signature does not verify: the envelope was changed after admission");
    }
    if (revocations != null) {
      revocations.requireSignedBy(trustedRegulator, now);
      RevocationList.Entry revoked = revocations.revocationOf(s.policySm3(), now);
      if (revoked != null) {
        throw new AdmissionException(Reason.REVOKED, "the policy was revoked at " + Times.format(revoked.revokedAt())
            + ": " + revoked.reason());
      }
    }
    requireInForce(envelope, now);
    return new Admitted(s.policySm3(), s.name(), s.version(), envelope.insurer().certificate().subject(),
        admission.certificate().subject(), envelope.admittedUntil(), envelope.digest());
  }

  private static void requireInForce(PolicyEnvelope envelope, Instant now) throws AdmissionException {
    PolicyEnvelope.Statement s = envelope.statement();
    if (now.isAfter(envelope.admittedUntil())) {
      throw new AdmissionException(Reason.EXPIRED, "the admission expired at " + Times.format(envelope.admittedUntil()));
    }
    if (now.isAfter(s.validUntil())) {
      throw new AdmissionException(Reason.EXPIRED, "the policy's validity window ended at " + Times.format(s.validUntil()));
    }
    if (now.isBefore(s.validFrom())) {
      throw new AdmissionException(Reason.NOT_YET_VALID, "the policy's validity window begins at "
          + Times.format(s.validFrom()));
    }
    String problem = Certificates.problemAt(envelope.insurer().certificate(), now);
    if (problem != null) {
      throw new AdmissionException(reasonFor(envelope.insurer().certificate(), now), "the insurer's " + problem);
    }
  }

  private static void requireInsurerSignature(PolicyEnvelope envelope, Instant now) throws AdmissionException {
    PolicyEnvelope.Signature insurer = envelope.insurer();
    Sm2Certificate cert = insurer.certificate();
    if (insurer.signature().length == 0) {
      throw new AdmissionException(Reason.UNSIGNED, "the envelope carries no insurer signature");
    }
    if (!cert.isSignedBy(cert.publicKey())) {
      throw new AdmissionException(Reason.BAD_SIGNATURE, "the insurer's certificate is not signed by its own key");
    }
    if (!cert.publicKey().verify(envelope.insurerSignedBytes(), insurer.signature())) {
      throw new AdmissionException(Reason.BAD_SIGNATURE,
          "the insurer's signature does not verify: the envelope was changed after signing");
    }
    if (!cert.isValidAt(insurer.signedAt())) {
      throw new AdmissionException(Reason.EXPIRED, "signed at " + Times.format(insurer.signedAt())
          + ", outside the insurer certificate's validity");
    }
    if (insurer.signedAt().isAfter(now)) {
      throw new AdmissionException(Reason.NOT_YET_VALID, "signed at " + Times.format(insurer.signedAt())
          + ", which is in the future");
    }
  }

  /** The reason for {@link Certificates#problemAt}'s complaint about {@code cert}. */
  private static Reason reasonFor(Sm2Certificate cert, Instant now) {
    return !cert.isSignedBy(cert.publicKey()) ? Reason.BAD_SIGNATURE
        : now.isAfter(cert.notAfter()) ? Reason.EXPIRED : Reason.NOT_YET_VALID;
  }

  private static void requireUsable(PartyIdentity identity, Instant now) {
    String problem = Certificates.problemAt(identity.certificate(), now);
    if (problem != null) {
      throw new IllegalArgumentException("cannot sign: " + problem);
    }
  }
}
