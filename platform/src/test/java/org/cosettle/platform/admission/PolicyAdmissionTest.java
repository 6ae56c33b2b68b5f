package org.cosettle.platform.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cosettle.core.InputException;
import org.cosettle.platform.admission.AdmissionException.Reason;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.cosettle.platform.trust.TestParties;
import org.junit.jupiter.api.Test;

class PolicyAdmissionTest {
  static final byte[] POLICY = ("policy \"top-up\" version 3\r\nparam ratio: ratio = 60%   \r\n"
      + "output payout = claim.in_scope * ratio to insurer\r\n").getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = TestParties.NOW;
  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2026-12-31T23:59:59Z");
  final PartyIdentity insurer = TestParties.identity(Role.INSURER, "insurer");
  final PartyIdentity regulator = TestParties.identity(Role.REGULATOR, "regulator");

  PolicyEnvelope signed() {
    return PolicyAdmission.sign("p.cpl", POLICY, insurer, NOW.minus(Duration.ofDays(30)), FROM, UNTIL);
  }

  PolicyEnvelope admitted() throws AdmissionException {
    return PolicyAdmission.approve(signed(), regulator, NOW.minus(Duration.ofDays(20)), Instant.parse("2026-09-30T23:59:59Z"));
  }

  Reason refusal(byte[] policy, PolicyEnvelope envelope, RevocationList list, Instant at) {
    try {
      PolicyAdmission.verify(policy, envelope, regulator.certificate(), list, at);
    } catch (AdmissionException e) {
      return e.reason();
    }
    fail("verified");
    return null;
  }

  @Test
  void anAdmittedPolicyVerifiesWhateverItsLineEndings() throws Exception {
    PolicyEnvelope e = PolicyEnvelope.parse(admitted().text(), "e.json");
    PolicyAdmission.Admitted a = PolicyAdmission.verify(POLICY, e, regulator.certificate(), null, NOW);
    assertEquals("top-up", a.name());
    assertEquals(3, a.version());
    assertEquals(PolicyText.sm3(POLICY), a.policySm3());
    assertEquals(Instant.parse("2026-09-30T23:59:59Z"), a.until());
    byte[] unix = new String(POLICY, StandardCharsets.UTF_8).replace("   \r\n", "\n").replace("\r\n", "\n")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(a, PolicyAdmission.verify(unix, e, regulator.certificate(), null, NOW));
  }

  @Test
  void eachRuleBrokenIsRefusedSayingWhich() throws Exception {
    PolicyEnvelope ok = admitted();
    byte[] changed = new String(POLICY, StandardCharsets.UTF_8).replace("60%", "65%").getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.MODIFIED, refusal(changed, ok, null, NOW));
    assertEquals(Reason.UNSIGNED, refusal(POLICY, signed(), null, NOW));
    PartyIdentity other = TestParties.identity(Role.REGULATOR, "someone else");
    assertEquals(Reason.UNKNOWN_SIGNER, refusal(POLICY,
        PolicyAdmission.approve(signed(), other, NOW, UNTIL), null, NOW));
    assertEquals(Reason.EXPIRED, refusal(POLICY, ok, null, Instant.parse("2026-10-01T00:00:00Z")));
    assertEquals(Reason.NOT_YET_VALID, refusal(POLICY, ok, null, Instant.parse("2026-02-28T23:59:59Z")));
    PolicyEnvelope longAdmission = PolicyAdmission.approve(signed(), regulator, NOW, Instant.parse("2027-06-30T00:00:00Z"));
    assertEquals(Reason.EXPIRED, refusal(POLICY, longAdmission, null, Instant.parse("2027-01-01T00:00:00Z")));
    RevocationList list = RevocationList.sign(List.of(new RevocationList.Entry(PolicyText.sm3(POLICY),
        Instant.parse("2026-07-01T00:00:00Z"), "ratio misfiled")), regulator, NOW);
    PolicyAdmission.verify(POLICY, ok, regulator.certificate(), list, NOW);
    AdmissionException e = assertThrows(AdmissionException.class,
        () -> PolicyAdmission.verify(POLICY, ok, regulator.certificate(), list, Instant.parse("2026-07-01T00:00:00Z")));
    assertEquals(Reason.REVOKED, e.reason());
    assertEquals("the policy was revoked at 2026-07-01T00:00:00Z: ratio misfiled", e.getMessage());
    RevocationList forged = RevocationList.sign(List.of(), other, NOW);
    assertEquals(Reason.UNKNOWN_SIGNER, refusal(POLICY, ok, forged, NOW));
  }

  @Test
  void expiredCertificatesAreRefused() throws Exception {
    PartyIdentity shortLived = TestParties.identity(Role.INSURER, "short", Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofDays(200));
    PolicyEnvelope e = PolicyAdmission.approve(PolicyAdmission.sign("p.cpl", POLICY, shortLived,
        Instant.parse("2026-03-01T00:00:00Z"), FROM, Instant.parse("2026-07-01T00:00:00Z")), regulator,
        Instant.parse("2026-03-02T00:00:00Z"), UNTIL);
    assertEquals(Reason.EXPIRED, refusal(POLICY, e, null, Instant.parse("2026-07-20T00:00:00Z")));
    assertThrows(IllegalArgumentException.class, () -> PolicyAdmission.sign("p.cpl", POLICY, shortLived,
        Instant.parse("2026-08-01T00:00:00Z"), FROM, UNTIL));
    AdmissionException trustExpired = assertThrows(AdmissionException.class, () -> PolicyAdmission.verify(POLICY,
        admitted(), regulator.certificate(), null, Instant.parse("2028-02-01T00:00:00Z")));
    assertEquals(Reason.EXPIRED, trustExpired.reason());
    assertTrue(trustExpired.getMessage().startsWith("the trusted regulator's certificate"), trustExpired.getMessage());
  }

  @Test
  void onlyAValidPolicyIsSignedAndOnlyASignedOneApproved() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> PolicyAdmission.sign("p.cpl",
        "policy \"x\" version 1\noutput y = nothing to insurer\n".getBytes(StandardCharsets.UTF_8), insurer, NOW, FROM, UNTIL));
    assertThrows(IllegalArgumentException.class, () -> PolicyAdmission.sign("p.cpl", POLICY, insurer, NOW, FROM,
        Instant.parse("2026-06-01T00:00:00Z")));
    String text = signed().text();
    PolicyEnvelope tampered = PolicyEnvelope.parse(text.replace("\"version\":3", "\"version\":4"), "e.json");
    assertEquals(Reason.BAD_SIGNATURE, assertThrows(AdmissionException.class,
        () -> PolicyAdmission.approve(tampered, regulator, NOW, UNTIL)).reason());
  }

  @Test
  void everyChangedByteOfAnEnvelopeIsCaught() throws Exception {
    byte[] text = admitted().text().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < text.length; i++) {
      // alternate a low-bit flip with a letter-case flip (hex and base64 digits)
      int bit = i % 2 == 0 ? 0x01 : 0x20;
      byte[] copy = text.clone();
      copy[i] ^= (byte) bit;
      try {
        PolicyEnvelope e = PolicyEnvelope.parse(new String(copy, StandardCharsets.UTF_8), "e.json");
        PolicyAdmission.verify(POLICY, e, regulator.certificate(), null, NOW);
        fail("byte " + i + " changed (^" + bit + ") and the envelope still verifies");
      } catch (InputException | AdmissionException expected) {
        // refused, as it must be
      }
    }
  }

  @Test
  void everyChangedByteOfARevocationListIsCaught() throws Exception {
    RevocationList list = RevocationList.sign(List.of(new RevocationList.Entry(PolicyText.sm3(POLICY),
        Instant.parse("2026-07-01T00:00:00Z"), "r")), regulator, NOW);
    byte[] text = list.text().getBytes(StandardCharsets.UTF_8);
    assertEquals(list.text(), RevocationList.parse(list.text(), "r.json").text());
    for (int i = 0; i < text.length; i++) {
      byte[] copy = text.clone();
      copy[i] ^= 0x01;
      try {
        RevocationList.parse(new String(copy, StandardCharsets.UTF_8), "r.json")
            .requireSignedBy(regulator.certificate(), NOW);
        fail("byte " + i + " changed and the list still verifies");
      } catch (InputException | AdmissionException expected) {
        // refused
      }
    }
  }

  @Test
  void malformedEnvelopesAreLocated() {
    InputException e = assertThrows(InputException.class, () -> PolicyEnvelope.parse("{\"format\":1}\n", "e.json"));
    assertEquals("e.json:1: format: expected a non-empty string", e.getMessage());
    e = assertThrows(InputException.class, () -> PolicyEnvelope.parse("{}", "e.json"));
    assertTrue(e.getMessage().contains("one line of canonical JSON"), e.getMessage());
    String text = signed().text();
    e = assertThrows(InputException.class, () -> PolicyEnvelope.parse(text.replace("\"name\"", "\"nom\""), "e.json"));
    assertTrue(e.getMessage().startsWith("e.json:1: "), e.getMessage());
  }
}
