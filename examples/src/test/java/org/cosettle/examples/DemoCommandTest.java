package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void settlesAGeneratedBatchWithEverySamplePolicyInBothModes() {
    Cli r = Cli.run("demo", "--count", "2000", "--handshake-count", "300");
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err());
    assertTrue(r.out().contains("CoSettle demo: 2,000 synthetic claims of 500 insured persons (seed 2026)"), r.out());
    assertTrue(r.out().contains("they settle the first 300 claims over a loopback gRPC session with mutual TLS"), r.out());
    for (String name : new String[] {"huiminbao-city-2026", "critical-illness-2026", "special-drug-2026", "hospital-clearing-2026",
        "hospital-aggregate"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name) && l.endsWith("yes, every output, state and aggregate")),
          name + "\n" + r.out());
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name) && l.contains("    2,000 ")), name + "\n" + r.out());
    }
    // private tables per line item run in rules-come-in mode here; the demo says what handshake mode would cost
    String tables = "special-drug-table-2026";
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith(tables) && l.contains(" not run here: ")
        && l.contains("its private tables looked up per line item take about")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith(tables) && l.contains("    2,000 ")), r.out());
  }

  @Test
  void groupedMoneyHasThousandsSeparators() {
    assertEquals("27,476,086.23", ValueText.groupedMoney(2_747_608_623L));
    assertEquals("-1,000.00", ValueText.groupedMoney(-1_000_00L));
    assertEquals("999.99", ValueText.groupedMoney(999_99L));
    assertEquals("0.05", ValueText.groupedMoney(5));
  }
}
