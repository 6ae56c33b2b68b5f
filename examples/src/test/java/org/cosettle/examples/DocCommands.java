package org.cosettle.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code ./cosettle} commands of a document's code blocks, as a reader would type them. */
final class DocCommands {
  private DocCommands() {}

  /**
   * Every {@code ./cosettle} line of the fenced blocks among {@code lines}, in order, without
   * {@code ./cosettle}: a line ending in {@code \} goes on on the next, and a {@code # comment}
   * after the command is dropped.
   */
  static List<String> commands(List<String> lines) {
    List<String> commands = new ArrayList<>();
    boolean inBlock = false;
    StringBuilder command = null;
    for (String line : lines) {
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock) {
        continue;
      }
      String text = line.replaceFirst("\\s+#.*$", "").strip();
      if (command == null && text.startsWith("./cosettle ")) {
        command = new StringBuilder();
        text = text.substring("./cosettle ".length());
      } else if (command == null) {
        continue;
      }
      boolean goesOn = text.endsWith("\\");
      command.append(goesOn ? text.substring(0, text.length() - 1) : text).append(' ');
      if (!goesOn) {
        commands.add(command.toString().strip().replaceAll(" +", " "));
        command = null;
      }
    }
    return commands;
  }

  /** The first fenced block after the heading line {@code heading}. */
  static List<String> firstBlockAfter(List<String> lines, String heading) {
    int from = lines.indexOf(heading);
    int open = from;
    while (!lines.get(open).startsWith("```")) {
      open++;
    }
    int close = open + 1;
    while (!lines.get(close).startsWith("```")) {
      close++;
    }
    return lines.subList(open, close + 1);
  }

  /** A directory to run them in, as the root of a checkout is: {@code examples/policies} is there. */
  static void linkPolicies(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("examples"));
    Files.createSymbolicLink(dir.resolve("examples").resolve("policies"),
        Path.of("..", "examples", "policies").toAbsolutePath().normalize());
  }
}
