package org.cosettle.platform.settlement;

import java.util.Locale;

/** The files a settlement writes; each is digested (SM3) into the audit log before it is written. */
public enum SettlementFileKind {
  /** One row per claim with this party's outputs. */
  RESULTS,
  /** The insurer's states after the batch. */
  STATES,
  /** The aggregates addressed to this party. */
  AGGREGATES,
  /** A settlement record (the three-way split) per claim. */
  SETTLEMENTS,
  /** The claims left out for want of a valid consent, with reasons. */
  UNCONSENTED,
  /** The insurer's claim ledger after the batch: per settled claim its outputs and state increments. */
  LEDGER,
  /** A party's kept shares of the states per item code after the batch (handshake mode). */
  KEPT_SHARES;

  /** The name in the audit event's {@code outputs} ({@code results}, {@code states}, ...). */
  public String auditName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
