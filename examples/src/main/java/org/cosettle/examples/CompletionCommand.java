package org.cosettle.examples;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code cosettle completion bash|zsh}: the shell completion script of every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a script that completes cosettle's commands, options and option values in the shell:",
        "  bash: source <(cosettle completion bash), e.g. in ~/.bashrc;",
        "  zsh:  source <(cosettle completion zsh), e.g. in ~/.zshrc: the same script, which turns on zsh's "
            + "bashcompinit (autoload -U bashcompinit; bashcompinit) to run it.",
        "It completes the command cosettle (on PATH, e.g. through a symlink to the launcher) and ./cosettle."})
final class CompletionCommand implements Callable<Integer> {
  /** The shells the script runs in. */
  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh") Shell shell;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(script());
    out.flush();
    return Main.OK;
  }

  /** picocli's completion script of the whole command tree; under zsh it enables bashcompinit itself. */
  String script() {
    return AutoComplete.bash(spec.root().name(), spec.root().commandLine());
  }
}
