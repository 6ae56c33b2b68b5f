package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code cosettle} command line. Exit status everywhere: 0 success, 1 a policy or input
 * error (located on standard error), 2 wrong usage.
 */
@Command(
    name = "cosettle",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Settle commercial health-insurance (商保) claims on medical-insurance (医保) data "
        + "that stays in its domain, with rules written in the CoSettle policy language (CPL).",
    footerHeading = Main.EXIT_STATUS_HEADING,
    footer = {"  0  success", "  1  a policy or input error (located on standard error)", "  2  wrong usage",
        "", "See docs/language.md for the language and a tutorial."},
    subcommands = {CheckCommand.class, RunCommand.class, ExplainCommand.class, TestCommand.class,
        GenCommand.class, DemoCommand.class, HandshakeCommand.class, KeygenCommand.class, PolicyCommand.class, ConsentCommand.class, AuditCommand.class,
        ReceiptCommand.class, ReconcileCommand.class, ClearCommand.class, GenSettlementsCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int INPUT_ERROR = 1;
  static final int USAGE = 2;
  static final String EXIT_STATUS_HEADING = "%nExit status:%n";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /** The command tree; every command's help ends with the exit statuses. */
  private static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    CommandLine.Model.UsageMessageSpec top = cl.getCommandSpec().usageMessage();
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().footerHeading(EXIT_STATUS_HEADING)
          .footer(java.util.Arrays.copyOf(top.footer(), 3));
    }
    return cl;
  }

  /** Runs a command writing to {@code out} and {@code err} instead of the standard streams. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return execute(cl, args);
  }

  private static int execute(CommandLine cl, String... args) {
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : INPUT_ERROR);
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("cosettle: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      IOException io = ex instanceof IOException e ? e
          : ex instanceof UncheckedIOException u ? u.getCause() : null;
      if (io == null) {
        throw ex;
      }
      PrintWriter err = commandLine.getErr();
      err.println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(io));
      err.flush();
      return INPUT_ERROR;
    });
    return cl.execute(args);
  }

  /** A file problem in words a user can act on, without a stack trace. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  public static void main(String[] args) {
    LogOptions.defaults();
    System.exit(execute(args));
  }
}
