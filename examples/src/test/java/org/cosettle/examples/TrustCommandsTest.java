package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.platform.trust.KeyFiles;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, policy sign | approve | revoke | verify, consent sign, audit verify | anchor | checkpoint, and run's trust options. */
class TrustCommandsTest {
  static final Path INCLUSIVE = Path.of("..", "testdata", "conformance", "inclusive");
  @TempDir Path tmp;
  Path policy;

  @BeforeEach
  void keysAndPolicy() throws Exception {
    for (String role : new String[] {"insurer", "regulator", "platform"}) {
      Cli c = Cli.run("keygen", "--role", role, "--name", role + " one", "--out-key", key(role).toString(),
          "--out-cert", cert(role).toString(), "--days", "30");
      assertEquals(0, c.code(), c.toString());
    }
    policy = tmp.resolve("policy.cpl");
    Files.copy(INCLUSIVE.resolve("policy.cpl"), policy);
  }

  Path key(String role) {
    return tmp.resolve(role + ".key");
  }

  Path cert(String role) {
    return tmp.resolve(role + ".crt");
  }

  Path admittedEnvelope() {
    Path env = tmp.resolve("policy.envelope.json");
    assertEquals(0, Cli.run("policy", "sign", policy.toString(), "--key", key("insurer").toString(), "--cert",
        cert("insurer").toString(), "--out", env.toString()).code());
    Cli c = Cli.run("policy", "approve", env.toString(), "--key", key("regulator").toString(), "--cert",
        cert("regulator").toString(), "--until", Instant.now().plus(Duration.ofDays(20)).toString().substring(0, 10));
    assertEquals(0, c.code(), c.toString());
    return env;
  }

  Cli verify(Path env, String... more) {
    List<String> args = new ArrayList<>(List.of("policy", "verify", policy.toString(), env.toString(), "--trust",
        cert("regulator").toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  Cli run(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("run", policy.toString(), "--claims",
        INCLUSIVE.resolve("claims.jsonl").toString(), "--insured", INCLUSIVE.resolve("insured.csv").toString(),
        "--out", out.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void keygenWritesAnOwnerOnlyKeyAndACertificateAndNeverReplacesFiles() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key("insurer"))));
    assertTrue(Files.readString(key("insurer")).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(Files.readString(cert("insurer")).startsWith("-----BEGIN CERTIFICATE-----"));
    String before = Files.readString(key("insurer"));
    Cli again = Cli.run("keygen", "--role", "insurer", "--name", "x", "--out-key", key("insurer").toString(),
        "--out-cert", tmp.resolve("new.crt").toString());
    assertEquals(1, again.code(), again.toString());
    assertEquals(before, Files.readString(key("insurer")));
    assertFalse(Files.exists(tmp.resolve("new.crt")));
    Cli chinese = Cli.run("keygen", "--role", "insurer", "--name", "中国人寿, 上海分公司", "--out-key",
        tmp.resolve("cn.key").toString(), "--out-cert", tmp.resolve("cn.crt").toString());
    assertEquals(0, chinese.code(), chinese.toString());
    assertTrue(chinese.out().contains("subject CN=中国人寿\\, 上海分公司,OU=insurer,O=CoSettle"), chinese.toString());
    assertFalse(chinese.out().contains("PRIVATE") || chinese.err().contains("PRIVATE"));
    Cli c = Cli.run("keygen", "--role", "auditor", "--name", "x", "--out-key", tmp.resolve("a").toString(),
        "--out-cert", tmp.resolve("b").toString());
    assertEquals(2, c.code(), c.toString());
  }

  @Test
  void anAdmittedPolicyVerifiesAndEachBrokenRuleIsNamed() throws Exception {
    Path env = admittedEnvelope();
    Cli ok = verify(env);
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().startsWith("admitted: city-inclusive-2026 version 1 (SM3 "), ok.out());

    Path unadmitted = tmp.resolve("signed-only.json");
    assertEquals(0, Cli.run("policy", "sign", policy.toString(), "--key", key("insurer").toString(), "--cert",
        cert("insurer").toString(), "--out", unadmitted.toString()).code());
    assertTrue(verify(unadmitted).err().contains("refused (UNSIGNED)"), verify(unadmitted).toString());

    Cli wrongTrust = Cli.run("policy", "verify", policy.toString(), env.toString(), "--trust", cert("platform").toString());
    assertTrue(wrongTrust.err().contains("refused (UNKNOWN_SIGNER): admitted by CN=regulator one"), wrongTrust.toString());

    Path list = tmp.resolve("revoked.json");
    Cli revoke = Cli.run("policy", "revoke", "--key", key("regulator").toString(), "--cert", cert("regulator").toString(),
        "--list", list.toString(), "--envelope", env.toString(), "--reason", "deductible misfiled");
    assertEquals(0, revoke.code(), revoke.toString());
    Cli revoked = verify(env, "--revoked", list.toString());
    assertEquals(1, revoked.code());
    assertTrue(revoked.err().contains("refused (REVOKED): the policy was revoked at "), revoked.toString());
    assertTrue(revoked.err().contains(": deductible misfiled"), revoked.toString());

    Files.writeString(policy, Files.readString(policy).replace("80%", "85%"));
    Cli modified = verify(env);
    assertEquals(1, modified.code());
    assertTrue(modified.err().startsWith(policy + ": refused (MODIFIED): the policy was modified after signing"),
        modified.toString());
  }

  @Test
  void runRequiringAdmissionRefusesAModifiedPolicyAndWritesNothing() throws Exception {
    Path env = admittedEnvelope();
    Path out = tmp.resolve("r.csv");
    Cli ok = run(out, "--require-admitted", env.toString(), "--trust", cert("regulator").toString());
    assertEquals(0, ok.code(), ok.toString());
    assertEquals(Files.readString(INCLUSIVE.resolve("expected.csv")), Files.readString(out));

    Files.writeString(policy, Files.readString(policy) + "# a comment changes what was admitted\n");
    Path out2 = tmp.resolve("r2.csv");
    Cli refused = run(out2, "--require-admitted", env.toString(), "--trust", cert("regulator").toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("refused (MODIFIED)"), refused.toString());
    assertTrue(refused.err().contains("nothing written"), refused.toString());
    assertFalse(Files.exists(out2));

    Cli usage = run(out2, "--require-admitted", env.toString());
    assertEquals(2, usage.code(), usage.toString());
    assertTrue(usage.err().contains("--trust is required with --require-admitted"), usage.toString());
  }

  /** Unsigned consent records for every insured person of the example, but P0002 consents to marketing only. */
  Path consents() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(INCLUSIVE.resolve("insured.csv")).subList(1, Files.readAllLines(INCLUSIVE.resolve("insured.csv")).size())) {
      String id = line.substring(0, line.indexOf(','));
      sb.append("{\"consent_id\":\"CN-").append(id).append("\",\"insured_id\":\"").append(id)
          .append("\",\"insurer\":\"INS-01\",\"purpose\":\"").append(id.equals("P0002") ? "marketing" : "claim_settlement")
          .append("\",\"scope\":[\"*\"],\"valid_from\":\"2026-01-01T00:00:00Z\",\"valid_until\":\"2099-12-31T23:59:59Z\","
              + "\"revoked_at\":null}\n");
    }
    Path unsigned = tmp.resolve("consents.unsigned.jsonl");
    Files.writeString(unsigned, sb);
    Path signed = tmp.resolve("consents.jsonl");
    Cli c = Cli.run("consent", "sign", unsigned.toString(), "--key", key("platform").toString(), "--cert",
        cert("platform").toString(), "--out", signed.toString());
    assertEquals(0, c.code(), c.toString());
    return signed;
  }

  @Test
  void onlyConsentedClaimsAreSettledAndTheOthersListedWithTheirReason() throws Exception {
    Path signed = consents();
    Path out = tmp.resolve("r.csv");
    Path left = tmp.resolve("unconsented.jsonl");
    Cli c = run(out, "--consents", signed.toString(), "--consent-trust", cert("platform").toString(),
        "--insurer-id", "INS-01", "--purpose", "claim_settlement", "--unconsented-out", left.toString());
    assertEquals(0, c.code(), c.toString());
    List<String> claimsOfP0002 = new ArrayList<>();
    for (String line : Files.readAllLines(INCLUSIVE.resolve("claims.jsonl"))) {
      if (line.contains("\"insured_id\": \"P0002\"")) {
        int start = line.indexOf("\"id\": \"") + 7;
        claimsOfP0002.add(line.substring(start, line.indexOf('"', start)));
      }
    }
    assertFalse(claimsOfP0002.isEmpty());
    List<String> rows = Files.readAllLines(out);
    List<String> expected = new ArrayList<>();
    for (String row : Files.readAllLines(INCLUSIVE.resolve("expected.csv"))) {
      if (!claimsOfP0002.contains(row.substring(0, row.indexOf(',')))) {
        expected.add(row);
      }
    }
    assertEquals(expected, rows);
    List<String> listed = Files.readAllLines(left);
    assertEquals(claimsOfP0002.size(), listed.size());
    assertTrue(listed.get(0).contains("\"reason\":\"OTHER_PURPOSE\""), listed.get(0));
    assertTrue(c.err().contains(claimsOfP0002.size() + " claim(s) without a valid consent were not evaluated"), c.toString());

    // a tampered consent file stops the batch, located, with nothing written
    Files.writeString(signed, Files.readString(signed).replace("\"CN-P0002\",\"insured_id\":\"P0002\",\"insurer\":\"INS-01\","
        + "\"purpose\":\"marketing\"", "\"CN-P0002\",\"insured_id\":\"P0002\",\"insurer\":\"INS-01\",\"purpose\":\"claim_settlement\""));
    Path out2 = tmp.resolve("r2.csv");
    Cli bad = run(out2, "--consents", signed.toString(), "--consent-trust", cert("platform").toString(),
        "--insurer-id", "INS-01", "--purpose", "claim_settlement");
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.err().contains(signed + ":3: signature: does not verify"), bad.toString());
    assertFalse(Files.exists(out2));

    // signed by a key nobody trusts
    Cli unknown = run(out2, "--consents", signed.toString(), "--consent-trust", cert("regulator").toString(),
        "--insurer-id", "INS-01", "--purpose", "claim_settlement");
    assertTrue(unknown.err().contains(signed + ":1: signer: signed by key "), unknown.toString());
    assertFalse(Files.exists(out2));
  }

  @Test
  void oneInsurerIdNamesTheInsurerOfTheConsentsAndOfTheSettlementIds() throws Exception {
    Path signed = consents();
    Path settlements = tmp.resolve("ins.settlements.jsonl");
    Cli c = run(tmp.resolve("ins.csv"), "--consents", signed.toString(), "--consent-trust", cert("platform").toString(),
        "--insurer-id", "INS-01", "--purpose", "claim_settlement", "--settlements-out", settlements.toString());
    assertEquals(0, c.code(), c.toString());
    String first = Files.readAllLines(settlements).get(0);
    assertTrue(first.contains("\"insurer_id\":\"INS-01\"") && first.contains("\"settlement_id\":\"INS-01-"), first);

    // the former name still works, hidden from the help
    Path former = tmp.resolve("former.settlements.jsonl");
    assertEquals(0, run(tmp.resolve("former.csv"), "--consents", signed.toString(), "--consent-trust",
        cert("platform").toString(), "--insurer", "INS-01", "--purpose", "claim_settlement", "--settlements-out",
        former.toString()).code());
    assertEquals(Files.readString(settlements), Files.readString(former));
    String help = Cli.run("run", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("--insurer-id=ID the insurer settling: the consents must name it, "
        + "and settlement ids are ID-<claim id>"), help);
    assertFalse(help.contains("--insurer="), help);

    Cli both = run(tmp.resolve("both.csv"), "--insurer-id", "INS-01", "--insurer", "INS-02");
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().startsWith("cosettle run: --insurer is the former name of --insurer-id: give one of them\n"),
        both.toString());
    Cli missing = run(tmp.resolve("missing.csv"), "--consents", signed.toString(), "--consent-trust",
        cert("platform").toString(), "--purpose", "claim_settlement");
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("--consents needs --consent-trust, --insurer-id and --purpose"), missing.toString());
  }

  @Test
  void onTheHandshakePlatformTheInsurerIdIsThePinnedPeer() {
    Path keys = PartyKeys.dir();
    Cli c = Cli.run("handshake", "platform", policy.toString(), "--claims", INCLUSIVE.resolve("claims.jsonl").toString(),
        "--listen", "127.0.0.1:0", "--key", keys.resolve("plat.key").toString(), "--cert",
        keys.resolve("plat.crt").toString(), "--peer-cert", keys.resolve("ins.crt").toString(), "--insurer-id", "INS-02");
    assertEquals(2, c.code(), c.toString());
    assertTrue(c.err().startsWith("cosettle handshake platform: --insurer-id INS-02 is not the pinned peer INS-01: the "
        + "consents must name the insurer this platform settles with\n"), c.toString());
  }

  Cli audited(Path log, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("--audit", log.toString(), "--audit-key", key("platform").toString(),
        "--audit-cert", cert("platform").toString(), "--states-out", tmp.resolve("states-" + out.getFileName()).toString()));
    args.addAll(List.of(more));
    return run(out, args.toArray(String[]::new));
  }

  @Test
  void aBatchIsSettledOnceUnlessForcedAndTheLogVerifies() throws Exception {
    Path log = tmp.resolve("audit.jsonl");
    Path env = admittedEnvelope();
    Cli first = audited(log, tmp.resolve("r1.csv"), "--require-admitted", env.toString(), "--trust",
        cert("regulator").toString());
    assertEquals(0, first.code(), first.toString());
    List<String> events = Files.readAllLines(log);
    assertEquals(2, events.size());
    assertTrue(events.get(0).contains("\"type\":\"admission\""), events.get(0));
    assertTrue(events.get(1).contains("\"type\":\"run\""), events.get(1));
    assertTrue(events.get(1).contains("\"batch_sm3\":\"" + org.cosettle.platform.trust.Digests.sm3(
        INCLUSIVE.resolve("claims.jsonl")) + "\""), events.get(1));
    assertTrue(events.get(1).contains("\"results\":\"" + org.cosettle.platform.trust.Digests.sm3(
        Files.readString(tmp.resolve("r1.csv"))) + "\""), events.get(1));
    assertFalse(events.get(1).contains("C00000"), "no claim data in the log");

    Cli second = audited(log, tmp.resolve("r2.csv"));
    assertEquals(1, second.code(), second.toString());
    assertTrue(second.err().contains(log + ":2: this batch (SM3 "), second.toString());
    assertTrue(second.err().contains("already settled with this policy at event 1"), second.toString());
    assertFalse(Files.exists(tmp.resolve("r2.csv")));
    assertFalse(Files.exists(tmp.resolve("states-r2.csv")));
    assertEquals(2, Files.readAllLines(log).size());

    Cli forced = audited(log, tmp.resolve("r3.csv"), "--force");
    assertEquals(0, forced.code(), forced.toString());
    assertTrue(Files.readAllLines(log).get(2).contains("\"forced\":true"));

    Cli checkpoint = Cli.run("audit", "checkpoint", log.toString(), "--key", key("platform").toString(), "--cert",
        cert("platform").toString());
    assertEquals(0, checkpoint.code(), checkpoint.toString());
    Cli anchor = Cli.run("audit", "anchor", log.toString());
    assertEquals(0, anchor.code(), anchor.toString());
    assertTrue(anchor.out().startsWith("4:"), anchor.out());
    Cli verified = Cli.run("audit", "verify", log.toString(), "--trust", cert("platform").toString(), "--anchor",
        anchor.out().strip());
    assertEquals(0, verified.code(), verified.toString());
    assertTrue(verified.out().contains("verified: 4 events chained, 1 signed checkpoint(s), the last at event 3"),
        verified.toString());

    List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(0, 3));
    Cli truncated = Cli.run("audit", "verify", log.toString(), "--trust", cert("platform").toString(), "--anchor",
        anchor.out().strip());
    assertEquals(1, truncated.code());
    assertTrue(truncated.err().contains("line 4 (event 3): truncated: the anchor covers 4 events, the log has 3"),
        truncated.toString());

    lines.set(1, lines.get(1).replace("\"forced\":false", "\"forced\":true"));
    Files.write(log, lines);
    Cli changed = Cli.run("audit", "verify", log.toString(), "--trust", cert("platform").toString());
    assertEquals(1, changed.code());
    assertTrue(changed.err().contains("line 3 (event 2): 'prev' is not the SM3 hash of line 2"), changed.toString());
    Cli refusedOnBrokenLog = audited(log, tmp.resolve("r4.csv"), "--force");
    assertEquals(1, refusedOnBrokenLog.code());
    assertTrue(refusedOnBrokenLog.err().contains("the audit log is broken"), refusedOnBrokenLog.toString());
    assertFalse(Files.exists(tmp.resolve("r4.csv")));
  }

  @Test
  void aKeyOfAnotherPartyOrAnExpiredCertificateIsRefusedWithNothingWritten() throws Exception {
    Path env = tmp.resolve("e.json");
    Cli wrongKey = Cli.run("policy", "sign", policy.toString(), "--key", key("regulator").toString(), "--cert",
        cert("insurer").toString(), "--out", env.toString());
    assertEquals(1, wrongKey.code());
    assertTrue(wrongKey.err().startsWith(key("regulator") + ": this key does not belong to the certificate"),
        wrongKey.toString());
    assertFalse(Files.exists(env));

    PartyIdentity old = PartyIdentity.generate(Role.INSURER, "old", Instant.parse("2020-01-01T00:00:00Z"),
        Duration.ofDays(10), Prg.create());
    KeyFiles.writeIdentity(old, tmp.resolve("old.key"), tmp.resolve("old.crt"));
    Cli expired = Cli.run("policy", "sign", policy.toString(), "--key", tmp.resolve("old.key").toString(), "--cert",
        tmp.resolve("old.crt").toString(), "--out", env.toString());
    assertEquals(1, expired.code());
    assertTrue(expired.err().contains("old.crt: certificate CN=old,OU=insurer,O=CoSettle expired at 2020-01-11T00:00:00Z"),
        expired.toString());
    assertFalse(Files.exists(env));

    // a tampered envelope is not approved, and the file is left as it was
    Path signed = tmp.resolve("signed.json");
    assertEquals(0, Cli.run("policy", "sign", policy.toString(), "--key", key("insurer").toString(), "--cert",
        cert("insurer").toString(), "--out", signed.toString()).code());
    String tampered = Files.readString(signed).replace("\"version\":1", "\"version\":2");
    Files.writeString(signed, tampered);
    Cli approve = Cli.run("policy", "approve", signed.toString(), "--key", key("regulator").toString(), "--cert",
        cert("regulator").toString(), "--until", "2099-01-01");
    assertEquals(1, approve.code());
    assertTrue(approve.err().contains("the insurer's signature does not verify"), approve.toString());
    assertEquals(tampered, Files.readString(signed));

    // a malformed consent record to sign: located, nothing written
    Path records = tmp.resolve("records.jsonl");
    Files.writeString(records, "{\"consent_id\":\"CN-1\"}\n");
    Cli consent = Cli.run("consent", "sign", records.toString(), "--key", key("platform").toString(), "--cert",
        cert("platform").toString(), "--out", tmp.resolve("signed.jsonl").toString());
    assertEquals(1, consent.code());
    assertTrue(consent.err().startsWith(records + ":1: "), consent.toString());
    assertFalse(Files.exists(tmp.resolve("signed.jsonl")));

    // a trust file that is no certificate
    Cli garbage = Cli.run("audit", "verify", records.toString(), "--trust", key("platform").toString());
    assertEquals(1, garbage.code());
    assertTrue(garbage.err().startsWith(key("platform") + ": not an SM2 certificate"), garbage.toString());

    Files.writeString(env, "{\"format\":\"cosettle-policy-envelope/1\"}\n");
    Cli malformed = verify(env);
    assertEquals(1, malformed.code());
    assertTrue(malformed.err().startsWith(env + ":1: "), malformed.toString());
  }

  @Test
  void reconcileAndClearAppendVerifiableEventsWithDigestsOnly() throws Exception {
    Path p = tmp.resolve("p.jsonl");
    Path in = tmp.resolve("i.jsonl");
    assertEquals(0, Cli.run("gen-settlements", "--count", "500", "--seed", "3", "--from", "2026-03-01", "--days", "31",
        "--platform-out", p.toString(), "--insurer-out", in.toString()).code());
    Path log = tmp.resolve("audit.jsonl");
    List<String> auditArgs = List.of("--audit", log.toString(), "--audit-key", key("platform").toString(),
        "--audit-cert", cert("platform").toString());
    List<String> recon = new ArrayList<>(List.of("reconcile", "--platform", p.toString(), "--counterparty", in.toString(),
        "--from", "2026-03-01", "--to", "2026-03-31", "--out", tmp.resolve("d.csv").toString(),
        "--summary", tmp.resolve("s.csv").toString()));
    recon.addAll(auditArgs);
    Cli r = Cli.run(recon.toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
    List<String> clear = new ArrayList<>(List.of("clear", "--records", p.toString(), "--month", "2026-03",
        "--reconciliation", tmp.resolve("d.csv").toString(), "--out", tmp.resolve("c.csv").toString()));
    clear.addAll(auditArgs);
    Cli c = Cli.run(clear.toArray(String[]::new));
    assertEquals(0, c.code(), c.toString());
    List<String> events = Files.readAllLines(log);
    assertEquals(2, events.size());
    assertTrue(events.get(0).contains("\"type\":\"reconciliation\"") && events.get(0).contains("detail_sm3"), events.get(0));
    assertTrue(events.get(1).contains("\"type\":\"clearing\"") && events.get(1).contains("reconciliation_sm3"), events.get(1));
    // digests only: no settlement id of the records appears in the log
    String firstId = Files.readAllLines(p).get(0).replaceAll(".*\"settlement_id\":\"([^\"]+)\".*", "$1");
    assertFalse(Files.readString(log).contains(firstId), firstId);
    Cli v = Cli.run("audit", "verify", log.toString(), "--trust", cert("platform").toString());
    assertEquals(0, v.code(), v.toString());
    Cli half = Cli.run("clear", "--records", p.toString(), "--month", "2026-03", "--out", tmp.resolve("c2.csv").toString(),
        "--audit", log.toString());
    assertEquals(2, half.code(), half.toString());
  }
}
