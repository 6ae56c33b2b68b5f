package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path tmp;
  static final Path EXAMPLES = Path.of("..", "testdata", "conformance");

  private int run(String... args) {
    return Main.execute(args);
  }

  @Test
  void runWritesTheExpectedFilesExactly() throws Exception {
    Path d = EXAMPLES.resolve("hospital-totals");
    int code = run("run", d.resolve("policy.cpl").toString(), "--claims", d.resolve("claims.jsonl").toString(),
        "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString(),
        "--states-out", tmp.resolve("s.csv").toString(), "--aggregates-out", tmp.resolve("a.csv").toString());
    assertEquals(0, code);
    assertEquals(Files.readString(d.resolve("expected.csv")), Files.readString(tmp.resolve("r.csv")));
    assertEquals(Files.readString(d.resolve("expected_aggregates.csv")), Files.readString(tmp.resolve("a.csv")));
  }

  @Test
  void badLineGivesExitOneAndNoResultFile() throws Exception {
    Path d = EXAMPLES.resolve("inclusive");
    List<String> lines = Files.readAllLines(d.resolve("claims.jsonl"));
    lines.set(2, lines.get(2).replace("\"hospital_level\": 1", "\"hospital_level\": 7"));
    Path claims = tmp.resolve("claims.jsonl");
    Files.write(claims, lines);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = run("run", d.resolve("policy.cpl").toString(), "--claims", claims.toString(),
          "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString());
    } finally {
      System.setErr(saved);
    }
    assertEquals(1, code);
    assertFalse(Files.exists(tmp.resolve("r.csv")));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("claims.jsonl:3: hospital_level: value 7 out of bounds 1..3"), err.toString());
    // with --rejects, the bad claim is set aside and the rest settled
    assertEquals(0, run("run", d.resolve("policy.cpl").toString(), "--claims", claims.toString(),
        "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString(),
        "--rejects", tmp.resolve("rej.jsonl").toString()));
    assertEquals(40, Files.readAllLines(tmp.resolve("r.csv")).size());
    assertTrue(Files.readString(tmp.resolve("rej.jsonl")).startsWith("{\"line\":3,"));
  }

  @Test
  void checkExitsOneOnErrorsAndTwoOnUsage() {
    assertEquals(1, run("check", Path.of("..", "testdata", "diagnostics", "three-mistakes.cpl").toString()));
    assertEquals(0, run("check", EXAMPLES.resolve("special-drug").resolve("policy.cpl").toString()));
    assertEquals(2, run("run"));
    assertEquals(2, run("frobnicate"));
  }

  @Test
  void handshakeModeWritesExactlyThePlaintextFiles() throws Exception {
    for (String name : new String[] {"inclusive", "hospital-totals", "special-drug"}) {
      Path d = EXAMPLES.resolve(name);
      Path out = tmp.resolve(name);
      Files.createDirectories(out);
      String[] args = {"run", d.resolve("policy.cpl").toString(), "--claims", d.resolve("claims.jsonl").toString(),
          "--insured", d.resolve("insured.csv").toString(), "--out", out.resolve("r.csv").toString(),
          "--states-out", out.resolve("s.csv").toString(), "--aggregates-out", out.resolve("a.csv").toString(),
          "--params", d.resolve("params.json").toString(), "--mode", "handshake"};
      if (!Files.exists(d.resolve("params.json"))) {
        args = java.util.Arrays.stream(args).filter(a -> !a.equals("--params") && !a.endsWith("params.json"))
            .toArray(String[]::new);
      }
      Cli r = Cli.run(args);
      assertEquals(0, r.code(), r.toString());
      assertEquals(Files.readString(d.resolve("expected.csv")), Files.readString(out.resolve("r.csv")), name);
      assertEquals(Files.readString(d.resolve("expected_states.csv")), Files.readString(out.resolve("s.csv")), name);
      if (Files.exists(d.resolve("expected_aggregates.csv"))) {
        assertEquals(Files.readString(d.resolve("expected_aggregates.csv")), Files.readString(out.resolve("a.csv")), name);
      }
    }
  }

  @Test
  void claimLevelPrivateLookupsRunInHandshakeModeAsInPlaintext() throws Exception {
    Path d = EXAMPLES.resolve("inclusive");
    Path policy = tmp.resolve("caps.cpl");
    Files.writeString(policy, """
        policy "caps" version 1
        private table diagnosis_cap: money by code size 5000 default 500.00
        private param excluded: set<code>
        state deductible_used: money
        state paid_ytd: money
        let payable = if claim.diagnosis in excluded then 0 else min(claim.in_scope, diagnosis_cap[claim.diagnosis])
        output payout = payable to insurer, data_holder
        update paid_ytd = paid_ytd + payable
        """);
    Path params = tmp.resolve("params.json");
    Files.writeString(params, """
        {"diagnosis_cap": {"entries": {"C50.9": "800.00", "J18.9": "50.00", "K35.8": "0.01"}},
         "excluded": ["I2*", "Z51.1"]}
        """);
    Path claims = tmp.resolve("claims.jsonl"); // a dozen claims: a code set takes 10 HE lookups per claim
    Files.write(claims, Files.readAllLines(d.resolve("claims.jsonl")).subList(0, 12));
    Cli plan = Cli.run("check", policy.toString(), "--plan");
    assertEquals(0, plan.code(), plan.toString());
    assertTrue(plan.out().contains("diagnosis_cap (table, size 5000, by claim.diagnosis): linear OKVS of 6534 sparse"),
        plan.out());
    assertTrue(plan.out().contains("excluded (code set, up to 4096 elements"), plan.out());
    String[] files = new String[2];
    for (String mode : new String[] {"plaintext", "handshake"}) {
      Path out = tmp.resolve(mode);
      Files.createDirectories(out);
      String[] args = {"run", policy.toString(), "--claims", claims.toString(), "--insured",
          d.resolve("insured.csv").toString(), "--params", params.toString(), "--out", out.resolve("r.csv").toString(),
          "--states-out", out.resolve("s.csv").toString(), "--mode", mode};
      Cli r = Cli.run(mode.equals("handshake") ? concat(args, new String[] {"--he-backend", "java"}) : args);
      assertEquals(0, r.code(), r.toString());
      files[mode.equals("plaintext") ? 0 : 1] = Files.readString(out.resolve("r.csv")) + Files.readString(out.resolve("s.csv"));
    }
    assertEquals(files[0], files[1]);
  }

  @Test
  void aPolicyHandshakeModeCannotRunExitsOneAndWritesNothing() throws Exception {
    Path d = EXAMPLES.resolve("inclusive");
    Path policy = tmp.resolve("per-hospital.cpl");
    Files.writeString(policy, """
        policy "per-hospital" version 1
        state deductible_used: money
        state paid_ytd: money
        output seen = claim.total to data_holder
        aggregate preexisting_by_hospital = count() where insured.preexisting by claim.hospital_id to data_holder
        """);
    String[] args = {"run", policy.toString(), "--claims", d.resolve("claims.jsonl").toString(),
        "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString(), "--mode", "handshake"};
    Cli r = Cli.run(args);
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("runs both parties in this process over loopback, a simulation"), r.err());
    assertTrue(r.err().contains("handshake mode cannot settle this batch"), r.err());
    assertFalse(Files.exists(tmp.resolve("r.csv")));
    args[args.length - 1] = "secret";
    r = Cli.run(args);
    assertEquals(2, r.code());
    assertTrue(r.err().contains("expected one of [plaintext, handshake]"), r.err());
  }

  @Test
  void anHeBackendThatIsNotThereIsAUsageErrorBeforeAnythingRuns() throws Exception {
    Path d = EXAMPLES.resolve("inclusive");
    String[] run = {"run", d.resolve("policy.cpl").toString(), "--claims", d.resolve("claims.jsonl").toString(),
        "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString(), "--mode",
        "handshake", "--he-backend", "seal"};
    // the default build has no cosettle-crypto-seal on the class path
    Cli r = Cli.run(run);
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--he-backend: no BFV backend named 'seal'"), r.err());
    assertTrue(r.err().contains("cosettle-crypto-seal"), r.err());
    assertFalse(Files.exists(tmp.resolve("r.csv")));
    run[run.length - 1] = "paillier";
    assertTrue(Cli.run(run).err().contains("no BFV backend named 'paillier'"));
    run[run.length - 3] = "plaintext";
    run[run.length - 1] = "java";
    r = Cli.run(run);
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--he-backend applies to --mode handshake only"), r.err());
    // each party's command of the two-process handshake checks it before it reads or dials anything
    String[] peer = {"--key", "k.pem", "--cert", "c.pem", "--peer-cert", "p.pem", "--he-backend", "seal"};
    Cli platform = Cli.run(concat(new String[] {"handshake", "platform", "policy.cpl", "--claims", "c.jsonl",
        "--listen", "127.0.0.1:0"}, peer));
    assertEquals(2, platform.code(), platform.toString());
    assertTrue(platform.err().contains("--he-backend: no BFV backend named 'seal'"), platform.err());
    Cli insurer = Cli.run(concat(new String[] {"handshake", "insurer", "policy.cpl", "--insured", "i.csv",
        "--connect", "127.0.0.1:1"}, peer));
    assertEquals(2, insurer.code(), insurer.toString());
    assertTrue(insurer.err().contains("--he-backend: no BFV backend named 'seal'"), insurer.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void pipedRunPrintsNoProgressAndAMissingFileIsExitOneWithoutATrace() {
    Path d = EXAMPLES.resolve("hospital-totals");
    Cli r = Cli.run("run", d.resolve("policy.cpl").toString(), "--claims", d.resolve("claims.jsonl").toString(),
        "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString());
    assertEquals(0, r.code());
    // no progress bar, only the closing summary
    assertTrue(r.err().matches("settled 60 claims \\(10 paid, total payout 40527\\.15\\) in [0-9]+\\.[0-9] s\\R"), r.err());
    r = Cli.run("run", d.resolve("policy.cpl").toString(), "--claims", tmp.resolve("none.jsonl").toString(),
        "--insured", d.resolve("insured.csv").toString(), "--out", tmp.resolve("r.csv").toString());
    assertEquals(1, r.code());
    assertEquals("cosettle run: no such file: " + tmp.resolve("none.jsonl") + "\n", r.err());
  }
}
