package org.cosettle.platform.consent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cosettle.core.Claim;
import org.cosettle.platform.trust.CanonicalJson;
import org.cosettle.platform.trust.Times;

/**
 * Keeps the claims of insured persons who authorised this insurer for this purpose (出域必授权),
 * before evaluation, so that the others produce no result, touch no state and count in no
 * aggregate. A consent authorises a batch when, at {@code now}, it names the insurer and the
 * purpose, lies within [valid_from, valid_until], is not revoked ({@code revoked_at} unset or
 * later than {@code now}), and its scope covers every claim, patient and item field the policy
 * reads (the insurer's own {@code insured.*} fields need no consent).
 *
 * <pre>{@code
 * ConsentFilter filter = new ConsentFilter(records, "INS-01", "claim_settlement", policy.fieldsRead(), now);
 * ConsentFilter.Outcome o = filter.apply(claims);
 * BatchResult r = Evaluator.evaluate(policy, o.consented(), insured, params);
 * }</pre>
 */
public final class ConsentFilter {
  /** Why a claim was left out, in the order a consent is checked; the closest miss is reported. */
  public enum Reason { NO_CONSENT, OTHER_INSURER, OTHER_PURPOSE, NOT_YET_VALID, EXPIRED, REVOKED, SCOPE }

  /** A claim left out: its id and line, the insured person, the reason and the details per consent. */
  public record Unconsented(String claimId, int line, String insuredId, Reason reason, String detail) {}

  /** The claims to evaluate (in input order), those left out, and the ids of the consents relied on. */
  public record Outcome(List<Claim> consented, List<Unconsented> unconsented, SortedSet<String> consentIds) {
    /** The {@code --unconsented-out} file: one JSON line per claim left out, in input order. */
    public String unconsentedJsonl() {
      StringBuilder sb = new StringBuilder();
      for (Unconsented u : unconsented) {
        ObjectNode o = CanonicalJson.object();
        o.put("claim_id", u.claimId()).put("line", u.line()).put("insured_id", u.insuredId())
            .put("reason", u.reason().name()).put("detail", u.detail());
        sb.append(CanonicalJson.write(o)).append('\n');
      }
      return sb.toString();
    }
  }

  private record Decision(String consentId, Reason reason, String detail) {}

  private final Map<String, List<ConsentRecord>> byInsured = new HashMap<>();
  private final String insurer;
  private final String purpose;
  private final List<String> fieldsNeeded;
  private final Instant now;

  /** {@code fieldsRead} as {@code CompiledPolicy.fieldsRead()} lists them. */
  public ConsentFilter(List<ConsentRecord> records, String insurer, String purpose, List<String> fieldsRead,
      Instant now) {
    for (ConsentRecord r : records) {
      byInsured.computeIfAbsent(r.insuredId(), k -> new ArrayList<>()).add(r);
    }
    this.insurer = insurer;
    this.purpose = purpose;
    this.fieldsNeeded = fieldsRead.stream().filter(f -> !f.startsWith("insured.")).sorted().toList();
    this.now = now;
  }

  public Outcome apply(List<Claim> claims) {
    Map<String, Decision> decided = new HashMap<>();
    List<Claim> kept = new ArrayList<>();
    List<Unconsented> left = new ArrayList<>();
    SortedSet<String> used = new TreeSet<>();
    for (Claim c : claims) {
      Decision d = decided.computeIfAbsent(c.insuredId(), this::decide);
      if (d.consentId() != null) {
        kept.add(c);
        used.add(d.consentId());
      } else {
        left.add(new Unconsented(c.id(), c.line(), c.insuredId(), d.reason(), d.detail()));
      }
    }
    return new Outcome(List.copyOf(kept), List.copyOf(left), used);
  }

  /** The first consent (in file order) that authorises, else the closest miss with every consent's problem. */
  private Decision decide(String insuredId) {
    List<ConsentRecord> candidates = byInsured.getOrDefault(insuredId, List.of());
    if (candidates.isEmpty()) {
      return new Decision(null, Reason.NO_CONSENT, "no consent record for insured " + insuredId);
    }
    Reason closest = null;
    List<String> details = new ArrayList<>();
    for (ConsentRecord c : candidates) {
      Decision miss = check(c);
      if (miss == null) {
        return new Decision(c.consentId(), null, "");
      }
      if (closest == null || miss.reason().compareTo(closest) > 0) {
        closest = miss.reason();
      }
      details.add("consent " + c.consentId() + ": " + miss.detail());
    }
    return new Decision(null, closest, String.join("; ", details));
  }

  /** Null when {@code c} authorises this batch, else the first rule it misses. */
  private Decision check(ConsentRecord c) {
    if (!c.insurer().equals(insurer)) {
      return new Decision(null, Reason.OTHER_INSURER, "for insurer " + c.insurer() + ", not " + insurer);
    }
    if (!c.purpose().equals(purpose)) {
      return new Decision(null, Reason.OTHER_PURPOSE, "for purpose " + c.purpose() + ", not " + purpose);
    }
    if (now.isBefore(c.validFrom())) {
      return new Decision(null, Reason.NOT_YET_VALID, "valid from " + Times.format(c.validFrom()));
    }
    if (now.isAfter(c.validUntil())) {
      return new Decision(null, Reason.EXPIRED, "expired at " + Times.format(c.validUntil()));
    }
    if (c.revokedAt() != null && !now.isBefore(c.revokedAt())) {
      return new Decision(null, Reason.REVOKED, "revoked at " + Times.format(c.revokedAt()));
    }
    List<String> uncovered = fieldsNeeded.stream().filter(f -> !c.covers(f)).toList();
    if (!uncovered.isEmpty()) {
      return new Decision(null, Reason.SCOPE, "its scope does not cover " + String.join(", ", uncovered));
    }
    return null;
  }
}
