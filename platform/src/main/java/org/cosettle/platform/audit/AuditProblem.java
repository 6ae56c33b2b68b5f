package org.cosettle.platform.audit;

/** A place where the audit log is not what was written: line (1-based), entry index, and what is wrong. */
public record AuditProblem(int line, long index, String message) {
  @Override
  public String toString() {
    return "line " + line + " (event " + index + "): " + message;
  }
}
