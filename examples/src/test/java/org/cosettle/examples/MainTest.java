package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  static final List<String> COMMANDS = List.of("check", "run", "explain", "test", "gen", "demo");

  @Test
  void everyCommandHasHelpEndingWithTheExitStatuses() {
    for (String command : COMMANDS) {
      Cli r = Cli.run(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().startsWith("Usage: cosettle " + command), r.out());
      assertTrue(r.out().endsWith("Exit status:\n  0  success\n  1  a policy or input error (located on standard error)\n"
          + "  2  wrong usage\n"), r.out());
    }
    Cli top = Cli.run("--help");
    for (String command : COMMANDS) {
      assertTrue(top.out().contains("\n  " + command + " "), command);
    }
  }

  @Test
  void wrongUsageIsExitTwoWithAHint() {
    for (String command : COMMANDS) {
      Cli r = Cli.run(command, "--no-such-option");
      assertEquals(2, r.code(), command);
      assertTrue(r.err().startsWith("cosettle: "), r.err());
      assertTrue(r.err().endsWith("Try 'cosettle " + command + " --help'.\n"), r.err());
    }
    assertEquals(2, Cli.run().code());
    Cli unknown = Cli.run("frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().endsWith("Try 'cosettle --help'.\n"), unknown.err());
    assertEquals(2, Cli.run("gen", "--count", "many", "--out-claims", "a", "--out-insured", "b").code());
  }
}
