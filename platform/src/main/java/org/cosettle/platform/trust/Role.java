package org.cosettle.platform.trust;

import java.util.Locale;

/** Who holds a key: the insurer signs policies, the regulator admits them, the platform signs consents and audit checkpoints. */
public enum Role {
  INSURER, REGULATOR, PLATFORM;

  /** The lower-case name used on the command line and in certificate subjects ({@code OU=insurer}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
