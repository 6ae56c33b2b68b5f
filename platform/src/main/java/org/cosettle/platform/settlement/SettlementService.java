package org.cosettle.platform.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.cosettle.core.Claim;
import org.cosettle.crypto.sm2.Sm2Certificate;
import org.cosettle.platform.SettlementSplit;
import org.cosettle.platform.admission.AdmissionException;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.admission.PolicyEnvelope;
import org.cosettle.platform.admission.PolicyText;
import org.cosettle.platform.admission.RevocationList;
import org.cosettle.platform.audit.AuditEntry;
import org.cosettle.platform.audit.AuditEvents;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.consent.ConsentFilter;
import org.cosettle.platform.consent.ConsentRecord;
import org.cosettle.platform.trust.Digests;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;

/**
 * Settles one batch the way the platform's rules require, whatever evaluates it: in this order,
 * the policy must be admitted (when required), only claims with a valid consent are evaluated
 * (when consents are given), a batch the audit log shows as settled with this policy already is
 * refused (unless forced), the {@link Evaluation} runs, settlement records are made (when asked),
 * and the run is recorded in the audit log with the SM3 of every file — before the caller gets
 * the texts to write, so a crash after the record can only cause a refusal to settle again,
 * never a second count.
 *
 * <pre>{@code
 * SettlementService service = SettlementService.forPolicy(policy, policyFileBytes)
 *     .requireAdmission(envelope, regulatorCertificate, revocations)
 *     .consents(consentRecords, "INS-01", "claim_settlement")
 *     .audit(auditLog, Map.of("platform", "CN=PLAT,OU=platform,O=CoSettle"))
 *     .build();
 * Settlement s = service.settle(Digests.sm3(claimsFile), claims, Evaluations.plaintext(policy, insured, params, true));
 * AtomicFile.write(resultsPath, s.file(SettlementFileKind.RESULTS));
 * }</pre>
 *
 * <p>The policy's identity everywhere (audit events, admission, a handshake session's hello) is
 * {@link #policyDigest()}: the SM3 of its canonical text, the hash admission signs.
 *
 * <p>One class, just above the usual 400 lines, because its ordering guarantee (admission,
 * consent, refusal of a second settlement, evaluation, audit before write) is the point: the
 * builder, the prepare/commit pair for handshake mode and the once-only gate enforce one
 * sequence and share its audit log.
 */
public final class SettlementService {
  /**
   * What the service produced for one batch: the files (already digested in the audit log), the
   * claims evaluated, this party's outputs per claim ({@code outputs[o]} null for an output not
   * addressed to it), the consent outcome and the settlement records (null when not asked for),
   * the audit entry (null without an audit log) and whether a repeat was forced.
   */
  public record Settlement(Map<SettlementFileKind, String> files, List<Claim> evaluated, long[][] outputs,
      ConsentFilter.Outcome consent, SettlementSplit.Batch records, AuditEntry recorded, boolean forced) {
    public Settlement {
      files = java.util.Collections.unmodifiableMap(new EnumMap<>(files));
      evaluated = List.copyOf(evaluated);
    }

    /** The text of file {@code kind}, or null when this settlement does not write it. */
    public String file(SettlementFileKind kind) {
      return files.get(kind);
    }
  }

  private record Admission(PolicyEnvelope envelope, Sm2Certificate regulator, RevocationList revoked) {}

  private record Consents(List<ConsentRecord> records, String insurerId, String purpose, boolean listUnconsented) {}

  private final CompiledPolicy policy;
  private final byte[] policyFile;
  private final String policyDigest;
  private final Admission admission;
  private final Consents consents;
  private final AuditLog log;
  private final Map<String, String> parties;
  private final SettlementSplit.Options recordOptions;
  private final boolean force;
  private final Supplier<Instant> clock;

  private SettlementService(Builder b) {
    this.policy = b.policy;
    this.policyFile = b.policyFile;
    this.policyDigest = PolicyText.sm3(b.policyFile);
    this.admission = b.admission;
    this.consents = b.consents;
    this.log = b.log;
    this.parties = Map.copyOf(b.parties);
    this.recordOptions = b.recordOptions;
    this.force = b.force;
    this.clock = b.clock;
  }

  /** A service for {@code policy}, compiled from {@code policyFile} (its bytes, as admission signs them). */
  public static Builder forPolicy(CompiledPolicy policy, byte[] policyFile) {
    return new Builder(policy, policyFile);
  }

  /** SM3 (hex) of the policy's canonical text: the one policy digest of audit, admission and sessions. */
  public String policyDigest() {
    return policyDigest;
  }

  /**
   * Settles {@code claims} (in file order; empty at a party that learns the batch from its peer).
   * The evaluation names the batch to the service's gate (its digest identifies it in the audit
   * log) before computing anything.
   *
   * @throws SettlementRefusedException when a rule refuses the batch before evaluation
   * @throws EvaluationException when the evaluation rejects the batch (nothing is recorded)
   * @throws IOException when the audit log cannot be written (nothing may then be written)
   */
  public Settlement settle(List<Claim> claims, Evaluation evaluation)
      throws SettlementRefusedException, EvaluationException, IOException {
    Prepared p = evaluate(claims, evaluation);
    return p.settlement(log == null ? null : record("run", p, null));
  }

  /**
   * The first half of a settlement with a peer: everything {@link #settle} does, but the audit log
   * records a {@code prepared} event (the same fields; it does not count as a settlement), so
   * that the caller can put the files in safety and commit with the peer before {@link #commit}
   * records the {@code run}. A crash in between leaves the {@code prepared} event naming the batch
   * and the digests of the files that were about to be written ({@link #pendingPrepared}).
   */
  public Prepared prepare(List<Claim> claims, Evaluation evaluation)
      throws SettlementRefusedException, EvaluationException, IOException {
    Prepared p = evaluate(claims, evaluation);
    p.preparedEntry = log == null ? null : record("prepared", p, null);
    return p;
  }

  /** The second half: records the {@code run} of a prepared settlement (after the peer committed too). */
  public Settlement commit(Prepared prepared) throws IOException {
    return prepared.settlement(log == null ? null : record("run", prepared, prepared.preparedEntry));
  }

  /**
   * The latest {@code prepared} event of {@code batchDigest} under this policy that no {@code run}
   * followed: a settlement this party prepared and then lost, before it recorded the commit.
   */
  public java.util.Optional<AuditEntry> pendingPrepared(String batchDigest) {
    if (log == null) {
      return java.util.Optional.empty();
    }
    List<AuditEntry> entries = log.entries();
    for (int i = entries.size() - 1; i >= 0; i--) {
      AuditEntry e = entries.get(i);
      boolean ours = batchDigest.equals(e.text("batch_sm3")) && policyDigest.equals(e.text("policy_sm3"));
      if (ours && e.type().equals("run")) {
        return java.util.Optional.empty();
      }
      if (ours && e.type().equals("prepared")) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Records the {@code run} of a settlement found {@link #pendingPrepared} after a crash, once the
   * caller checked that its staged files are the ones the {@code prepared} event names and that
   * the peer committed it: the event's fields, the {@code prepared_event} and {@code recovered}.
   */
  public AuditEntry commitRecovered(AuditEntry prepared) throws IOException {
    if (log == null || !prepared.type().equals("prepared")) {
      throw new IllegalArgumentException("a prepared event of this service's audit log is needed");
    }
    ObjectNode event = prepared.json().deepCopy();
    event.remove(org.cosettle.platform.audit.AuditLog.RESERVED_FIELDS);
    event.put("prepared_event", prepared.index());
    event.put("recovered", true);
    return log.append("run", event);
  }

  /** A settlement evaluated and, with an audit log, recorded as {@code prepared}; {@link #commit} finishes it. */
  public static final class Prepared {
    private final PolicyAdmission.Admitted admitted;
    private final ConsentFilter.Outcome consent;
    private final String batchDigest;
    private final int claims;
    private final Map<SettlementFileKind, String> files;
    private final List<Claim> evaluated;
    private final long[][] outputs;
    private final SettlementSplit.Batch records;
    private final boolean forced;
    private AuditEntry preparedEntry;

    private Prepared(PolicyAdmission.Admitted admitted, ConsentFilter.Outcome consent, String batchDigest, int claims,
        Map<SettlementFileKind, String> files, List<Claim> evaluated, long[][] outputs, SettlementSplit.Batch records,
        boolean forced) {
      this.admitted = admitted;
      this.consent = consent;
      this.batchDigest = batchDigest;
      this.claims = claims;
      this.files = files;
      this.evaluated = evaluated;
      this.outputs = outputs;
      this.records = records;
      this.forced = forced;
    }

    /** The text of file {@code kind} to put in safety, or null when this settlement does not write it. */
    public String file(SettlementFileKind kind) {
      return files.get(kind);
    }

    /** The digest that names the batch in the audit log. */
    public String batchDigest() {
      return batchDigest;
    }

    /** The {@code prepared} event, or null without an audit log. */
    public AuditEntry preparedEntry() {
      return preparedEntry;
    }

    private Settlement settlement(AuditEntry recorded) {
      return new Settlement(files, evaluated, outputs, consent, records, recorded, forced);
    }
  }

  private Prepared evaluate(List<Claim> claims, Evaluation evaluation)
      throws SettlementRefusedException, EvaluationException, IOException {
    Instant now = clock.get();
    PolicyAdmission.Admitted admitted = admitted(now);
    ConsentFilter.Outcome consent = null;
    List<Claim> evaluated = claims;
    if (consents != null) {
      consent = new ConsentFilter(consents.records(), consents.insurerId(), consents.purpose(), policy.fieldsRead(), now)
          .apply(claims);
      evaluated = consent.consented();
    }
    SettlementSplit.Batch records = null;
    int payout = -1;
    if (recordOptions != null) {
      try {
        payout = SettlementSplit.payoutIndex(policy, recordOptions.payoutOutput());
      } catch (IllegalArgumentException e) {
        throw new SettlementRefusedException(SettlementRefusedException.Kind.NO_PAYOUT, e.getMessage(), null, e);
      }
    }
    OnceGate gate = new OnceGate();
    Evaluated result;
    try {
      result = evaluation.evaluate(evaluated, gate);
    } catch (RuntimeException | EvaluationException e) {
      if (gate.refusal != null) {
        gate.refusal.addSuppressed(e);
        throw gate.refusal;
      }
      throw e;
    }
    if (gate.refusal != null) {
      throw gate.refusal;
    }
    if (gate.batchDigest == null || result == null) {
      throw new IllegalStateException("the evaluation " + (result == null ? "gave no result" : "never named its batch"));
    }
    String batchDigest = gate.batchDigest;
    AuditEntry earlier = gate.earlier;
    Map<SettlementFileKind, String> files = new EnumMap<>(result.files());
    if (recordOptions != null && files.containsKey(SettlementFileKind.SETTLEMENTS)) {
      throw new IllegalStateException("the evaluation gave settlement records, and this service makes them too");
    }
    if (recordOptions != null) {
      long[] payouts = result.output(payout);
      if (payouts == null) {
        throw new SettlementRefusedException(SettlementRefusedException.Kind.NO_PAYOUT, "output '"
            + recordOptions.payoutOutput() + "' is not addressed to this party, so it cannot write settlement records",
            null, null);
      }
      if (payouts.length != evaluated.size()) {
        throw new IllegalStateException("settlement records need the claims: " + payouts.length + " payouts for "
            + evaluated.size() + " claims");
      }
      records = SettlementSplit.ofBatch(evaluated, payouts, recordOptions);
      files.put(SettlementFileKind.SETTLEMENTS, records.jsonLines());
    }
    if (consent != null && consents.listUnconsented()) {
      files.put(SettlementFileKind.UNCONSENTED, consent.unconsentedJsonl());
    }
    long[][] outputs = new long[policy.outputs().size()][];
    for (int o = 0; o < outputs.length; o++) {
      outputs[o] = result.output(o);
    }
    return new Prepared(admitted, consent, batchDigest, result.claims(), files, evaluated, outputs, records,
        earlier != null);
  }

  /** The gate of one settlement: the audit log's answer for the batch the evaluation names. */
  private final class OnceGate implements Evaluation.Gate {
    String batchDigest;
    AuditEntry earlier;
    SettlementRefusedException refusal;

    @Override
    public String admit(String digest) {
      if (batchDigest != null) {
        throw new IllegalStateException("an evaluation names its batch once");
      }
      batchDigest = Objects.requireNonNull(digest, "batchDigest");
      earlier = log == null ? null : log.previousRun(digest, policyDigest).orElse(null);
      if (earlier == null || force) {
        return null;
      }
      refusal = new SettlementRefusedException(SettlementRefusedException.Kind.ALREADY_SETTLED, "this batch (SM3 "
          + digest + ") was already settled with this policy at event " + earlier.index() + " ("
          + earlier.text("time") + "); states must not be counted twice", earlier, null);
      return refusal.getMessage();
    }
  }

  private PolicyAdmission.Admitted admitted(Instant now) throws SettlementRefusedException {
    if (admission == null) {
      return null;
    }
    try {
      PolicyAdmission.Admitted a = PolicyAdmission.verify(policyFile, admission.envelope(), admission.regulator(),
          admission.revoked(), now);
      if (!a.name().equals(policy.name()) || a.version() != policy.version()) {
        throw new AdmissionException(AdmissionException.Reason.MODIFIED, "the envelope admits " + a.name() + " v"
            + a.version() + ", but the policy run is " + policy.name() + " v" + policy.version());
      }
      return a;
    } catch (AdmissionException e) {
      throw new SettlementRefusedException(SettlementRefusedException.Kind.NOT_ADMITTED,
          "refused (" + e.reason() + "): " + e.getMessage(), null, e);
    }
  }

  /** Appends a {@code run} or {@code prepared} event of {@code p} (a run names its prepared event, if any). */
  private AuditEntry record(String type, Prepared p, AuditEntry prepared) throws IOException {
    PolicyAdmission.Admitted admitted = p.admitted;
    ConsentFilter.Outcome consent = p.consent;
    SortedMap<String, String> digests = new TreeMap<>();
    p.files.forEach((kind, text) -> digests.put(kind.auditName(), Digests.sm3(text)));
    Map<String, String> named = new TreeMap<>(parties);
    if (!named.containsKey("insurer") && (consents != null || admitted != null)) {
      named.put("insurer", consents != null ? consents.insurerId() : admitted.insurer());
    }
    if (admitted != null && log.entries().stream().noneMatch(
        e -> e.type().equals("admission") && admitted.envelopeSm3().equals(e.text("envelope_sm3")))) {
      log.append("admission", AuditEvents.admission(admitted));
    }
    ObjectNode event = AuditEvents.run(new AuditEvents.Run(policyDigest, policy.name(), policy.version(),
        Digests.sm3(policy.manifest()), p.batchDigest, p.claims, consent == null ? 0 : consent.unconsented().size(),
        named, consent == null ? new TreeSet<>() : consent.consentIds(), digests,
        admitted == null ? null : admitted.envelopeSm3(), p.forced));
    if (prepared != null) {
      // the commit names the event that prepared it: the two belong together in the chain
      event.put("prepared_event", prepared.index());
    }
    return log.append(type, event);
  }

  /** Builds a {@link SettlementService}; every rule is off until asked for. */
  public static final class Builder {
    private final CompiledPolicy policy;
    private final byte[] policyFile;
    private Admission admission;
    private Consents consents;
    private AuditLog log;
    private Map<String, String> parties = Map.of();
    private SettlementSplit.Options recordOptions;
    private boolean force;
    private Supplier<Instant> clock = Instant::now;

    private Builder(CompiledPolicy policy, byte[] policyFile) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.policyFile = policyFile.clone();
    }

    /** Settle only if {@code envelope} shows the policy signed, admitted by {@code regulator}, in force and not revoked. */
    public Builder requireAdmission(PolicyEnvelope envelope, Sm2Certificate regulator, RevocationList revoked) {
      this.admission = new Admission(Objects.requireNonNull(envelope), Objects.requireNonNull(regulator), revoked);
      return this;
    }

    /**
     * Evaluate only claims of insured persons with a valid consent for {@code insurerId} and
     * {@code purpose}; with {@code listUnconsented} the service also gives the list of claims left out.
     */
    public Builder consents(List<ConsentRecord> records, String insurerId, String purpose, boolean listUnconsented) {
      this.consents = new Consents(List.copyOf(records), Objects.requireNonNull(insurerId),
          Objects.requireNonNull(purpose), listUnconsented);
      return this;
    }

    /** Record every settlement in {@code log} (the caller owns and closes it), naming {@code parties} (role → name). */
    public Builder audit(AuditLog log, Map<String, String> parties) {
      this.log = Objects.requireNonNull(log);
      this.parties = new TreeMap<>(parties);
      return this;
    }

    /** Make a settlement record (the three-way split) per claim from the payout output. */
    public Builder settlementRecords(SettlementSplit.Options options) {
      this.recordOptions = Objects.requireNonNull(options);
      return this;
    }

    /** Settle a batch the audit log shows as settled already (recorded as forced). */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    /** The clock for admission, consent validity (default: the system clock). */
    public Builder clock(Supplier<Instant> clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public SettlementService build() {
      return new SettlementService(this);
    }
  }
}
