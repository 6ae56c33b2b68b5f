package org.cosettle.platform.consent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.cosettle.core.InputException;
import org.cosettle.crypto.sm2.Sm2PublicKey;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.JsonRecord;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;

/**
 * An insured person's authorisation (授权) for one insurer to use their medical-insurance data
 * for one purpose, within a data scope and a validity window, perhaps revoked. One line of a
 * consent file (JSON Lines):
 *
 * <pre>{@code
 * {"consent_id":"CN-0001","insured_id":"P001","insurer":"INS-01","purpose":"claim_settlement",
 *  "scope":["claim.*","item.*","patient.age"],"valid_from":"2026-01-01T00:00:00Z",
 *  "valid_until":"2026-12-31T23:59:59Z","revoked_at":null,"signer":"1a2b3c4d","signature":"<hex>"}
 * }</pre>
 *
 * <p>{@code signer} is the fingerprint of the signing key (the platform's, or the insured's
 * agent's); the SM2 signature covers the canonical JSON of the record without {@code signature}.
 * A scope entry is a field ({@code claim.total}), all fields of one object ({@code claim.*},
 * {@code item.*}, {@code patient.*}) or everything ({@code *}).
 */
public record ConsentRecord(String consentId, String insuredId, String insurer, String purpose, List<String> scope,
    Instant validFrom, Instant validUntil, Instant revokedAt, String signer, byte[] signature) {
  static final String[] FIELDS = {"consent_id", "insured_id", "insurer", "purpose", "scope", "valid_from",
      "valid_until", "revoked_at", "signer", "signature"};

  public ConsentRecord {
    scope = List.copyOf(scope);
  }

  /** An unsigned record (signer and signature empty), to be passed to {@link #signedBy}. */
  public static ConsentRecord unsigned(String consentId, String insuredId, String insurer, String purpose,
      List<String> scope, Instant validFrom, Instant validUntil, Instant revokedAt) {
    return new ConsentRecord(consentId, insuredId, insurer, purpose, scope, validFrom, validUntil, revokedAt, "",
        new byte[0]);
  }

  /** This record signed by {@code signer}. */
  public ConsentRecord signedBy(PartyIdentity signer) {
    String fingerprint = signer.certificate().publicKey().fingerprint();
    ConsentRecord named = new ConsentRecord(consentId, insuredId, insurer, purpose, scope, validFrom, validUntil,
        revokedAt, fingerprint, new byte[0]);
    return new ConsentRecord(consentId, insuredId, insurer, purpose, scope, validFrom, validUntil, revokedAt,
        fingerprint, signer.key().sign(CanonicalJson.bytes(named.json(false))));
  }

  /** Whether {@code key} made this record's signature. */
  public boolean isSignedBy(Sm2PublicKey key) {
    return key.verify(CanonicalJson.bytes(json(false)), signature);
  }

  /** Whether the scope covers {@code field} ({@code claim.total}, {@code item.code}, ...). */
  public boolean covers(String field) {
    for (String s : scope) {
      if (s.equals("*") || s.equals(field)
          || (s.endsWith(".*") && field.startsWith(s.substring(0, s.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** The consent file line (without {@code \n}). */
  public String line() {
    return CanonicalJson.write(json(true));
  }

  private ObjectNode json(boolean withSignature) {
    ObjectNode o = CanonicalJson.object();
    o.put("consent_id", consentId);
    o.put("insured_id", insuredId);
    o.put("insurer", insurer);
    o.put("purpose", purpose);
    ArrayNode s = o.putArray("scope");
    scope.forEach(s::add);
    o.put("valid_from", Times.format(validFrom));
    o.put("valid_until", Times.format(validUntil));
    if (revokedAt == null) {
      o.putNull("revoked_at");
    } else {
      o.put("revoked_at", Times.format(revokedAt));
    }
    if (!signer.isEmpty()) {
      o.put("signer", signer);
    }
    if (withSignature && signature.length > 0) {
      o.put("signature", Digests.hex(signature));
    }
    return o;
  }

  /**
   * Reads one record; {@code signed} requires {@code signer} and {@code signature}, otherwise both
   * must be absent (the input of {@code cosettle consent sign}).
   */
  static ConsentRecord read(JsonRecord r, boolean signed) throws InputException {
    r.allowOnly(signed ? FIELDS : java.util.Arrays.copyOf(FIELDS, FIELDS.length - 2));
    List<String> scope = r.texts("scope");
    for (String s : scope) {
      if (!s.matches("\\*|(claim|item|patient)\\.(\\*|[a-z_]+)")) {
        throw r.error("scope", "\"" + s + "\" is not a field (claim.total), an object's fields (claim.*, item.*, "
            + "patient.*) or *");
      }
    }
    Instant from = r.instant("valid_from");
    Instant until = r.instant("valid_until");
    if (until.isBefore(from)) {
      throw r.error("valid_until", "before valid_from");
    }
    if (!r.node().has("revoked_at")) {
      throw r.error("revoked_at", "missing (null when not revoked)");
    }
    return new ConsentRecord(r.text("consent_id"), r.text("insured_id"), r.text("insurer"), r.text("purpose"), scope,
        from, until, r.optionalInstant("revoked_at"), signed ? r.text("signer") : "",
        signed ? r.hex("signature", 0) : new byte[0]);
  }
}
