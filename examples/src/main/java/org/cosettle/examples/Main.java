package org.cosettle.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        "", "See docs/language.md for the language and a tutorial."})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int INPUT_ERROR = 1;
  static final int USAGE = 2;
  static final String EXIT_STATUS_HEADING = "%nExit status:%n";

  /**
   * The commands by name, in the order help lists them. picocli builds a command's model by
   * reflection when it is added, which for all of them took a third of a second of every start:
   * a command line that names one of them gets only that one; any other (help, completion, a
   * typo that wants "did you mean", no command) gets them all.
   */
  static final Map<String, Class<?>> COMMANDS = commands(CheckCommand.class, "check", RunCommand.class, "run",
      ExplainCommand.class, "explain", TestCommand.class, "test", GenCommand.class, "gen", DemoCommand.class, "demo",
      HandshakeCommand.class, "handshake", KeygenCommand.class, "keygen", PolicyCommand.class, "policy",
      ConsentCommand.class, "consent", AuditCommand.class, "audit", ReceiptCommand.class, "receipt",
      ReconcileCommand.class, "reconcile", ClearCommand.class, "clear", GenSettlementsCommand.class, "gen-settlements",
      HeKeysCommand.class, "he-keys",
      CompletionCommand.class, "completion", ClassDataTrainingCommand.class, "class-data-training",
      CommandLine.HelpCommand.class, "help");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static int execute(String... args) {
    return execute(commandLine(args), args);
  }

  private static Map<String, Class<?>> commands(Object... classAndName) {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    for (int i = 0; i < classAndName.length; i += 2) {
      commands.put((String) classAndName[i + 1], (Class<?>) classAndName[i]);
    }
    return Collections.unmodifiableMap(commands);
  }

  /**
   * The command tree {@code args} need (see {@link #COMMANDS}); every command's help ends with
   * the exit statuses.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    Class<?> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
    boolean all = named == null || named == CommandLine.HelpCommand.class || named == CompletionCommand.class;
    for (Map.Entry<String, Class<?>> command : COMMANDS.entrySet()) {
      if (all || command.getValue() == named) {
        cl.addSubcommand(command.getKey(), command.getValue());
      }
    }
    CommandLine.Model.UsageMessageSpec top = cl.getCommandSpec().usageMessage();
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().footerHeading(EXIT_STATUS_HEADING)
          .footer(java.util.Arrays.copyOf(top.footer(), 3));
    }
    return cl;
  }

  /** Runs a command writing to {@code out} and {@code err} instead of the standard streams. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    return execute(cl, args);
  }

  private static int execute(CommandLine cl, String... args) {
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : INPUT_ERROR);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine command = ex.getCommandLine();
      PrintWriter err = command.getErr();
      err.println(command.getCommandSpec().qualifiedName() + ": " + usageError(ex));
      err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      PrintWriter err = commandLine.getErr();
      IOException io = ioCause(ex);
      if (io != null) {
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(io));
      } else {
        // a bug: say so in words; the stack trace only on request
        err.println(commandLine.getCommandSpec().qualifiedName() + ": unexpected error: " + plainMessage(ex)
            + " (please report it; COSETTLE_DEBUG=1 shows where it happened)");
        if (System.getenv("COSETTLE_DEBUG") != null) {
          ex.printStackTrace(err);
        }
      }
      err.flush();
      return INPUT_ERROR;
    });
    return cl.execute(args);
  }

  /**
   * Wrong usage in words: an argument that names no option ({@code unknown option '--frobnicate'})
   * before anything else it caused (a required option or parameter it seemed to replace), an
   * unknown command, an argument too many; otherwise picocli's message.
   */
  static String usageError(CommandLine.ParameterException ex) {
    CommandLine command = ex.getCommandLine();
    CommandLine.ParseResult parsed = command.getParseResult();
    List<String> unmatched = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
        : parsed != null ? parsed.unmatched() : List.of();
    List<String> options = unmatched.stream().filter(arg -> arg.length() > 1 && arg.startsWith("-") && !arg.equals("--"))
        .map(arg -> arg.split("=", 2)[0]).distinct().toList();
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    if (!options.isEmpty()) {
      List<String> known = spec.options().stream().filter(o -> !o.hidden()).map(CommandLine.Model.OptionSpec::longestName)
          .toList();
      return (options.size() == 1 ? "unknown option " : "unknown options ") + quoted(options)
          + didYouMean(options.get(0), known);
    }
    if (ex instanceof CommandLine.UnmatchedArgumentException && !unmatched.isEmpty()) {
      String first = unmatched.get(0);
      return spec.subcommands().isEmpty() ? "unexpected argument " + quoted(List.of(first))
          : "unknown command " + quoted(List.of(first)) + didYouMean(first, List.copyOf(spec.subcommands().keySet()));
    }
    return ex.getMessage();
  }

  private static String quoted(List<String> args) {
    return args.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
  }

  /**
   * {@code " (did you mean X?)"} for the names that begin as {@code typed} does (its first two
   * letters) or are one or two slips away from it ({@code sgn} for {@code sign}).
   */
  private static String didYouMean(String typed, List<String> names) {
    String stem = typed.replaceFirst("^-+", "");
    if (stem.length() < 2) {
      return "";
    }
    List<String> like = names.stream().filter(n -> n.replaceFirst("^-+", "").startsWith(stem.substring(0, 2))
        || slips(stem, n.replaceFirst("^-+", "")) <= Math.min(2, stem.length() / 2)).sorted().limit(3).toList();
    return like.isEmpty() ? "" : " (did you mean " + String.join(" or ", like) + "?)";
  }

  /** The number of letters to insert, delete or change to turn {@code a} into {@code b}. */
  private static int slips(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        d[i][j] = i == 0 || j == 0 ? i + j : Math.min(Math.min(d[i - 1][j], d[i][j - 1]) + 1,
            d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
    }
    return d[a.length()][b.length()];
  }

  /** The file problem behind {@code e}, wrapped or not, or null. */
  private static IOException ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /** The message of {@code e}, or of the exception it wraps when it only repeats that one's name and message. */
  static String plainMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    return t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage() : "no details";
  }

  /** A file problem in words a user can act on, without a stack trace or a Java class name. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getReason() != null ? e.getMessage() : "file exists: " + e.getMessage();
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory: " + e.getMessage();
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty: " + e.getMessage();
    }
    if (e instanceof FileSystemException f) {
      // FILE[ -> OTHER]: REASON, the reason in the operating system's words
      return f.getReason() != null ? e.getMessage() : "cannot read or write " + e.getMessage();
    }
    if (e instanceof CharacterCodingException) {
      return "a file is not UTF-8 text";
    }
    return "input or output failed" + (e.getMessage() != null ? ": " + plainMessage(e) : "");
  }

  /**
   * Netty (inside gRPC) settings the command line makes unless they are given ({@code -D...}):
   * <ul>
   *   <li>Netty registers its buffer events with Java Flight Recorder at its first allocation,
   *       which starts JFR's machinery (some 150 classes and generated event handlers, about
   *       0.2 s of CPU) in every process that talks to a peer, recording or not: off ({@code
   *       ...jfr.enabled=true} to see them in a recording);
   *   <li>gRPC unpacks and loads Netty's native epoll transport to see whether it could use it,
   *       and the sessions run on Java NIO instead (their own network thread): not loaded.
   * </ul>
   */
  static final Map<String, String> NETTY_DEFAULTS = Map.of("io.grpc.netty.shaded.io.netty.jfr.enabled", "false",
      "io.grpc.netty.shaded.io.netty.transport.noNative", "true");

  public static void main(String[] args) {
    LogOptions.defaults();
    NETTY_DEFAULTS.forEach((key, value) -> {
      if (System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    });
    if (args.length > 0 && args[0].equals("handshake")) {
      // before the command line is even parsed: the warm-up needs none of it
      HandshakeWarmUp.start();
    }
    System.exit(execute(args));
  }
}
