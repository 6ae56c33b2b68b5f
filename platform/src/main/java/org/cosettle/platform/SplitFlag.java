package org.cosettle.platform;

/**
 * What the three-way split had to report about a claim. On an ordinary (non-refund) claim the
 * commercial payout is kept within the patient's cash share; when the policy asked for more (or
 * for a negative payout) the record says so here and keeps the difference in {@code
 * payout_excess} instead of turning it into a negative (or inflated) patient share.
 */
public enum SplitFlag {
  /** Nothing to report. Written as the empty string. */
  NONE(""),
  /** The policy's payout was above the cash the patient paid; the payout was capped at that cash. */
  PAYOUT_EXCEEDS_CASH("PAYOUT_EXCEEDS_CASH"),
  /** The policy's payout on an ordinary claim was negative; no commercial payout was made. */
  NEGATIVE_PAYOUT("NEGATIVE_PAYOUT");

  private final String text;

  SplitFlag(String text) {
    this.text = text;
  }

  /** The text written in the {@code flag} field. */
  public String text() {
    return text;
  }

  /** The flag written as {@code text}, or null when there is none. */
  static SplitFlag parse(String text) {
    for (SplitFlag f : values()) {
      if (f.text.equals(text)) {
        return f;
      }
    }
    return null;
  }
}
