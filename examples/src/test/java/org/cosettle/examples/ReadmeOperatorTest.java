package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Quick start: platform operator" followed literally: every {@code ./cosettle}
 * command of its block runs, in order, each in a JVM of its own, in a fresh directory that has
 * {@code examples/policies} as the root of a checkout does, and exits 0.
 */
class ReadmeOperatorTest {
  static final Path README = Path.of("..", "README.md");
  static final Duration EXIT = Duration.ofSeconds(120);

  static List<String> commands() throws Exception {
    return DocCommands.commands(DocCommands.firstBlockAfter(Files.readAllLines(README),
        "## Quick start: platform operator"));
  }

  @Test
  void theOperatorsQuickStartRunsAsWritten(@TempDir Path dir) throws Exception {
    DocCommands.linkPolicies(dir);
    List<String> commands = commands();
    assertEquals(List.of("gen", "keygen", "keygen", "keygen", "policy", "policy", "run", "receipt", "clear",
        "gen-settlements", "reconcile", "audit"), commands.stream().map(c -> c.split(" ")[0]).toList(), commands.toString());
    Map<String, String> printed = new LinkedHashMap<>();
    int step = 0;
    for (String command : commands) {
      step++;
      try (CosettleProcess p = CosettleProcess.start(dir, "step" + step, command.split(" "))) {
        assertEquals(0, p.exitCode(EXIT), command + "\n" + p.err());
        printed.put(command.split(" ")[0], p.out());
      }
    }
    assertEquals(2000, Files.readAllLines(dir.resolve("settlements.jsonl")).size(), "a record per claim");
    assertTrue(printed.get("receipt").contains("C00000042"), printed.get("receipt"));
    assertTrue(Files.readAllLines(dir.resolve("clearing.csv")).size() > 1, "the month has records to clear");
    // the reconciliation finds what gen-settlements put in, class by class
    for (String expected : printed.get("gen-settlements").lines().skip(1).toList()) {
      String[] classAndCount = expected.split(",");
      assertTrue(Files.readAllLines(dir.resolve("summary.csv")).stream()
          .anyMatch(row -> row.startsWith(classAndCount[0] + "," + classAndCount[1] + ",")), expected);
    }
    assertTrue(printed.get("audit").startsWith("audit.jsonl: verified: "), printed.get("audit"));
  }
}
