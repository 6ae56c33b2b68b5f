package org.cosettle.policy.check;

import java.time.LocalDate;
import org.cosettle.core.InsuredColumn;

/**
 * Policy years, for states declared {@code per policy_year}. Year 1 runs from {@code
 * insured.policy_start} to the day before its first anniversary, year 2 from then to the day
 * before the second, and so on; a claim belongs to the year of its admission date. An
 * anniversary is the start's month and day; for a start on 29 February it is 1 March in a year
 * without one (the year before ends on 28 February, as a period counted in years ends on the
 * month's last day when the month has no such day).
 *
 * <p>Both dates written as the numbers {@code YYYYMMDD}, the year of a day is {@code
 * floor((day - start) / 10000) + 1}: the difference's ten-thousands are the whole years between
 * them, less one when the day's month and day come before the start's (a 29 February start
 * compared as 0229, so that 28 February is before it and 1 March is not). Lowering computes it
 * this way with the IR's rounded division, {@code floor(x / 10000) = round((2x - 9999) / 20000)}
 * (|2(x mod 10000) - 9999| < 10000, so the quotient is never half-way), so that handshake mode
 * computes it on shares with the protocols it has.
 *
 * <p>The states of a person keep the year they belong to in the int state {@link #STATE} (0: not
 * recorded). Before a claim, the policy's per-year states restart from their zero value when the
 * claim's year is later than a recorded year; the year after the claim is the later of the two.
 * A claim of an earlier year than the recorded one (a late claim of last year, a claim dated
 * before the policy started) settles against the states as they are and leaves the year alone.
 * With no year recorded, the states belong to the year of the person's first claim.
 */
public final class PolicyYears {
  /** The name of the state, and the column of the insured and states files, holding the year. */
  public static final String STATE = InsuredColumn.POLICY_YEAR;
  /** The divisor of the doubled {@code YYYYMMDD} difference. */
  public static final long DIVISOR = 20_000;
  /** Subtracted from the doubled difference so that the rounded quotient is the floor. */
  public static final long OFFSET = 9_999;

  private PolicyYears() {}

  /** {@code YYYYMMDD} of day number {@code epochDay} (days since 1970-01-01). */
  public static long yearMonthDay(long epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    return d.getYear() * 10_000L + d.getMonthValue() * 100L + d.getDayOfMonth();
  }

  /**
   * The policy year that day {@code epochDay} falls in for a policy started on {@code
   * startEpochDay}: 1 from the start to the day before the first anniversary, 0 or less before
   * the start.
   */
  public static long yearOf(long startEpochDay, long epochDay) {
    return yearOfYearMonthDay(yearMonthDay(startEpochDay), yearMonthDay(epochDay));
  }

  /** As {@link #yearOf}, both days written as the numbers {@code YYYYMMDD}. */
  public static long yearOfYearMonthDay(long start, long day) {
    return Math.floorDiv(day - start, 10_000L) + 1;
  }
}
