package org.cosettle.policy;

/** A 1-based line and column (in code points) in a policy file. */
public record Position(int line, int column) {
  @Override
  public String toString() {
    return line + ":" + column;
  }
}
