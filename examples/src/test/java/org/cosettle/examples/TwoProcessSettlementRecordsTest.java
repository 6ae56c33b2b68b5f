package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settlement records of both parties from one two-process handshake run ({@link
 * TwoProcessHandshakeTest}'s processes): the platform's full records and the insurer's payout
 * records carry the same settlement ids, and {@code cosettle reconcile} finds every settlement
 * MATCHED. Each writes them only when the payout is addressed to it.
 */
class TwoProcessSettlementRecordsTest {
  static final Path POLICY = Path.of("policies", "city-inclusive.cpl").toAbsolutePath();
  static final String DATE = "2026-12-15";

  @Test
  void bothPartiesRecordsFromOneRunReconcileWithEverySettlementMatched(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.copy(POLICY, data.resolve("policy.cpl"));
    Cli gen = Cli.run("gen", "--count", "400", "--seed", "23", "--policy", POLICY.toString(),
        "--out-claims", data.resolve("claims.jsonl").toString(), "--out-insured", data.resolve("insured.csv").toString());
    assertEquals(0, gen.code(), gen.toString());
    List<String> p = new ArrayList<>(TwoProcessHandshakeTest.platform(data, dir, "--settlements-out",
        dir.resolve("platform-settlements.jsonl").toString(), "--settlement-date", DATE));
    List<String> i = new ArrayList<>(TwoProcessHandshakeTest.insurer(data, dir, "--settlements-out",
        dir.resolve("insurer-settlements.jsonl").toString(), "--settlement-date", DATE));
    TwoProcessHandshakeTest.Exits exits = TwoProcessHandshakeTest.run(dir, false, p, i);
    assertEquals(0, exits.platform(), exits.platformErr());
    assertEquals(0, exits.insurer(), exits.insurerErr());
    List<String> insurer = Files.readAllLines(dir.resolve("insurer-settlements.jsonl"));
    assertEquals(400, insurer.size());
    // the insurer's own id (its TLS certificate's name, which the platform pinned) names the settlements on both sides
    assertTrue(insurer.get(0).startsWith("{\"settlement_id\":\"INS-01-C"), insurer.get(0));
    assertTrue(Files.readString(dir.resolve("platform-settlements.jsonl")).startsWith("{\"settlement_id\":\"INS-01-C"));
    Cli reconcile = Cli.run("reconcile", "--platform", dir.resolve("platform-settlements.jsonl").toString(),
        "--counterparty", dir.resolve("insurer-settlements.jsonl").toString(), "--from", DATE, "--to", DATE,
        "--out", dir.resolve("detail.csv").toString(), "--summary", dir.resolve("summary.csv").toString());
    assertEquals(0, reconcile.code(), reconcile.toString());
    List<String> detail = Files.readAllLines(dir.resolve("detail.csv"));
    assertEquals(401, detail.size());
    for (String row : detail.subList(1, detail.size())) {
      assertTrue(row.contains(",MATCHED," + DATE + ","), row);
    }
    assertTrue(Files.readString(dir.resolve("summary.csv")).contains("\nMATCHED,400,400,400,"),
        Files.readString(dir.resolve("summary.csv")));
  }

  @Test
  void eachPartyRefusesToWriteRecordsOfAPayoutNotAddressedToIt(@TempDir Path dir) throws Exception {
    Path example = TwoProcessHandshakeTest.CONFORMANCE.resolve("hospital-totals");
    List<String> args = TwoProcessHandshakeTest.insurer(example, dir, "--settlements-out",
        dir.resolve("insurer-settlements.jsonl").toString(), "--connect", "127.0.0.1:1");
    Cli refused = Cli.run(args.toArray(String[]::new));
    assertEquals(2, refused.code(), refused.toString());
    assertTrue(refused.err().contains("--settlements-out: output 'payout' of policy hospital-totals is not"
        + " addressed to the insurer, so the insurer cannot write settlement records from it"), refused.err());
    // and the platform, of a payout addressed to the insurer alone, before it meets the peer
    Path insurerOnly = dir.resolve("insurer-only.cpl");
    Files.writeString(insurerOnly, Files.readString(TwoProcessHandshakeTest.CONFORMANCE.resolve("inclusive/policy.cpl"))
        .replace("to insurer, data_holder", "to insurer"));
    List<String> platform = TwoProcessHandshakeTest.platform(TwoProcessHandshakeTest.CONFORMANCE.resolve("inclusive"),
        dir, "--settlements-out", dir.resolve("platform-settlements.jsonl").toString(), "--listen", "127.0.0.1:0");
    platform.set(2, insurerOnly.toString());
    Cli platformRefused = Cli.run(platform.toArray(String[]::new));
    assertEquals(2, platformRefused.code(), platformRefused.toString());
    assertTrue(platformRefused.err().contains("output 'payout' of policy city-inclusive-2026 is not addressed to the"
        + " data holder, so the data holder cannot write settlement records from it"), platformRefused.err());
    Path inclusive = TwoProcessHandshakeTest.CONFORMANCE.resolve("inclusive");
    List<String> notMoney = TwoProcessHandshakeTest.insurer(inclusive, dir, "--settlements-out",
        dir.resolve("insurer-settlements.jsonl").toString(), "--payout-output", "nope", "--connect", "127.0.0.1:1");
    Cli unknown = Cli.run(notMoney.toArray(String[]::new));
    assertEquals(2, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("--payout-output: policy city-inclusive-2026 has no output 'nope'"), unknown.err());
    assertFalse(Files.exists(dir.resolve("insurer-settlements.jsonl")));
    assertFalse(Files.exists(dir.resolve("platform-settlements.jsonl")));
  }
}
