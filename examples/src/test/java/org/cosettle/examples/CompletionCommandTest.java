package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompletionCommandTest {
  @TempDir Path tmp;

  @Test
  void theBashScriptOffersEveryTopLevelCommand() {
    Cli bash = Cli.run("completion", "bash");
    assertEquals(0, bash.code(), bash.toString());
    String top = bash.out().lines().filter(l -> l.trim().startsWith("local commands=\"")).findFirst().orElseThrow();
    Set<String> offered = new TreeSet<>(Arrays.asList(top.trim().replaceAll("^local commands=\"|\"$", "").split(" ")));
    // the hidden command (the launcher's class-data training run) is not offered
    Set<String> commands = new TreeSet<>(Main.commandLine().getSubcommands().entrySet().stream()
        .filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList());
    assertTrue(commands.containsAll(List.of("check", "run", "gen", "completion", "handshake", "policy")), commands.toString());
    assertEquals(commands, offered);
    assertTrue(bash.out().contains("complete -F _complete_cosettle -o default cosettle"), "registers for cosettle");
    assertEquals(bash.out(), Cli.run("completion", "zsh").out(), "zsh runs the same script through bashcompinit");
    assertTrue(bash.out().contains("autoload -U +X bashcompinit && bashcompinit"), "the script enables it under zsh");
  }

  @Test
  void bashCompletesCommandsAndOptionsWithIt() throws Exception {
    Path script = tmp.resolve("cosettle_completion");
    Files.writeString(script, Cli.run("completion", "bash").out());
    assertEquals(List.of("check"), complete(script, "cosettle", "chec"));
    assertEquals(List.of("policy"), complete(script, "./cosettle", "pol"));
    assertEquals(List.of("--insurer-id"), complete(script, "cosettle", "run", "--insurer-"));
    assertEquals(List.of("handshake"), complete(script, "cosettle", "run", "--mode", "hand"));
    assertEquals(List.of("approve"), complete(script, "cosettle", "policy", "appr"));
  }

  @Test
  void anotherShellIsWrongUsage() {
    Cli fish = Cli.run("completion", "fish");
    assertEquals(2, fish.code(), fish.toString());
    assertTrue(fish.err().startsWith("cosettle completion: Invalid value for positional parameter at index 0 (SHELL)"),
        fish.err());
  }

  /** What bash offers, with the script sourced, for the last of {@code words}. */
  private static List<String> complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String program = "source '" + script + "'\n"
        + "COMP_WORDS=(" + String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList()) + ")\n"
        + "COMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line + "'\nCOMP_POINT=" + line.length() + "\n"
        + "_complete_cosettle\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();  // compopt complains outside a real completion
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
    assertEquals(0, p.exitValue(), out);
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
