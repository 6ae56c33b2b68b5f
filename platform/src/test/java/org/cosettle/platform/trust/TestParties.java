package org.cosettle.platform.trust;

import java.time.Duration;
import java.time.Instant;
import org.cosettle.crypto.random.Prg;

/** Reproducible identities for tests: a seeded key per name, certificates valid for 730 days from 2026-01-01. */
public final class TestParties {
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  public static final Instant NOW = Instant.parse("2026-06-15T08:00:00Z");

  private TestParties() {}

  public static PartyIdentity identity(Role role, String name) {
    return identity(role, name, START, Duration.ofDays(730));
  }

  public static PartyIdentity identity(Role role, String name, Instant notBefore, Duration validity) {
    byte[] seed = new byte[Prg.SEED_BYTES];
    byte[] label = (role + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < label.length; i++) {
      seed[i % seed.length] ^= label[i];
    }
    return PartyIdentity.generate(role, name, notBefore, validity, Prg.fromSeed(seed));
  }
}
