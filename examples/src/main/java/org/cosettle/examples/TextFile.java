package org.cosettle.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cosettle.core.ReadFailures;

/** A UTF-8 text file read whole; every failure names the file (Main.describe prints it). */
final class TextFile {
  private TextFile() {}

  static String read(Path path) throws IOException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ReadFailures.named(path, e);
    }
  }
}
