package org.cosettle.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The two parties of a settlement: the data holder (the medical-insurance platform, which keeps
 * every claim, patient and line item) and the insurer (which keeps its insured records, private
 * params and states). Policies name them {@code data_holder} and {@code insurer}; the command
 * line also accepts {@code platform} for the data holder.
 *
 * <p>This is the one vocabulary of "who" in CoSettle: a policy's recipients, the checker's
 * ownership labels, the manifest, the handshake planner and the secure engine's roles all use it.
 * The regulator signs and admits policies but is not a party of a settlement.
 *
 * <pre>{@code
 * Party p = Party.fromName("platform").orElseThrow();   // DATA_HOLDER
 * p.cplName();                                          // "data_holder"
 * p.other();                                            // INSURER
 * }</pre>
 */
public enum Party {
  /** The medical-insurance platform (医保信息平台), holder of the claim data. */
  DATA_HOLDER("data_holder", "data holder"),
  /** The commercial insurer (商保机构). */
  INSURER("insurer", "insurer");

  private final String cplName;
  private final String displayName;

  Party(String cplName, String displayName) {
    this.cplName = cplName;
    this.displayName = displayName;
  }

  /** The name a policy uses: {@code data_holder} or {@code insurer}. */
  public String cplName() {
    return cplName;
  }

  /** The name in messages for people: {@code data holder} or {@code insurer}. */
  public String displayName() {
    return displayName;
  }

  /** The other party. */
  public Party other() {
    return this == DATA_HOLDER ? INSURER : DATA_HOLDER;
  }

  /** The party a policy names ({@code data_holder}, {@code insurer}); empty for anything else. */
  public static Optional<Party> fromCplName(String name) {
    for (Party p : values()) {
      if (p.cplName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The party a command line or configuration names: the CPL names, {@code platform} for the
   * data holder, in any case; empty for anything else.
   */
  public static Optional<Party> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("platform") ? Optional.of(DATA_HOLDER) : fromCplName(n);
  }
}
