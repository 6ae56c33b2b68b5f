package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deployment.md followed literally: every {@code ./cosettle} command of its code blocks runs,
 * in order, each in a JVM of its own in a fresh directory (the two parties at once, the platform
 * listening), with only the port replaced by a free one; the files each party writes are the
 * plaintext evaluator's, split by recipient.
 */
class DeploymentDocTest {
  static final Path DOC = Path.of("..", "docs", "deployment.md");
  static final Duration EXIT = Duration.ofSeconds(120);

  static List<String> commands() throws Exception {
    return DocCommands.commands(Files.readAllLines(DOC));
  }

  @Test
  void theWalkthroughRunsAsWrittenAndEachPartyGetsItsShare(@TempDir Path dir) throws Exception {
    DocCommands.linkPolicies(dir);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> commands = commands();
    assertEquals(8, commands.size(), "4 keygen, gen, platform, insurer, reconcile: " + commands);
    CosettleProcess platform = null;
    int step = 0;
    String reconciled = null;
    try {
      for (String command : commands) {
        String[] args = command.replace("7443", Integer.toString(port)).split(" +");
        step++;
        if (command.startsWith("handshake platform")) {
          platform = CosettleProcess.start(dir, "step" + step, args);
          platform.listeningPort(EXIT);
          continue;
        }
        if (command.startsWith("reconcile")) {
          // what follows the run reads the platform's files: its process has ended first
          assertEquals(0, platform.exitCode(EXIT), platform.err());
        }
        try (CosettleProcess p = CosettleProcess.start(dir, "step" + step, args)) {
          assertEquals(0, p.exitCode(EXIT), command + "\n" + p.err());
          reconciled = command.startsWith("reconcile") ? p.out() : reconciled;
        }
      }
      assertEquals(0, platform.exitCode(EXIT), platform.err());
      assertTrue(platform.err().contains("cosettle handshake platform: settled 500 claims with the insurer"),
          platform.err());
    } finally {
      if (platform != null) {
        platform.close();
      }
    }
    CompiledPolicy policy = Policies.compile(new Source("p.cpl",
        Files.readString(dir.resolve("examples/policies/city-inclusive.cpl")))).policy();
    List<Claim> claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", policy.stateNames(), 10);
    BatchResult plain = Evaluator.evaluate(policy, claims, insured, new long[0]);
    List<String> ids = claims.stream().map(Claim::id).toList();
    assertEquals(share(policy, plain, ids, Party.DATA_HOLDER), Files.readString(dir.resolve("platform-results.csv")));
    assertEquals(share(policy, plain, ids, Party.INSURER), Files.readString(dir.resolve("insurer-results.csv")));
    assertEquals(plain.statesCsv(), Files.readString(dir.resolve("states.csv")));
    String platformLog = Files.readString(dir.resolve("platform-audit.jsonl"));
    String insurerLog = Files.readString(dir.resolve("insurer-audit.jsonl"));
    assertTrue(platformLog.contains("\"type\":\"run\"") && insurerLog.contains("\"type\":\"run\""));
    String batch = TwoProcessHandshakeTest.field(platformLog, "batch_sm3");
    assertEquals(batch, TwoProcessHandshakeTest.field(insurerLog, "batch_sm3"));
    // both parties' settlement records of the run reconcile: every settlement matched
    assertTrue(reconciled.contains("\nMATCHED,500,500,500,") && reconciled.contains("\nTOTAL,500,500,500,"), reconciled);
  }

  static String share(CompiledPolicy policy, BatchResult plain, List<String> ids, Party party) {
    long[][] outputs = new long[policy.outputs().size()][];
    for (int o = 0; o < outputs.length; o++) {
      outputs[o] = policy.outputs().get(o).isFor(party) ? plain.outputColumn(o) : null;
    }
    return BatchResult.resultsCsv(policy, ids, outputs);
  }
}
