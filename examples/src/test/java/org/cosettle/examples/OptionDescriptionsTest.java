package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every option and positional parameter of every command, hidden ones too, says what it is for. */
class OptionDescriptionsTest {
  @Test
  void everyOptionAndParameterOfTheWholeTreeHasADescription() {
    List<String> missing = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    walk(Main.commandLine(), missing, seen);
    assertTrue(seen.size() > 150, "the walk reaches the subcommands: " + seen.size());
    assertTrue(seen.contains("cosettle handshake platform --insurer-id") && seen.contains("cosettle policy sign POLICY.cpl")
        && seen.contains("cosettle gen-settlements --insurer-id"), seen.toString());
    assertEquals(List.of(), missing);
  }

  private static void walk(CommandLine command, List<String> missing, List<String> seen) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    for (CommandLine.Model.ArgSpec arg : spec.args()) {
      String name = spec.qualifiedName() + " " + (arg instanceof CommandLine.Model.OptionSpec o ? o.longestName()
          : ((CommandLine.Model.PositionalParamSpec) arg).paramLabel());
      seen.add(name);
      String[] description = arg.description();
      if (description.length == 0 || String.join("", description).isBlank()) {
        missing.add(name);
      }
    }
    command.getSubcommands().values().forEach(sub -> walk(sub, missing, seen));
  }
}
