package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartyTest {
  @Test
  void policiesNameThePartiesAndTheCommandLineMaySayPlatform() {
    assertEquals(Optional.of(Party.DATA_HOLDER), Party.fromCplName("data_holder"));
    assertEquals(Optional.of(Party.INSURER), Party.fromCplName("insurer"));
    assertTrue(Party.fromCplName("platform").isEmpty(), "a policy says data_holder");
    assertTrue(Party.fromCplName("Insurer").isEmpty(), "CPL names are case-sensitive");
    assertEquals(Optional.of(Party.DATA_HOLDER), Party.fromName("platform"));
    assertEquals(Optional.of(Party.DATA_HOLDER), Party.fromName("PLATFORM"));
    assertEquals(Optional.of(Party.INSURER), Party.fromName("Insurer"));
    assertTrue(Party.fromName("regulator").isEmpty(), "the regulator is not a party of a settlement");
  }

  @Test
  void eachPartyHasTheOtherAsPeer() {
    for (Party p : Party.values()) {
      assertEquals(p, p.other().other());
      assertTrue(p != p.other());
      assertEquals(p, Party.fromCplName(p.cplName()).orElseThrow());
    }
    assertEquals("data holder", Party.DATA_HOLDER.displayName());
  }
}
