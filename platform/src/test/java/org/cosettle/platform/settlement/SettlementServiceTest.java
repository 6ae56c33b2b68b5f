package org.cosettle.platform.settlement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.platform.SettlementSplit;
import org.cosettle.platform.admission.AdmissionException;
import org.cosettle.platform.admission.PolicyAdmission;
import org.cosettle.platform.admission.PolicyEnvelope;
import org.cosettle.platform.audit.AuditEntry;
import org.cosettle.platform.audit.AuditLog;
import org.cosettle.platform.consent.ConsentRecord;
import org.cosettle.platform.trust.Digests;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.cosettle.platform.trust.TestParties;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettlementServiceTest {
  static final Path INCLUSIVE = Path.of("..", "testdata", "conformance", "inclusive");
  static final Instant NOW = TestParties.NOW;
  static final Supplier<Instant> CLOCK = () -> NOW;

  @TempDir Path tmp;
  byte[] policyFile;
  CompiledPolicy policy;
  List<Claim> claims;
  InsuredFile insured;
  final PartyIdentity platform = TestParties.identity(Role.PLATFORM, "platform");
  final PartyIdentity insurer = TestParties.identity(Role.INSURER, "insurer");
  final PartyIdentity regulator = TestParties.identity(Role.REGULATOR, "regulator");

  @BeforeEach
  void load() throws Exception {
    policyFile = Files.readAllBytes(INCLUSIVE.resolve("policy.cpl"));
    policy = Policies.compile(new Source("policy.cpl", new String(policyFile, StandardCharsets.UTF_8))).policy();
    claims = ClaimsFile.read(INCLUSIVE.resolve("claims.jsonl"), "claims.jsonl").claims();
    insured = InsuredFile.read(INCLUSIVE.resolve("insured.csv"), "insured.csv", policy.stateNames(), 10);
  }

  AuditLog log() throws Exception {
    return AuditLog.open(tmp.resolve("audit.jsonl"), platform, 16, CLOCK);
  }

  Evaluation plaintext(String batchDigest) {
    return Evaluations.plaintext(policy, insured, new long[0], true, batchDigest);
  }

  /**
   * An evaluation that must not compute: it counts being entered, names its batch to the gate,
   * stops as a strategy does when the gate refuses, and fails the test if it gets further.
   */
  static Evaluation mustNotCompute(AtomicInteger entered, String batchDigest) {
    return (c, gate) -> {
      entered.incrementAndGet();
      String refusal = gate.admit(batchDigest);
      if (refusal != null) {
        throw new EvaluationException(refusal);
      }
      throw new AssertionError("the evaluation computed");
    };
  }

  @Test
  void withNoRulesTheFilesAreThePlaintextEvaluatorsAndNothingIsRecorded() throws Exception {
    SettlementService service = SettlementService.forPolicy(policy, policyFile).clock(CLOCK).build();
    SettlementService.Settlement s = service.settle(claims, plaintext("batch"));
    BatchResult expected = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(expected.resultsCsv(), s.file(SettlementFileKind.RESULTS));
    assertEquals(expected.statesCsv(), s.file(SettlementFileKind.STATES));
    assertNull(s.file(SettlementFileKind.AGGREGATES), "the policy has no aggregates");
    assertNull(s.recorded());
    assertEquals(claims, s.evaluated());
    assertArrayEquals(expected.outputColumn(0), s.outputs()[0]);
    assertEquals(Files.readString(INCLUSIVE.resolve("expected.csv")), s.file(SettlementFileKind.RESULTS));
  }

  @Test
  void theRunIsRecordedWithTheDigestOfEveryFileBeforeTheCallerGetsThem() throws Exception {
    try (AuditLog log = log()) {
      SettlementService service = SettlementService.forPolicy(policy, policyFile).clock(CLOCK)
          .audit(log, Map.of("platform", platform.certificate().subject()))
          .settlementRecords(new SettlementSplit.Options("payout", "INS-01", LocalDate.of(2026, 6, 15))).build();
      SettlementService.Settlement s = service.settle(claims, plaintext("batch-1"));
      AuditEntry run = s.recorded();
      assertNotNull(run);
      assertEquals(run, log.entries().get(log.entries().size() - 1));
      assertEquals("run", run.type());
      assertEquals(service.policyDigest(), run.text("policy_sm3"));
      assertEquals("batch-1", run.text("batch_sm3"));
      for (SettlementFileKind kind : Set.of(SettlementFileKind.RESULTS, SettlementFileKind.STATES,
          SettlementFileKind.SETTLEMENTS)) {
        assertEquals(Digests.sm3(s.file(kind)), run.json().get("outputs").get(kind.auditName()).asText(), kind.name());
      }
      assertEquals(claims.size(), s.records().records().size());
    }
  }

  @Test
  void aSecondSettlementOfTheSameBatchIsRefusedBeforeEvaluatingUnlessForced() throws Exception {
    try (AuditLog log = log()) {
      SettlementService.Builder builder = SettlementService.forPolicy(policy, policyFile).clock(CLOCK)
          .audit(log, Map.of());
      AuditEntry first = builder.build().settle(claims, plaintext("batch-1")).recorded();
      int entries = log.entries().size();
      AtomicInteger entered = new AtomicInteger();
      SettlementRefusedException e = assertThrows(SettlementRefusedException.class,
          () -> builder.build().settle(claims, mustNotCompute(entered, "batch-1")));
      assertEquals(SettlementRefusedException.Kind.ALREADY_SETTLED, e.kind());
      assertEquals(first, e.earlier());
      assertEquals(1, entered.get());
      assertEquals(entries, log.entries().size(), "a refusal records nothing");
      // another batch, or the same batch under another policy, is not a repeat
      assertFalse(builder.build().settle(claims, plaintext("batch-2")).forced());
      SettlementService.Settlement forced = builder.force(true).build().settle(claims, plaintext("batch-1"));
      assertTrue(forced.forced());
      assertTrue(forced.recorded().json().get("forced").asBoolean());
    }
  }

  @Test
  void aFailedEvaluationRecordsNothingSoARerunIsAllowed() throws Exception {
    try (AuditLog log = log()) {
      SettlementService service = SettlementService.forPolicy(policy, policyFile).clock(CLOCK).audit(log, Map.of())
          .build();
      int entries = log.entries().size();
      assertThrows(EvaluationException.class, () -> service.settle(claims, (c, gate) -> {
        gate.admit("batch-1");
        throw new EvaluationException("claim C00003: a value left the money bound");
      }));
      assertEquals(entries, log.entries().size());
      assertNotNull(service.settle(claims, plaintext("batch-1")).recorded());
    }
  }

  @Test
  void onlyConsentedClaimsReachTheEvaluationAndTheRestAreListed() throws Exception {
    List<ConsentRecord> consents = new ArrayList<>();
    String consenting = claims.get(0).insuredId();
    consents.add(ConsentRecord.unsigned("CN-1", consenting, "INS-01", "claim_settlement", List.of("*"),
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"), null));
    List<List<Claim>> seen = new ArrayList<>();
    Evaluation recording = (c, gate) -> {
      seen.add(c);
      return plaintext("b").evaluate(c, gate);
    };
    SettlementService.Settlement s = SettlementService.forPolicy(policy, policyFile).clock(CLOCK)
        .consents(consents, "INS-01", "claim_settlement", true).build().settle(claims, recording);
    List<Claim> expected = claims.stream().filter(c -> c.insuredId().equals(consenting)).toList();
    assertEquals(List.of(expected), seen);
    assertEquals(expected, s.evaluated());
    assertEquals(claims.size() - expected.size(), s.consent().unconsented().size());
    assertEquals(s.consent().unconsentedJsonl(), s.file(SettlementFileKind.UNCONSENTED));
  }

  @Test
  void anUnadmittedPolicyIsRefusedBeforeEvaluating() throws Exception {
    PolicyEnvelope signedOnly = PolicyAdmission.sign("policy.cpl", policyFile, insurer, NOW.minus(Duration.ofDays(30)),
        NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(100)));
    AtomicInteger entered = new AtomicInteger();
    SettlementRefusedException e = assertThrows(SettlementRefusedException.class, () ->
        SettlementService.forPolicy(policy, policyFile).clock(CLOCK).requireAdmission(signedOnly,
            regulator.certificate(), null).build().settle(claims, mustNotCompute(entered, "b")));
    assertEquals(SettlementRefusedException.Kind.NOT_ADMITTED, e.kind());
    assertEquals(AdmissionException.Reason.UNSIGNED, ((AdmissionException) e.getCause()).reason());
    assertEquals(0, entered.get());
    // admitted, it settles
    PolicyEnvelope admitted = PolicyAdmission.approve(signedOnly, regulator, NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(90)));
    assertNotNull(SettlementService.forPolicy(policy, policyFile).clock(CLOCK)
        .requireAdmission(admitted, regulator.certificate(), null).build().settle(claims, plaintext("b")));
  }

  @Test
  void settlementRecordsNeedThePayoutAtThisParty() throws Exception {
    // a strategy like one party of handshake mode: the payout went to the other party
    Evaluation otherPartysPayout = (c, gate) -> {
      gate.admit("b");
      Map<SettlementFileKind, String> files = new EnumMap<>(SettlementFileKind.class);
      files.put(SettlementFileKind.RESULTS, "claim_id\n");
      return new Evaluated(c.size(), files, new long[policy.outputs().size()][]);
    };
    try (AuditLog log = log()) {
      int entries = log.entries().size();
      SettlementRefusedException e = assertThrows(SettlementRefusedException.class, () ->
          SettlementService.forPolicy(policy, policyFile).clock(CLOCK).audit(log, Map.of())
              .settlementRecords(new SettlementSplit.Options("payout", "", LocalDate.of(2026, 6, 15))).build()
              .settle(claims, otherPartysPayout));
      assertEquals(SettlementRefusedException.Kind.NO_PAYOUT, e.kind());
      assertTrue(e.getMessage().contains("not addressed to this party"), e.getMessage());
      assertEquals(entries, log.entries().size());
    }
    SettlementRefusedException unknown = assertThrows(SettlementRefusedException.class, () ->
        SettlementService.forPolicy(policy, policyFile).clock(CLOCK)
            .settlementRecords(new SettlementSplit.Options("paid", "", LocalDate.of(2026, 6, 15))).build()
            .settle(claims, mustNotCompute(new AtomicInteger(), "b")));
    assertEquals(SettlementRefusedException.Kind.NO_PAYOUT, unknown.kind());
  }

  @Test
  void thePolicyDigestIsTheOneAdmissionSigns() {
    SettlementService service = SettlementService.forPolicy(policy, policyFile).build();
    assertEquals(org.cosettle.platform.admission.PolicyText.sm3(policyFile), service.policyDigest());
    // re-saved with other line endings and trailing blanks: the same policy
    byte[] resaved = (new String(policyFile, StandardCharsets.UTF_8).replace("\n", "  \r\n") + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(service.policyDigest(), SettlementService.forPolicy(policy, resaved).build().policyDigest());
  }
}
