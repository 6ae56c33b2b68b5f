package org.cosettle.platform.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Times;

/**
 * The fields of the events CoSettle itself records. Only digests, counts, identities and ids:
 * never a claim, an amount, a state or a parameter.
 *
 * <pre>{@code
 * log.append("run", AuditEvents.run(new AuditEvents.Run(...)));
 * log.append("admission", AuditEvents.admission(admitted));
 * }</pre>
 */
public final class AuditEvents {
  /**
   * One settled batch: the policy (hash of its canonical text, name, version, SM3 of its
   * data-use manifest), the batch (SM3 of the claims file's bytes, claims evaluated, claims left
   * out for want of consent), the parties, the consent ids relied on, SM3 of each output written
   * (by role: results, states, aggregates, unconsented, rejects), the admission envelope's SM3
   * (null when none was required) and whether a repeat was forced.
   */
  public record Run(String policySm3, String policyName, long policyVersion, String manifestSm3, String batchSm3,
      long claimsEvaluated, long claimsUnconsented, Map<String, String> parties, SortedSet<String> consentIds,
      Map<String, String> outputSm3, String admissionSm3, boolean forced) {}

  private AuditEvents() {}

  public static ObjectNode run(Run r) {
    ObjectNode o = CanonicalJson.object();
    o.put("policy_sm3", r.policySm3());
    o.putObject("policy").put("name", r.policyName()).put("version", r.policyVersion());
    o.put("manifest_sm3", r.manifestSm3());
    o.put("batch_sm3", r.batchSm3());
    o.put("claims_evaluated", r.claimsEvaluated());
    o.put("claims_unconsented", r.claimsUnconsented());
    ObjectNode parties = o.putObject("parties");
    new TreeMap<>(r.parties()).forEach(parties::put);
    ArrayNode consents = o.putArray("consent_ids");
    r.consentIds().forEach(consents::add);
    ObjectNode outputs = o.putObject("outputs");
    new TreeMap<>(r.outputSm3()).forEach(outputs::put);
    if (r.admissionSm3() == null) {
      o.putNull("admission_sm3");
    } else {
      o.put("admission_sm3", r.admissionSm3());
    }
    o.put("forced", r.forced());
    return o;
  }

  /** A policy admitted (or found admitted) for this platform. */
  public static ObjectNode admission(PolicyAdmission.Admitted a) {
    ObjectNode o = CanonicalJson.object();
    o.put("policy_sm3", a.policySm3());
    o.putObject("policy").put("name", a.name()).put("version", a.version());
    o.putObject("parties").put("insurer", a.insurer()).put("regulator", a.regulator());
    o.put("until", Times.format(a.until()));
    o.put("envelope_sm3", a.envelopeSm3());
    return o;
  }

  /**
   * A handshake session that ended without a settlement: the policy, the peer (its certificate's
   * subject and SHA-256 fingerprint), at which stage it ended and why — a transport or protocol
   * reason, or the kinds of the refusals, never a claim, an amount or a parameter. Nothing was
   * written, so a rerun of the batch is allowed.
   */
  public static ObjectNode sessionFailed(String policySm3, String peer, String peerFingerprint, String stage,
      String reason) {
    ObjectNode o = CanonicalJson.object();
    o.put("policy_sm3", policySm3);
    o.putObject("peer").put("subject", peer).put("tls_sha256", peerFingerprint);
    o.put("stage", stage);
    o.put("reason", reason);
    return o;
  }
}
