package org.cosettle.examples;

import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code --verbose} / {@code --quiet} of the commands that talk to a peer: how much of the
 * session's progress (start, agreement, phases with timings, commit or abort) is logged on
 * standard error. The library logs through SLF4J; the command line binds slf4j-simple, which is
 * configured here before the first logger is made. Logs never hold a share, a key, a claim's
 * value, an id or a private param.
 */
final class LogOptions {
  static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  /** CoSettle's own loggers; the libraries under it (gRPC's Netty) log warnings only. */
  static final String OWN_LEVEL = "org.slf4j.simpleLogger.log.org.cosettle";

  @Option(names = {"-v", "--verbose"}, description = "log every step of the session, with timings")
  boolean verbose;
  @Option(names = {"-q", "--quiet"}, description = "log only warnings and errors (the closing line still prints)")
  boolean quiet;
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec mixee;
  /**
   * gRPC's own logger (java.util.logging), held so that its level stays set: its warnings (a
   * frame refused, with a stack trace) say what the closing line says in one line.
   */
  private static final java.util.logging.Logger GRPC = java.util.logging.Logger.getLogger("io.grpc");

  /** Sets the log level (info by default) before anything logs. */
  void apply() {
    if (verbose && quiet) {
      throw new CommandLine.ParameterException(mixee.commandLine(), "--verbose and --quiet exclude each other");
    }
    System.setProperty(LEVEL, "warn");
    System.setProperty(OWN_LEVEL, verbose ? "debug" : quiet ? "warn" : "info");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    GRPC.setLevel(verbose ? java.util.logging.Level.WARNING : java.util.logging.Level.OFF);
  }

  /** The command line's default when a command does not say: warnings only (a simulation in one process stays quiet). */
  static void defaults() {
    if (System.getProperty(LEVEL) == null) {
      System.setProperty(LEVEL, "warn");
    }
  }
}
