package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cosettle.core.AtomicFile;
import org.cosettle.core.Claim;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.audit.AuditEvents;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.consent.ConsentFilter;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.policy.CompiledPolicy;

/**
 * One run under {@link TrustOptions}: filters the claims by consent, then records the run in the
 * audit log before any output is written, so that a crash after the record can only cause a
 * refusal to settle again (never a second count), and writes the list of claims left out.
 */
final class TrustedRun implements AutoCloseable {
  private final PolicyAdmission.Admitted admitted;
  private final ConsentFilter filter;
  private final AuditLog log;
  private final PartyIdentity platform;
  private final String policySm3;
  private final String batchSm3;
  private final boolean forced;
  private final String insurer;
  private final Path unconsentedPath;
  private ConsentFilter.Outcome outcome;

  TrustedRun(PolicyAdmission.Admitted admitted, ConsentFilter filter, AuditLog log, PartyIdentity platform,
      String policySm3, String batchSm3, boolean forced, String insurer, Path unconsentedPath) {
    this.admitted = admitted;
    this.filter = filter;
    this.log = log;
    this.platform = platform;
    this.policySm3 = policySm3;
    this.batchSm3 = batchSm3;
    this.forced = forced;
    this.insurer = insurer;
    this.unconsentedPath = unconsentedPath;
  }

  /** The claims to evaluate: all of them, or with --consents those of consenting insured persons. */
  List<Claim> consented(List<Claim> claims) {
    if (filter == null) {
      return claims;
    }
    outcome = filter.apply(claims);
    return outcome.consented();
  }

  /**
   * Records the evaluated batch (when auditing) with the digests of the output texts about to be
   * written ({@code statesCsv}, {@code aggregatesCsv} null when not written) and writes the
   * unconsented list; call after evaluation succeeded and before writing the other outputs.
   */
  void record(CompiledPolicy policy, int evaluated, String resultsCsv, String statesCsv, String aggregatesCsv,
      PrintWriter err) throws IOException {
    String unconsented = outcome == null ? null : outcome.unconsentedJsonl();
    if (log != null) {
      Map<String, String> outputs = new HashMap<>();
      outputs.put("results", Digests.sm3(resultsCsv));
      if (statesCsv != null) {
        outputs.put("states", Digests.sm3(statesCsv));
      }
      if (aggregatesCsv != null) {
        outputs.put("aggregates", Digests.sm3(aggregatesCsv));
      }
      if (unconsented != null && unconsentedPath != null) {
        outputs.put("unconsented", Digests.sm3(unconsented));
      }
      Map<String, String> parties = new HashMap<>();
      parties.put("platform", platform.certificate().subject());
      if (insurer != null || admitted != null) {
        parties.put("insurer", insurer != null ? insurer : admitted.insurer());
      }
      if (admitted != null && log.entries().stream().noneMatch(
          e -> e.type().equals("admission") && admitted.envelopeSm3().equals(e.text("envelope_sm3")))) {
        log.append("admission", AuditEvents.admission(admitted));
      }
      SortedSet<String> consentIds = outcome == null ? new TreeSet<>() : outcome.consentIds();
      log.append("run", AuditEvents.run(new AuditEvents.Run(policySm3, policy.name(), policy.version(),
          Digests.sm3(policy.manifest()), batchSm3, evaluated,
          outcome == null ? 0 : outcome.unconsented().size(), parties, consentIds, outputs,
          admitted == null ? null : admitted.envelopeSm3(), forced)));
    }
    if (outcome != null && !outcome.unconsented().isEmpty()) {
      err.println(outcome.unconsented().size() + " claim(s) without a valid consent were not evaluated"
          + (unconsentedPath != null ? "; listed in " + unconsentedPath : " (list them with --unconsented-out FILE)"));
    }
    if (unconsented != null && unconsentedPath != null) {
      AtomicFile.write(unconsentedPath, unconsented);
    }
  }

  @Override
  public void close() throws IOException {
    if (log != null) {
      log.close();
    }
  }
}
