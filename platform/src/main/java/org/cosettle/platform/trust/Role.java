package org.cosettle.platform.trust;

import java.util.Locale;
import java.util.Optional;
import org.cosettle.core.Party;

/**
 * Who holds a key: the insurer signs policies, the regulator admits them, the platform signs
 * consents and audit checkpoints. The insurer and the platform are the two parties of a
 * settlement ({@link #party()}); the regulator is not a party.
 */
public enum Role {
  INSURER, REGULATOR, PLATFORM;

  /** The lower-case name used on the command line and in certificate subjects ({@code OU=insurer}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The settlement party this role is: the platform is the data holder; empty for the regulator. */
  public Optional<Party> party() {
    return switch (this) {
      case INSURER -> Optional.of(Party.INSURER);
      case PLATFORM -> Optional.of(Party.DATA_HOLDER);
      case REGULATOR -> Optional.empty();
    };
  }
}
