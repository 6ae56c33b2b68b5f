package org.cosettle.examples;

import java.nio.file.Path;
import picocli.CommandLine;

/** Checks on the files a command is told to write, before it writes any. */
final class OutputPaths {
  private OutputPaths() {}

  /** A usage error when {@code a} and {@code b} name the same file (the second would replace the first). */
  static void requireDistinct(CommandLine command, String optionA, Path a, String optionB, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      throw new CommandLine.ParameterException(command, optionA + " and " + optionB + " must be two different files");
    }
  }
}
