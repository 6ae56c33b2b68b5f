package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatesTest {
  private static Integer viaLocalDate(int year, int month, int day) {
    try {
      return (int) LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
  }

  @Test
  void agreesWithLocalDateAroundEveryCenturyAndOnManyYears() {
    for (int year = 0; year <= 9999; year += year % 100 < 4 || year % 100 > 96 ? 1 : 97) {
      for (int month = 0; month <= 13; month++) {
        for (int day = 0; day <= 32; day++) {
          String text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
          assertEquals(viaLocalDate(year, month, day), ClaimsFile.parseDate(text), text);
        }
      }
    }
  }

  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(width - digits.length()) + digits;
  }

  @Test
  void rejectsAnythingButTheStrictShape() {
    for (String text : new String[] {"", "2026-1-01", "2026/01/01", "2026-01-01 ", "+026-01-01", "2026-0a-01", "20260101"}) {
      assertNull(ClaimsFile.parseDate(text), text);
    }
  }
}
