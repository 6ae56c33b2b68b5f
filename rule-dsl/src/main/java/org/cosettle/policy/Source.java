package org.cosettle.policy;

import java.util.List;

/** A policy text with its file name (as diagnostics name it), split into lines for diagnostics. */
public record Source(String name, String text) {
  /** The text's lines, without their line breaks. */
  public List<String> lines() {
    return text.lines().toList();
  }

  /** The text of 1-based line {@code line}, or "" when there is none. */
  public String line(int line) {
    List<String> lines = lines();
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
