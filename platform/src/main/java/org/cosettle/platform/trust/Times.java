package org.cosettle.platform.trust;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times in every signed record: UTC, whole seconds, {@code 2026-12-02T09:30:00Z}. One spelling
 * per instant, so canonical JSON stays canonical. Validity windows are inclusive at both ends,
 * like an X.509 certificate's.
 */
public final class Times {
  private Times() {}

  /** {@code time} truncated to seconds, as {@code YYYY-MM-DDTHH:MM:SSZ}. */
  public static String format(Instant time) {
    return time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses the one spelling {@link #format} writes. */
  public static Instant parse(String text) {
    Instant t;
    try {
      t = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected a UTC time YYYY-MM-DDTHH:MM:SSZ, found \"" + text + "\"");
    }
    if (!format(t).equals(text)) {
      throw new IllegalArgumentException("expected a UTC time in whole seconds YYYY-MM-DDTHH:MM:SSZ, found \"" + text + "\"");
    }
    return t;
  }

  /**
   * A command-line time: {@code YYYY-MM-DD} (the first second of that UTC day, or with {@code
   * endOfDay} its last) or a full UTC time.
   */
  public static Instant parseDateOrTime(String text, boolean endOfDay) {
    if (text.length() == 10) {
      try {
        Instant start = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        return endOfDay ? start.plus(1, ChronoUnit.DAYS).minusSeconds(1) : start;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expected a date YYYY-MM-DD, found \"" + text + "\"");
      }
    }
    return parse(text);
  }
}
