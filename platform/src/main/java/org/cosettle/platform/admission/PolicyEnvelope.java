package org.cosettle.platform.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import org.cosettle.core.InputException;
import org.cosettle.crypto.InvalidEncodingException;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.JsonRecord;
import org.cosettle.platform.trust.Times;

/**
 * The signed-policy envelope: what the insurer signed about a policy, and the regulator's
 * admission of it. One canonical JSON object ({@link CanonicalJson}) followed by {@code \n}:
 *
 * <pre>{@code
 * {"admission":{"approved_at":"…","certificate":"<base64 DER>","signature":"<hex>","until":"…"},
 *  "format":"cosettle-policy-envelope/1",
 *  "insurer":{"certificate":"<base64 DER>","signature":"<hex>","signed_at":"…"},
 *  "policy":{"name":"…","sm3":"<hex>","valid_from":"…","valid_until":"…","version":3}}
 * }</pre>
 *
 * <p>The insurer's SM2 signature covers the canonical bytes of the envelope without {@code
 * admission} and without {@code insurer.signature}; the regulator's covers the canonical bytes
 * of the envelope without {@code admission.signature} — the policy hash, the insurer's identity
 * and signature, and its own certificate and dates. Built by {@link PolicyAdmission}.
 */
public final class PolicyEnvelope {
  public static final String FORMAT = "cosettle-policy-envelope/1";

  /** What the insurer states about the policy: its header, the hash of its canonical text, when it may run. */
  public record Statement(String name, long version, String policySm3, Instant validFrom, Instant validUntil) {}

  /** A signer's certificate, the time of signing and the DER signature; {@code signature} empty before signing. */
  public record Signature(Sm2Certificate certificate, Instant signedAt, byte[] signature) {}

  private final Statement statement;
  private final Signature insurer;
  private final Signature admission;
  private final Instant admittedUntil;

  PolicyEnvelope(Statement statement, Signature insurer, Signature admission, Instant admittedUntil) {
    this.statement = statement;
    this.insurer = insurer;
    this.admission = admission;
    this.admittedUntil = admittedUntil;
  }

  public Statement statement() {
    return statement;
  }

  public Signature insurer() {
    return insurer;
  }

  /** The regulator's countersignature, or null before admission. */
  public Signature admission() {
    return admission;
  }

  /** The last second the admission holds, or null before admission. */
  public Instant admittedUntil() {
    return admittedUntil;
  }

  /** The envelope file's content: canonical JSON and {@code \n}. */
  public String text() {
    return CanonicalJson.write(json(true, true)) + "\n";
  }

  /** SM3 of {@link #text()}, naming this envelope in audit events. */
  public String digest() {
    return Digests.sm3(text());
  }

  /** The bytes the insurer signs. */
  byte[] insurerSignedBytes() {
    return CanonicalJson.bytes(json(false, false));
  }

  /** The bytes the regulator signs. */
  byte[] admissionSignedBytes() {
    return CanonicalJson.bytes(json(true, false));
  }

  PolicyEnvelope withInsurerSignature(byte[] signature) {
    return new PolicyEnvelope(statement, new Signature(insurer.certificate(), insurer.signedAt(), signature), null, null);
  }

  PolicyEnvelope withAdmission(Signature admission, Instant until) {
    return new PolicyEnvelope(statement, insurer, admission, until);
  }

  private ObjectNode json(boolean withAdmission, boolean withAdmissionSignature) {
    ObjectNode root = CanonicalJson.object();
    root.put("format", FORMAT);
    ObjectNode policy = root.putObject("policy");
    policy.put("name", statement.name());
    policy.put("version", statement.version());
    policy.put("sm3", statement.policySm3());
    policy.put("valid_from", Times.format(statement.validFrom()));
    policy.put("valid_until", Times.format(statement.validUntil()));
    ObjectNode ins = root.putObject("insurer");
    ins.put("certificate", Base64.getEncoder().encodeToString(insurer.certificate().toDer()));
    ins.put("signed_at", Times.format(insurer.signedAt()));
    if (withAdmission) {
      ins.put("signature", Digests.hex(insurer.signature()));
      if (admission != null) {
        ObjectNode adm = root.putObject("admission");
        adm.put("certificate", Base64.getEncoder().encodeToString(admission.certificate().toDer()));
        adm.put("approved_at", Times.format(admission.signedAt()));
        adm.put("until", Times.format(admittedUntil));
        if (withAdmissionSignature) {
          adm.put("signature", Digests.hex(admission.signature()));
        }
      }
    }
    return root;
  }

  /**
   * Reads an envelope file's text; any deviation from the format (including a spelling other than
   * the canonical one) is an error located at {@code file}.
   */
  public static PolicyEnvelope parse(String text, String file) throws InputException {
    JsonRecord r = JsonRecord.parseDocument(text, file, "an envelope");
    r.allowOnly("format", "policy", "insurer", "admission");
    if (!FORMAT.equals(r.text("format"))) {
      throw r.error("format", "expected \"" + FORMAT + "\"");
    }
    JsonRecord p = r.object("policy");
    p.allowOnly("name", "version", "sm3", "valid_from", "valid_until");
    Statement statement = new Statement(p.text("name"), p.integer("version"),
        Digests.hex(p.hex("sm3", 32)), p.instant("valid_from"), p.instant("valid_until"));
    JsonRecord i = r.object("insurer");
    i.allowOnly("certificate", "signed_at", "signature");
    Signature insurer = new Signature(certificate(i), i.instant("signed_at"), i.hex("signature", 0));
    if (!r.has("admission")) {
      return new PolicyEnvelope(statement, insurer, null, null);
    }
    JsonRecord a = r.object("admission");
    a.allowOnly("certificate", "approved_at", "until", "signature");
    Signature admission = new Signature(certificate(a), a.instant("approved_at"), a.hex("signature", 0));
    return new PolicyEnvelope(statement, insurer, admission, a.instant("until"));
  }

  static Sm2Certificate certificate(JsonRecord r) throws InputException {
    byte[] der = r.base64("certificate");
    try {
      return Sm2Certificate.fromDer(der);
    } catch (InvalidEncodingException e) {
      throw r.error("certificate", "not an SM2 certificate: " + e.getMessage());
    }
  }
}
