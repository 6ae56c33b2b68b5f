package org.cosettle.core;

/**
 * How the basic medical insurance settled a claim: at a hospital of the insured's own pooling
 * area, directly across areas (异地就医直接结算), or not at all (the claim reached the platform
 * without a settlement by the basic scheme, so the basic scheme paid nothing).
 */
public enum SettlementRoute {
  LOCAL,
  OUT_OF_AREA,
  NOT_SETTLED;

  /** The CPL name, or null when the text names no settlement route. */
  public static SettlementRoute parse(String text) {
    for (SettlementRoute r : values()) {
      if (r.name().equals(text)) {
        return r;
      }
    }
    return null;
  }
}
