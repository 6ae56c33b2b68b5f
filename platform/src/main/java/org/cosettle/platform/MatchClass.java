package org.cosettle.platform;

/** Where a settlement ends up in a reconciliation (对账). */
public enum MatchClass {
  /** Both sides have it, with the same status, amounts and parties. */
  MATCHED,
  /** Both sides have it with the same status, but an amount (or a party id) differs. */
  AMOUNT_DIFF,
  /** Settled on one side, reversed on the other. */
  STATUS_DIFF,
  /** Only the platform has it (a one-sided entry, 单边账). */
  ONLY_PLATFORM,
  /** Only the counterparty (the insurer, or a hospital) has it (单边账). */
  ONLY_INSURER
}
