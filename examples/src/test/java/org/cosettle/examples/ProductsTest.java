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
 * The real products of examples/products (docs/products.md), written from docs/language.md and
 * docs/files.md alone: each passes its hand-computed cases in both modes, and settles its batch
 * in both modes to the results and states files beside it, the handshake files equal to the
 * plaintext ones (the aggregates too). The batches exercise the national claim-field names, a
 * reversal in the same batch and one of an earlier batch through the ledgers (the family batch in
 * handshake mode split in two), states per drug code carried in kept shares and opened (beside a
 * family-shared deductible in one of them), a family-shared deductible per policy year, a family cap
 * beside each person's cap, a coinsurance limited per person and per family, and cumulative bands; and the
 * types sold beside them: a daily hospital cash, accident medical, an outpatient plan, a group plan with
 * a family pool, a city product paying outpatient special care, and a student plan.
 */
class ProductsTest {
  static final Path PRODUCTS = Path.of("products");
  static final List<String> NAMES = List.of("beijing-puhui-2026", "huhuibao-2022", "huiminbao-fujian-2022",
      "hunan-aiminbao", "family-million-medical", "critical-illness-lump-sum", "long-term-million-medical",
      "family-mid-range-medical", "cancer-medical", "huirongbao", "ninghuibao", "family-high-end-medical",
      "hospital-cash", "accident-medical", "outpatient-emergency", "group-supplementary",
      "huiminbao-outpatient-special", "student-plan");
  @TempDir Path tmp;

  private static String product(String file) {
    return PRODUCTS.resolve(file).toString();
  }

  /** {@code --params NAME.params.json} for a product with the insurer's private values, else nothing. */
  private static List<String> params(String name) {
    Path file = PRODUCTS.resolve(name + ".params.json");
    return Files.exists(file) ? List.of("--params", file.toString()) : List.of();
  }

  @Test
  void everyProductPassesItsCasesInBothModes() throws Exception {
    try (var files = Files.list(PRODUCTS)) {
      assertEquals(NAMES.stream().sorted().toList(), files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".cpl")).map(f -> f.substring(0, f.length() - 4)).sorted().toList());
    }
    for (String name : NAMES) {
      List<String> args = new ArrayList<>(List.of("test", "--mode", "handshake", product(name + ".cpl"), product(name + ".cases.jsonl")));
      args.addAll(params(name));
      Cli r = Cli.run(args.toArray(String[]::new));
      assertEquals(0, r.code(), name + "\n" + r);
      long cases = Files.readAllLines(PRODUCTS.resolve(name + ".cases.jsonl")).stream().filter(l -> !l.isBlank()).count();
      assertEquals(cases + " passed, 0 failed\n", r.out(), name);
    }
  }

  /** Settles one batch in {@code mode} into {@code dir}; the exit status must be 0. */
  private static void run(Path dir, String policy, String claims, String insured, String mode, String... more)
      throws Exception {
    Files.createDirectories(dir);
    List<String> args = new ArrayList<>(List.of("run", product(policy), "--claims", claims, "--insured", insured,
        "--out", dir.resolve("results.csv").toString(), "--states-out", dir.resolve("states.csv").toString(),
        "--aggregates-out", dir.resolve("aggregates.csv").toString(), "--mode", mode));
    args.addAll(params(policy.substring(0, policy.length() - 4)));
    args.addAll(List.of(more));
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), policy + " " + mode + "\n" + r);
  }

  /** The file of a batch's run, or "" when the run wrote none (a policy without aggregates). */
  private static String read(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void theBatchesWithoutStatesPerCodeSettleToTheFilesBesideThemInBothModes() throws Exception {
    for (String name : List.of("beijing-puhui-2026", "hunan-aiminbao", "critical-illness-lump-sum",
        "family-mid-range-medical", "huirongbao", "family-high-end-medical", "outpatient-emergency",
        "group-supplementary", "huiminbao-outpatient-special", "student-plan")) {
      Path plain = tmp.resolve(name).resolve("plaintext");
      Path handshake = tmp.resolve(name).resolve("handshake");
      run(plain, name + ".cpl", product(name + ".claims.jsonl"), product(name + ".insured.csv"), "plaintext");
      run(handshake, name + ".cpl", product(name + ".claims.jsonl"), product(name + ".insured.csv"), "handshake");
      assertEquals(Files.readString(PRODUCTS.resolve(name + ".results.csv")), Files.readString(plain.resolve("results.csv")), name);
      assertEquals(Files.readString(PRODUCTS.resolve(name + ".states.csv")), Files.readString(plain.resolve("states.csv")), name);
      for (String file : List.of("results.csv", "states.csv", "aggregates.csv")) {
        assertEquals(read(plain.resolve(file)), read(handshake.resolve(file)), name + " " + file);
      }
    }
    // the Beijing batch is in the national field names; it, the mid-range family plan and the group plan have an
    // aggregate by an insured field, the student plan one by visit type
    assertTrue(Files.readString(PRODUCTS.resolve("beijing-puhui-2026.claims.jsonl")).contains("\"inscp_scp_amt\""));
    for (String name : List.of("beijing-puhui-2026", "family-mid-range-medical", "group-supplementary", "student-plan")) {
      assertFalse(read(tmp.resolve(name).resolve("plaintext").resolve("aggregates.csv")).isEmpty(), name);
    }
  }

  @Test
  void theFamilyBatchSplitInTwoSettlesThroughTheLedgersOfSharesAsItDoesWhole() throws Exception {
    String name = "family-million-medical";
    List<String> claims = Files.readAllLines(PRODUCTS.resolve(name + ".claims.jsonl"));
    Path plain = tmp.resolve("plaintext");
    run(plain, name + ".cpl", product(name + ".claims.jsonl"), product(name + ".insured.csv"), "plaintext");
    assertEquals(Files.readString(PRODUCTS.resolve(name + ".results.csv")), Files.readString(plain.resolve("results.csv")));
    assertEquals(Files.readString(PRODUCTS.resolve(name + ".states.csv")), Files.readString(plain.resolve("states.csv")));
    // handshake mode: FM01..FM06, then FM07 (reversing FM02 of the first batch) and FM08
    Path one = tmp.resolve("handshake-1");
    Path two = tmp.resolve("handshake-2");
    Files.createDirectories(tmp.resolve("claims"));
    Path first = Files.write(tmp.resolve("claims").resolve("1.jsonl"), claims.subList(0, 6));
    Path second = Files.write(tmp.resolve("claims").resolve("2.jsonl"), claims.subList(6, claims.size()));
    assertTrue(claims.get(6).contains("\"reverses\":\"FM02\""), claims.get(6));
    run(one, name + ".cpl", first.toString(), product(name + ".insured.csv"), "handshake", "--ledger-out",
        one.resolve("ledger.jsonl").toString(), "--platform-ledger-out", one.resolve("platform-ledger.jsonl").toString());
    run(two, name + ".cpl", second.toString(), one.resolve("states.csv").toString(), "handshake", "--ledger",
        one.resolve("ledger.jsonl").toString(), "--platform-ledger", one.resolve("platform-ledger.jsonl").toString());
    List<String> rows = new ArrayList<>(Files.readAllLines(one.resolve("results.csv")));
    rows.addAll(Files.readAllLines(two.resolve("results.csv")).subList(1, 3));
    assertEquals(Files.readAllLines(plain.resolve("results.csv")), rows);
    assertEquals(Files.readString(plain.resolve("states.csv")), Files.readString(two.resolve("states.csv")));
    assertFalse(Files.exists(plain.resolve("aggregates.csv")) || Files.exists(two.resolve("aggregates.csv")));
  }

  @Test
  void drugCapsPerCodeSettleThroughKeptSharesAndOpenToThePlaintextStates() throws Exception {
    // long-term-million-medical keeps its values per drug beside a deductible shared by the family,
    // ninghuibao its limits per drug in the insurer's table over a public drug list
    for (String name : List.of("huhuibao-2022", "cancer-medical", "long-term-million-medical", "ninghuibao")) {
      Path plain = tmp.resolve(name).resolve("plaintext");
      Path handshake = tmp.resolve(name).resolve("handshake");
      run(plain, name + ".cpl", product(name + ".claims.jsonl"), product(name + ".insured.csv"), "plaintext");
      run(handshake, name + ".cpl", product(name + ".claims.jsonl"), product(name + ".insured.csv"), "handshake",
          "--kept-shares-out", handshake.resolve("kept.jsonl").toString(),
          "--platform-kept-shares-out", handshake.resolve("platform-kept.jsonl").toString());
      String states = Files.readString(PRODUCTS.resolve(name + ".states.csv"));
      assertEquals(Files.readString(PRODUCTS.resolve(name + ".results.csv")), Files.readString(plain.resolve("results.csv")), name);
      assertEquals(states, Files.readString(plain.resolve("states.csv")), name);
      assertEquals(Files.readString(plain.resolve("results.csv")), Files.readString(handshake.resolve("results.csv")), name);
      // handshake mode keeps the values per drug on shares: the insurer's file names the kept shares
      assertTrue(Files.readString(handshake.resolve("states.csv")).lines().findFirst().orElseThrow().endsWith(",kept_shares"), name);
      Cli open = Cli.run("handshake", "open-kept", product(name + ".cpl"), "--insured", handshake.resolve("states.csv").toString(),
          "--kept-shares", handshake.resolve("kept.jsonl").toString(),
          "--platform-kept-shares", handshake.resolve("platform-kept.jsonl").toString(),
          "--states-out", handshake.resolve("opened.csv").toString());
      assertEquals(0, open.code(), name + "\n" + open);
      assertEquals(states, Files.readString(handshake.resolve("opened.csv")), name);
    }
  }

  @Test
  void aFamilyPlanWithDrugCapsSplitInTwoSettlesThroughLedgersAndKeptSharesAsItDoesWhole() throws Exception {
    // LM01..LM05, then LM06 (reversing LM02 of the first batch) to LM12: the family's deductible,
    // the values per drug (kept shares) and the reversed claim (ledgers) carried between batches
    String name = "long-term-million-medical";
    List<String> claims = Files.readAllLines(PRODUCTS.resolve(name + ".claims.jsonl"));
    assertTrue(claims.get(5).contains("\"reverses\":\"LM02\""), claims.get(5));
    Files.createDirectories(tmp.resolve("claims"));
    Path first = Files.write(tmp.resolve("claims").resolve("1.jsonl"), claims.subList(0, 5));
    Path second = Files.write(tmp.resolve("claims").resolve("2.jsonl"), claims.subList(5, claims.size()));
    for (String mode : List.of("plaintext", "handshake")) {
      Path one = tmp.resolve(mode).resolve("1");
      Path two = tmp.resolve(mode).resolve("2");
      boolean shares = mode.equals("handshake");
      List<String> out = new ArrayList<>(List.of("--ledger-out", one.resolve("ledger.jsonl").toString()));
      List<String> in = new ArrayList<>(List.of("--ledger", one.resolve("ledger.jsonl").toString()));
      if (shares) {
        out.addAll(List.of("--platform-ledger-out", one.resolve("platform-ledger.jsonl").toString(),
            "--kept-shares-out", one.resolve("kept.jsonl").toString(),
            "--platform-kept-shares-out", one.resolve("platform-kept.jsonl").toString()));
        in.addAll(List.of("--platform-ledger", one.resolve("platform-ledger.jsonl").toString(),
            "--kept-shares", one.resolve("kept.jsonl").toString(),
            "--platform-kept-shares", one.resolve("platform-kept.jsonl").toString(),
            "--kept-shares-out", two.resolve("kept.jsonl").toString(),
            "--platform-kept-shares-out", two.resolve("platform-kept.jsonl").toString()));
      }
      run(one, name + ".cpl", first.toString(), product(name + ".insured.csv"), mode, out.toArray(String[]::new));
      run(two, name + ".cpl", second.toString(), one.resolve("states.csv").toString(), mode, in.toArray(String[]::new));
      List<String> rows = new ArrayList<>(Files.readAllLines(one.resolve("results.csv")));
      rows.addAll(Files.readAllLines(two.resolve("results.csv")).subList(1, 8));
      assertEquals(Files.readAllLines(PRODUCTS.resolve(name + ".results.csv")), rows, mode);
      Path states = two.resolve("states.csv");
      if (shares) {
        Cli open = Cli.run("handshake", "open-kept", product(name + ".cpl"), "--insured", states.toString(),
            "--kept-shares", two.resolve("kept.jsonl").toString(),
            "--platform-kept-shares", two.resolve("platform-kept.jsonl").toString(),
            "--states-out", two.resolve("opened.csv").toString());
        assertEquals(0, open.code(), open.toString());
        states = two.resolve("opened.csv");
      }
      assertEquals(Files.readString(PRODUCTS.resolve(name + ".states.csv")), Files.readString(states), mode);
    }
  }

  @Test
  void aReversalOfAnEarlierBatchSettlesThroughTheLedgersInBothModes() throws Exception {
    // the accident product's batches are in the national field names; the hospital cash reverses an int count of days
    assertTrue(Files.readString(PRODUCTS.resolve("accident-medical.claims-2.jsonl")).contains("\"psn_cash_pay\""));
    for (String name : List.of("huiminbao-fujian-2022", "hospital-cash", "accident-medical")) {
      for (String mode : List.of("plaintext", "handshake")) {
        Path one = tmp.resolve(name).resolve(mode).resolve("1");
        Path two = tmp.resolve(name).resolve(mode).resolve("2");
        boolean shares = mode.equals("handshake");
        run(one, name + ".cpl", product(name + ".claims-1.jsonl"), product(name + ".insured.csv"), mode,
            shares ? new String[] {"--ledger-out", one.resolve("ledger.jsonl").toString(), "--platform-ledger-out",
                one.resolve("platform-ledger.jsonl").toString()} : new String[] {"--ledger-out", one.resolve("ledger.jsonl").toString()});
        run(two, name + ".cpl", product(name + ".claims-2.jsonl"), one.resolve("states.csv").toString(), mode,
            shares ? new String[] {"--ledger", one.resolve("ledger.jsonl").toString(), "--platform-ledger",
                one.resolve("platform-ledger.jsonl").toString()} : new String[] {"--ledger", one.resolve("ledger.jsonl").toString()});
        for (String k : List.of("1", "2")) {
          Path dir = k.equals("1") ? one : two;
          assertEquals(Files.readString(PRODUCTS.resolve(name + ".results-" + k + ".csv")),
              Files.readString(dir.resolve("results.csv")), name + " " + mode + " batch " + k);
          assertEquals(Files.readString(PRODUCTS.resolve(name + ".states-" + k + ".csv")),
              Files.readString(dir.resolve("states.csv")), name + " " + mode + " batch " + k);
        }
      }
    }
  }
}
