package org.cosettle.platform.audit;

import java.util.List;
import java.util.stream.Collectors;

/** The audit log cannot be used: it is broken where {@link #problems()} say, or in use by another writer. */
public final class AuditException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<AuditProblem> problems;

  public AuditException(String file, List<AuditProblem> problems) {
    super(file + ": the audit log is broken; nothing was appended\n"
        + problems.stream().map(p -> file + ": " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<AuditProblem> problems() {
    return problems;
  }
}
