package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.transport.TransportFiles;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handshake mode as two organisations run it: {@code cosettle handshake platform} and {@code
 * cosettle handshake insurer} in two JVMs over 127.0.0.1, each given only its own files. Every
 * file each party writes equals the plaintext evaluator's, split by recipient; a refusal or a
 * failure ends both with one line and no file.
 */
class TwoProcessHandshakeTest {
  static final Path CONFORMANCE = Path.of("..", "testdata", "conformance").toAbsolutePath().normalize();
  static final Duration EXIT = Duration.ofSeconds(60);

  static final Path keys = PartyKeys.dir();

  /** The platform's arguments, given where it meets the peer ({@code --listen ...} or {@code --connect ...}). */
  static List<String> platform(Path example, Path dir, String... where) {
    List<String> args = new ArrayList<>(List.of("handshake", "platform", example.resolve("policy.cpl").toString(),
        "--claims", example.resolve("claims.jsonl").toString(), "--key", keys.resolve("plat.key").toString(),
        "--cert", keys.resolve("plat.crt").toString(), "--peer-cert", keys.resolve("ins.crt").toString(),
        "--out", dir.resolve("platform.csv").toString(), "--aggregates-out", dir.resolve("platform-aggregates.csv").toString(),
        "--timeout", "30s"));
    args.addAll(List.of(where));
    return args;
  }

  static List<String> insurer(Path example, Path dir, String... where) {
    List<String> args = new ArrayList<>(List.of("handshake", "insurer", example.resolve("policy.cpl").toString(),
        "--insured", example.resolve("insured.csv").toString(), "--key", keys.resolve("ins.key").toString(),
        "--cert", keys.resolve("ins.crt").toString(), "--peer-cert", keys.resolve("plat.crt").toString(),
        "--out", dir.resolve("insurer.csv").toString(), "--states-out", dir.resolve("insurer-states.csv").toString(),
        "--aggregates-out", dir.resolve("insurer-aggregates.csv").toString(), "--timeout", "30s"));
    if (Files.exists(example.resolve("params.json"))) {
      args.addAll(List.of("--params", example.resolve("params.json").toString()));
    }
    args.addAll(List.of(where));
    return args;
  }

  static List<String> audited(List<String> args, Path log, String who) {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("--audit", log.toString(), "--audit-key", keys.resolve(who + ".sm2.key").toString(),
        "--audit-cert", keys.resolve(who + ".sm2.crt").toString()));
    return a;
  }

  /** Both processes' exit codes, the listening one started first. */
  record Exits(int platform, int insurer, String platformErr, String insurerErr) {}

  static Exits run(Path dir, boolean insurerListens, List<String> platformArgs, List<String> insurerArgs)
      throws Exception {
    return run(dir, insurerListens, platformArgs, insurerArgs, List.of());
  }

  /** As {@link #run(Path, boolean, List, List)}, the insurer's JVM with {@code insurerJvm} options. */
  static Exits run(Path dir, boolean insurerListens, List<String> platformArgs, List<String> insurerArgs,
      List<String> insurerJvm) throws Exception {
    List<String> listenerArgs = new ArrayList<>(insurerListens ? insurerArgs : platformArgs);
    listenerArgs.addAll(List.of("--listen", "127.0.0.1:0"));
    try (CosettleProcess listener = CosettleProcess.start(dir, insurerListens ? "insurer" : "platform",
        insurerListens ? insurerJvm : List.of(), listenerArgs.toArray(String[]::new))) {
      int port = listener.listeningPort(EXIT);
      List<String> diallerArgs = new ArrayList<>(insurerListens ? platformArgs : insurerArgs);
      diallerArgs.addAll(List.of("--connect", "127.0.0.1:" + port));
      try (CosettleProcess dialler = CosettleProcess.start(dir, insurerListens ? "platform" : "insurer",
          insurerListens ? List.of() : insurerJvm, diallerArgs.toArray(String[]::new))) {
        int d = dialler.exitCode(EXIT);
        int l = listener.exitCode(EXIT);
        return insurerListens ? new Exits(d, l, dialler.err(), listener.err())
            : new Exits(l, d, listener.err(), dialler.err());
      }
    }
  }

  /** What each party must write for {@code example}: the plaintext evaluator's files split by recipient. */
  record Expected(String platformResults, String insurerResults, String states, String platformAggregates,
      String insurerAggregates) {}

  static Expected expected(Path example) throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl", Files.readString(example.resolve("policy.cpl"))))
        .policy();
    List<Claim> claims = ClaimsFile.read(example.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile insured = InsuredFile.read(example.resolve("insured.csv"), "insured.csv", policy.stateNames(), 10);
    Path params = example.resolve("params.json");
    BatchResult all = Evaluator.evaluate(policy, claims, insured,
        PrivateParams.read(Files.exists(params) ? params : null, "params.json", policy));
    List<String> ids = claims.stream().map(Claim::id).toList();
    String[] results = new String[2];
    String[] aggregates = new String[2];
    for (Party party : Party.values()) {
      long[][] outputs = new long[policy.outputs().size()][];
      for (int o = 0; o < outputs.length; o++) {
        outputs[o] = policy.outputs().get(o).isFor(party) ? all.outputColumn(o) : null;
      }
      results[party.ordinal()] = BatchResult.resultsCsv(policy, ids, outputs);
      boolean any = policy.aggregates().stream().anyMatch(a -> a.isFor(party));
      aggregates[party.ordinal()] = !any ? null : BatchResult.aggregatesCsv(all.aggregates().stream()
          .filter(r -> policy.aggregates().stream().anyMatch(a -> a.name().equals(r.aggregate()) && a.isFor(party)))
          .toList());
    }
    return new Expected(results[0], results[1], all.statesCsv(), aggregates[0], aggregates[1]);
  }

  static void assertFiles(Path dir, Expected want) throws Exception {
    assertEquals(want.platformResults(), Files.readString(dir.resolve("platform.csv")), "platform results");
    assertEquals(want.insurerResults(), Files.readString(dir.resolve("insurer.csv")), "insurer results");
    assertEquals(want.states(), Files.readString(dir.resolve("insurer-states.csv")), "insurer states");
    assertOptional(want.platformAggregates(), dir.resolve("platform-aggregates.csv"));
    assertOptional(want.insurerAggregates(), dir.resolve("insurer-aggregates.csv"));
  }

  static void assertOptional(String want, Path file) throws Exception {
    if (want == null) {
      assertFalse(Files.exists(file), file + " is not addressed to this party");
    } else {
      assertEquals(want, Files.readString(file), file.toString());
    }
  }

  static void assertNothingWritten(Path dir) {
    for (String f : List.of("platform.csv", "insurer.csv", "insurer-states.csv", "platform-aggregates.csv",
        "insurer-aggregates.csv")) {
      assertFalse(Files.exists(dir.resolve(f)), f + " written after a failure");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive", "special-drug", "hospital-totals"})
  void eachPartyInItsOwnProcessWritesExactlyItsShareOfThePlaintextFiles(String name, @TempDir Path dir)
      throws Exception {
    Path example = CONFORMANCE.resolve(name);
    boolean insurerListens = name.equals("special-drug");
    Exits exits = run(dir, insurerListens, platform(example, dir), insurer(example, dir));
    assertEquals(0, exits.platform(), exits.platformErr());
    assertEquals(0, exits.insurer(), exits.insurerErr());
    assertFiles(dir, expected(example));
  }

  @Test
  void anotherPolicyVersionIsRefusedOnBothSidesWithOneLine(@TempDir Path dir) throws Exception {
    Path example = CONFORMANCE.resolve("inclusive");
    Path v2 = dir.resolve("policy-v2.cpl");
    Files.writeString(v2, Files.readString(example.resolve("policy.cpl")).replaceFirst("version 1", "version 2"));
    List<String> insurerArgs = insurer(example, dir);
    insurerArgs.set(2, v2.toString());
    Exits exits = run(dir, false, platform(example, dir), insurerArgs);
    assertEquals(1, exits.platform(), exits.platformErr());
    assertEquals(1, exits.insurer(), exits.insurerErr());
    for (String err : List.of(exits.platformErr(), exits.insurerErr())) {
      assertTrue(err.contains("the listening party has city-inclusive-2026 v1 (digest "), err);
      assertTrue(err.contains("the dialling party has city-inclusive-2026 v2 (digest "), err);
      assertTrue(err.contains("nothing written"), err);
    }
    assertNothingWritten(dir);
  }

  @Test
  void aPeerWithAnotherCertificateIsRefusedOnBothSides(@TempDir Path dir) throws Exception {
    Path example = CONFORMANCE.resolve("inclusive");
    List<String> insurerArgs = insurer(example, dir);
    insurerArgs.set(insurerArgs.indexOf(keys.resolve("ins.key").toString()), keys.resolve("stranger.key").toString());
    insurerArgs.set(insurerArgs.indexOf(keys.resolve("ins.crt").toString()), keys.resolve("stranger.crt").toString());
    List<String> platformArgs = platform(example, dir);
    platformArgs.set(platformArgs.indexOf("30s"), "8s");
    Exits exits = run(dir, false, platformArgs, insurerArgs);
    assertEquals(1, exits.insurer(), exits.insurerErr());
    assertTrue(exits.insurerErr().contains("TLS"), exits.insurerErr());
    // the platform keeps waiting for its pinned peer (a stranger cannot end its session), then says who it refused
    assertEquals(1, exits.platform(), exits.platformErr());
    assertTrue(exits.platformErr().contains("no peer opened a session within 8 s (TLS refused a peer: the peer's"
        + " certificate (sha256 "), exits.platformErr());
    assertTrue(exits.platformErr().contains(") is not the pinned one"), exits.platformErr());
    assertNothingWritten(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"expired", "not yet valid"})
  void aCertificateOutsideItsValidityIsRefusedByEachPartyWithItsDate(String which, @TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    boolean expired = which.equals("expired");
    TransportFiles.writeIdentity(TransportIdentity.generate("INS-01",
        expired ? now.minus(Duration.ofDays(30)) : now.plus(Duration.ofDays(1)),
        expired ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(30))), dir.resolve("old.key"),
        dir.resolve("old.crt"));
    Path example = CONFORMANCE.resolve("inclusive");
    // the platform given it as the pinned peer, and the insurer given it as its own identity: both refuse at once
    List<String> p = platform(example, dir, "--listen", "127.0.0.1:0");
    p.set(p.indexOf(keys.resolve("ins.crt").toString()), dir.resolve("old.crt").toString());
    List<String> i = insurer(example, dir, "--connect", "127.0.0.1:1");
    i.set(i.indexOf(keys.resolve("ins.key").toString()), dir.resolve("old.key").toString());
    i.set(i.indexOf(keys.resolve("ins.crt").toString()), dir.resolve("old.crt").toString());
    for (List<String> args : List.of(p, i)) {
      try (CosettleProcess party = CosettleProcess.start(dir, args.get(1), args.toArray(String[]::new))) {
        assertEquals(1, party.exitCode(EXIT), party.err());
        assertTrue(party.err().contains(dir.resolve("old.crt").toString()), party.err());
        assertTrue(party.err().contains(expired ? "expired on" : "is valid only from"), party.err());
        assertTrue(party.err().contains("nothing written"), party.err());
      }
    }
    assertNothingWritten(dir);
  }

  @Test
  void aBatchSettledOnceIsRefusedOnBothSidesTheSecondTime(@TempDir Path dir) throws Exception {
    Path example = CONFORMANCE.resolve("inclusive");
    Path platformLog = dir.resolve("platform-audit.jsonl");
    Path insurerLog = dir.resolve("insurer-audit.jsonl");
    List<String> p = audited(platform(example, dir), platformLog, "plat");
    List<String> i = audited(insurer(example, dir), insurerLog, "ins");
    Exits first = run(dir, false, p, i);
    assertEquals(0, first.platform(), first.platformErr());
    assertEquals(0, first.insurer(), first.insurerErr());
    String batch = lastEvent(platformLog);
    assertTrue(batch.contains("\"type\":\"run\""), batch);
    String batchSm3 = field(batch, "batch_sm3");
    for (String log : List.of(batch, lastEvent(insurerLog))) {
      // both TLS identities of the session, in the record the party's SM2 key signs
      assertTrue(log.contains("\"platform_tls_sha256\":\"" + TransportIdentity.fingerprint(
          TransportFiles.readPeerCertificate(keys.resolve("plat.crt"), Instant.now())) + "\""), log);
      assertTrue(log.contains("\"insurer_tls_sha256\":\"" + TransportIdentity.fingerprint(
          TransportFiles.readPeerCertificate(keys.resolve("ins.crt"), Instant.now())) + "\""), log);
    }
    assertEquals(batchSm3, field(lastEvent(insurerLog), "batch_sm3"), "both name the batch alike");
    for (String f : List.of("platform.csv", "insurer.csv", "insurer-states.csv")) {
      Files.delete(dir.resolve(f));
    }
    Exits second = run(dir, false, p, i);
    assertEquals(1, second.platform(), second.platformErr());
    assertEquals(1, second.insurer(), second.insurerErr());
    for (String err : List.of(second.platformErr(), second.insurerErr())) {
      assertTrue(err.contains("was already settled with this policy"), err);
    }
    assertNothingWritten(dir);
    assertTrue(lastEvent(platformLog).contains("\"type\":\"session_failed\""), lastEvent(platformLog));
    assertTrue(lastEvent(insurerLog).contains("\"reason\":\"ALREADY_SETTLED\""), lastEvent(insurerLog));
  }

  /**
   * The insurer dies (as {@code kill -9}) in the instant between the peers' commit and its own:
   * after both said they were ready, or after it recorded the run but before its files were
   * renamed. The platform committed. A rerun of both finishes the insurer from the files it staged,
   * checked against the digests its audit log recorded (its settlement records too), and the
   * platform refuses the batch as settled: every file equals an undisturbed run's, and the batch is
   * counted once on each side.
   */
  @ParameterizedTest
  @ValueSource(strings = {CrashPoint.AFTER_READY, CrashPoint.AFTER_RECORD})
  void anInsurerThatDiesWhileCommittingFinishesFromWhatItStagedOnTheRerun(String point, @TempDir Path dir)
      throws Exception {
    Path example = CONFORMANCE.resolve("inclusive");
    Path platformLog = dir.resolve("platform-audit.jsonl");
    Path insurerLog = dir.resolve("insurer-audit.jsonl");
    List<String> p = audited(platform(example, dir), platformLog, "plat");
    Path records = dir.resolve("insurer-settlements.jsonl");
    List<String> i = audited(insurer(example, dir, "--settlements-out", records.toString()), insurerLog, "ins");
    Exits crashed = run(dir, false, p, i, List.of("-Dcosettle.crash.at=" + point));
    assertEquals(0, crashed.platform(), crashed.platformErr());
    assertEquals(137, crashed.insurer(), crashed.insurerErr());
    assertFalse(Files.exists(dir.resolve("insurer.csv")), "nothing published before the crash");
    assertTrue(Files.exists(dir.resolve(".insurer.csv.staged")), "the results were staged");
    String staged = Files.readString(dir.resolve(".insurer-settlements.jsonl.staged"));
    assertTrue(lastEvent(insurerLog).contains(point.equals(CrashPoint.AFTER_READY) ? "\"type\":\"prepared\""
        : "\"type\":\"run\""), lastEvent(insurerLog));
    Exits rerun = run(dir, false, p, i);
    assertEquals(1, rerun.platform(), rerun.platformErr());
    assertTrue(rerun.platformErr().contains("was already settled with this policy"), rerun.platformErr());
    assertEquals(0, rerun.insurer(), rerun.insurerErr());
    assertTrue(rerun.insurerErr().contains("finished the settlement of this batch from the files staged"),
        rerun.insurerErr());
    assertFiles(dir, expected(example));
    assertEquals(staged, Files.readString(records), "the settlement records published from what was staged");
    long runs = Files.readAllLines(insurerLog).stream().filter(l -> l.contains("\"type\":\"run\"")).count();
    assertEquals(1, runs, "the insurer counts the batch once");
    if (point.equals(CrashPoint.AFTER_READY)) {
      assertTrue(lastEvent(insurerLog).contains("\"recovered\":true"), lastEvent(insurerLog));
    }
  }

  /**
   * The peer killed ({@code kill -9}) at a random moment — starting, connecting, the offline or
   * online phase, the end — leaves the other side exiting within its timeout with no result file
   * and no settlement in its audit log; a rerun (at every fourth point) then gives the same files
   * as an undisturbed run.
   * {@code -Dcosettle.kill.points=N} runs more points (20 by default).
   */
  @Test
  void aPeerKilledAtAnyMomentLeavesNoResultAndARerunGivesTheSameFiles(@TempDir Path root) throws Exception {
    Path example = CONFORMANCE.resolve("inclusive");
    Expected want = expected(example);
    int points = Integer.getInteger("cosettle.kill.points", 20);
    long seed = new SecureRandom().nextLong();
    Random random = new Random(seed);
    int interrupted = 0;
    int recoveries = 0;
    for (int k = 0; k < points; k++) {
      Path dir = Files.createDirectory(root.resolve("kill-" + k));
      boolean killPlatform = k % 2 == 0;
      long delayMillis = random.nextInt(2500);
      String where = "point " + k + " (seed " + seed + ", killing the " + (killPlatform ? "platform" : "insurer")
          + " after " + delayMillis + " ms)";
      List<String> p = audited(platform(example, dir), dir.resolve("platform-audit.jsonl"), "plat");
      List<String> i = audited(insurer(example, dir), dir.resolve("insurer-audit.jsonl"), "ins");
      // a platform killed before the insurer dials leaves the insurer dialling until its timeout
      p.set(p.indexOf("30s"), "8s");
      i.set(i.indexOf("30s"), "8s");
      p.addAll(List.of("--listen", "127.0.0.1:0"));
      try (CosettleProcess platform = CosettleProcess.start(dir, "platform", p.toArray(String[]::new))) {
        int port = platform.listeningPort(EXIT);
        i.addAll(List.of("--connect", "127.0.0.1:" + port));
        try (CosettleProcess insurer = CosettleProcess.start(dir, "insurer", i.toArray(String[]::new))) {
          Thread.sleep(delayMillis);
          CosettleProcess victim = killPlatform ? platform : insurer;
          CosettleProcess survivor = killPlatform ? insurer : platform;
          boolean wasRunning = victim.isAlive();
          victim.kill();
          int code = survivor.exitCode(EXIT);
          Path survivorLog = dir.resolve((killPlatform ? "insurer" : "platform") + "-audit.jsonl");
          boolean survivorCommitted = code == 0;
          if (survivorCommitted) {
            // the victim died after both said they were ready: the survivor's files are complete,
            // and the rerun below must let the victim finish from what it staged
            String file = killPlatform ? "insurer.csv" : "platform.csv";
            assertEquals(killPlatform ? want.insurerResults() : want.platformResults(),
                Files.readString(dir.resolve(file)), where);
            recoveries += wasRunning ? 1 : 0;
          }
          if (wasRunning && !survivorCommitted) {
            interrupted++;
          }
          if (!survivorCommitted) {
            assertTrue(survivor.err().contains("nothing written"), where + ": " + survivor.err());
            for (String f : killPlatform ? List.of("insurer.csv", "insurer-states.csv") : List.of("platform.csv")) {
              assertFalse(Files.exists(dir.resolve(f)), where + ": " + f);
            }
            if (Files.exists(survivorLog) && Files.size(survivorLog) > 0) {
              assertFalse(Files.readString(survivorLog).contains("\"type\":\"run\""),
                  where + ": no settlement recorded");
            }
          }
        }
      }
      if (k % 4 != 3 && !Files.exists(dir.resolve(killPlatform ? "insurer.csv" : "platform.csv"))) {
        continue;
      }
      // (every fourth point, and every point where the survivor committed) a rerun of both, with
      // the same audit logs and the same files, ends with every file of an undisturbed run: each
      // side settles afresh, finishes from what it staged before the kill, or — having committed
      // already — refuses the batch as settled
      Exits rerun = run(dir, false, audited(platform(example, dir), dir.resolve("platform-audit.jsonl"), "plat"),
          audited(insurer(example, dir), dir.resolve("insurer-audit.jsonl"), "ins"));
      for (String err : List.of(rerun.platformErr(), rerun.insurerErr())) {
        int exit = err == rerun.platformErr() ? rerun.platform() : rerun.insurer();
        assertTrue(exit == 0 || err.contains("was already settled with this policy"), where + ": " + err);
      }
      assertFiles(dir, want);
    }
    assertTrue(interrupted >= points / 4, interrupted + " of " + points + " kills hit a running settlement (seed "
        + seed + "; " + recoveries + " after the survivor committed)");
  }

  static String lastEvent(Path log) throws Exception {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return lines.get(lines.size() - 1).contains("\"type\":\"checkpoint\"") ? lines.get(lines.size() - 2)
        : lines.get(lines.size() - 1);
  }

  static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return json.substring(at, json.indexOf('"', at));
  }
}
