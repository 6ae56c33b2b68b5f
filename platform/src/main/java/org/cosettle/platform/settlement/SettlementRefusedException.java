package org.cosettle.platform.settlement;

import org.cosettle.platform.audit.AuditEntry;

/**
 * A {@link SettlementService} refused to settle a batch before evaluating it; nothing was written
 * or recorded. {@link #kind()} says which rule refused it.
 */
public final class SettlementRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The rules a settlement can be refused by, in the order they are checked. */
  public enum Kind {
    /** The policy is not admitted (its envelope's {@link org.cosettle.platform.admission.AdmissionException} is the cause). */
    NOT_ADMITTED,
    /** The audit log shows this batch settled with this policy already, and the service was not forced. */
    ALREADY_SETTLED,
    /** Settlement records were asked for, but the payout output is not this party's or not a money output. */
    NO_PAYOUT
  }

  private final Kind kind;
  private final transient AuditEntry earlier;

  SettlementRefusedException(Kind kind, String message, AuditEntry earlier, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.earlier = earlier;
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#ALREADY_SETTLED}: the audit entry of the earlier settlement; null otherwise. */
  public AuditEntry earlier() {
    return earlier;
  }
}
