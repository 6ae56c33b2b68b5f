package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void settlesAGeneratedBatchWithEverySamplePolicy() {
    Cli r = Cli.run("demo", "--count", "2000");
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err());
    assertTrue(r.out().contains("batch: 2,000 synthetic claims of 500 insured persons (seed 2026)"), r.out());
    for (String name : new String[] {"huiminbao-city-2026", "critical-illness-2026", "special-drug-2026", "hospital-clearing-2026"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name) && l.contains("    2,000 ")), name + "\n" + r.out());
    }
  }

  @Test
  void groupedMoneyHasThousandsSeparators() {
    assertEquals("27,476,086.23", ValueText.groupedMoney(2_747_608_623L));
    assertEquals("-1,000.00", ValueText.groupedMoney(-1_000_00L));
    assertEquals("999.99", ValueText.groupedMoney(999_99L));
    assertEquals("0.05", ValueText.groupedMoney(5));
  }
}
