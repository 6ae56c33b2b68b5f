package org.cosettle.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void oneSpellingPerInstantInWholeSeconds() {
    assertEquals("2026-12-02T09:30:00Z", Times.format(Instant.parse("2026-12-02T09:30:00.999Z")));
    assertEquals(Instant.parse("2026-12-02T09:30:00Z"), Times.parse("2026-12-02T09:30:00Z"));
    for (String bad : new String[] {"2026-12-02T09:30Z", "2026-12-02T09:30:00.5Z", "2026-12-02 09:30:00",
        "2026-12-02T09:30:00+08:00", "2026-13-02T09:30:00Z"}) {
      assertThrows(IllegalArgumentException.class, () -> Times.parse(bad), bad);
    }
  }

  @Test
  void aDateMeansItsFirstOrLastSecond() {
    assertEquals(Instant.parse("2027-12-31T00:00:00Z"), Times.parseDateOrTime("2027-12-31", false));
    assertEquals(Instant.parse("2027-12-31T23:59:59Z"), Times.parseDateOrTime("2027-12-31", true));
    assertEquals(Instant.parse("2027-12-31T08:00:00Z"), Times.parseDateOrTime("2027-12-31T08:00:00Z", true));
    assertThrows(IllegalArgumentException.class, () -> Times.parseDateOrTime("2027-02-30", true));
  }
}
