package org.cosettle.platform.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cosettle.core.InputException;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Certificates;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.JsonRecord;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Times;

/**
 * The regulator's signed list of revoked policy hashes: one canonical JSON object and {@code \n},
 *
 * <pre>{@code
 * {"certificate":"<base64 DER>","format":"cosettle-policy-revocations/1","issued_at":"…",
 *  "revoked":[{"policy_sm3":"<hex>","reason":"…","revoked_at":"…"}],"signature":"<hex>"}
 * }</pre>
 *
 * the signature covering the canonical bytes without {@code signature}. Each new list replaces
 * the last; entries stay in the order they were added and a hash appears once.
 */
public final class RevocationList {
  public static final String FORMAT = "cosettle-policy-revocations/1";

  /** One revoked policy: from {@code revokedAt} on it may not run. */
  public record Entry(String policySm3, Instant revokedAt, String reason) {}

  private final List<Entry> entries;
  private final Sm2Certificate certificate;
  private final Instant issuedAt;
  private final byte[] signature;

  private RevocationList(List<Entry> entries, Sm2Certificate certificate, Instant issuedAt, byte[] signature) {
    this.entries = List.copyOf(entries);
    this.certificate = certificate;
    this.issuedAt = issuedAt;
    this.signature = signature;
  }

  /** Signs {@code entries} as the list issued at {@code now}; refuses a hash listed twice. */
  public static RevocationList sign(List<Entry> entries, PartyIdentity regulator, Instant now) {
    Set<String> seen = new HashSet<>();
    for (Entry e : entries) {
      if (!seen.add(e.policySm3())) {
        throw new IllegalArgumentException("policy " + e.policySm3() + " is listed twice");
      }
    }
    RevocationList unsigned = new RevocationList(entries, regulator.certificate(), now, new byte[0]);
    return new RevocationList(entries, regulator.certificate(), now,
        regulator.key().sign(CanonicalJson.bytes(unsigned.json(false))));
  }

  /** This list with {@code entry} added, signed again by {@code regulator} at {@code now}. */
  public RevocationList with(Entry entry, PartyIdentity regulator, Instant now) {
    List<Entry> all = new ArrayList<>(entries);
    all.add(entry);
    return sign(all, regulator, now);
  }

  public List<Entry> entries() {
    return entries;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  /** The entry for {@code policySm3} in force at {@code now}, or null. */
  public Entry revocationOf(String policySm3, Instant now) {
    for (Entry e : entries) {
      if (e.policySm3().equals(policySm3) && !now.isBefore(e.revokedAt())) {
        return e;
      }
    }
    return null;
  }

  /** Refuses the list unless {@code trusted} signed it and is valid at {@code now}. */
  public void requireSignedBy(Sm2Certificate trusted, Instant now) throws AdmissionException {
    if (!certificate.publicKey().equals(trusted.publicKey())) {
      throw new AdmissionException(AdmissionException.Reason.UNKNOWN_SIGNER, "the revocation list is signed by "
          + certificate.subject() + " (key " + certificate.publicKey().fingerprint() + "), not the trusted regulator "
          + trusted.subject() + " (key " + trusted.publicKey().fingerprint() + ")");
    }
    if (!trusted.publicKey().verify(CanonicalJson.bytes(json(false)), signature)) {
      throw new AdmissionException(AdmissionException.Reason.BAD_SIGNATURE,
          "the revocation list's signature does not verify: it was changed after signing");
    }
    String problem = Certificates.problemAt(trusted, now);
    if (problem != null) {
      throw new AdmissionException(AdmissionException.Reason.EXPIRED, "the revocation list's signer: " + problem);
    }
  }

  /** The file's content: canonical JSON and {@code \n}. */
  public String text() {
    return CanonicalJson.write(json(true)) + "\n";
  }

  private ObjectNode json(boolean withSignature) {
    ObjectNode root = CanonicalJson.object();
    root.put("format", FORMAT);
    root.put("certificate", Base64.getEncoder().encodeToString(certificate.toDer()));
    root.put("issued_at", Times.format(issuedAt));
    ArrayNode list = root.putArray("revoked");
    for (Entry e : entries) {
      list.addObject().put("policy_sm3", e.policySm3()).put("revoked_at", Times.format(e.revokedAt()))
          .put("reason", e.reason());
    }
    if (withSignature) {
      root.put("signature", Digests.hex(signature));
    }
    return root;
  }

  /** Reads a list file; a malformed or non-canonical one is an error located at {@code file}. */
  public static RevocationList parse(String text, String file) throws InputException {
    JsonRecord r = JsonRecord.parseDocument(text, file, "a revocation list");
    r.allowOnly("format", "certificate", "issued_at", "revoked", "signature");
    if (!FORMAT.equals(r.text("format"))) {
      throw r.error("format", "expected \"" + FORMAT + "\"");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonRecord e : r.objects("revoked")) {
      e.allowOnly("policy_sm3", "revoked_at", "reason");
      String sm3 = Digests.hex(e.hex("policy_sm3", 32));
      if (!seen.add(sm3)) {
        throw e.error("policy_sm3", "listed twice");
      }
      entries.add(new Entry(sm3, e.instant("revoked_at"), e.text("reason")));
    }
    return new RevocationList(entries, PolicyEnvelope.certificate(r), r.instant("issued_at"), r.hex("signature", 0));
  }
}
