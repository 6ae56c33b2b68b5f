package org.cosettle.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cosettle} command line. Exit status: 0 success, 1 policy or input error, 2 usage. */
@Command(
    name = "cosettle",
    mixinStandardHelpOptions = true,
    version = "cosettle 0.1.0",
    description = "Settle commercial health-insurance claims on data that stays in its domain.",
    subcommands = {CheckCommand.class, RunCommand.class, GenCommand.class, DemoCommand.class,
        ReceiptCommand.class, ReconcileCommand.class, ClearCommand.class, GenSettlementsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("cosettle: " + ex.getMessage());
      ex.getCommandLine().getErr().println("Try 'cosettle " + ex.getCommandLine().getCommandName() + " --help'.");
      return 2;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
