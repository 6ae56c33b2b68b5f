package org.cosettle.core;

/**
 * Strict {@code YYYY-MM-DD} parsing straight to days since 1970-01-01, on characters, so the
 * claims reader needs neither a String nor a {@link java.time.LocalDate} per date. Agrees with
 * {@code LocalDate.of(y, m, d).toEpochDay()} on every date it accepts and rejects every
 * impossible one (tested against it).
 */
final class Dates {
  /** Returned for text that is not a valid date. */
  static final int INVALID = Integer.MIN_VALUE;

  private static final int DAYS_0000_TO_1970 = 719_528;

  private Dates() {}

  /** The day number of {@code text[offset, offset+length)}, or {@link #INVALID}. */
  static int epochDay(char[] text, int offset, int length) {
    if (length != 10 || text[offset + 4] != '-' || text[offset + 7] != '-') {
      return INVALID;
    }
    int year = digits(text, offset, 4);
    int month = digits(text, offset + 5, 2);
    int day = digits(text, offset + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
      return INVALID;
    }
    // the proleptic Gregorian count of LocalDate.toEpochDay, for years 0..9999
    long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
    total += (367 * month - 362) / 12 + day - 1;
    if (month > 2) {
      total -= isLeap(year) ? 1 : 2;
    }
    return (int) (total - DAYS_0000_TO_1970);
  }

  /** The value of {@code count} ASCII digits, or -1 if any is not a digit. */
  private static int digits(char[] text, int offset, int count) {
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static int monthLength(int year, int month) {
    switch (month) {
      case 2:
        return isLeap(year) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }
}
