package org.cosettle.core;

/**
 * Exact fixed-point text conversions. Money is a {@code long} count of fen (scale 2), a
 * ratio a {@code long} count of 1/10000 (scale 4). No floating point anywhere.
 */
public final class Decimals {
  public static final int MONEY_SCALE = 2;
  public static final int RATIO_SCALE = 4;

  private Decimals() {}

  /** Returned by {@link #parseFixed(char[], int, int, int, int)} for text of the wrong shape. */
  static final long NOT_FIXED = Long.MIN_VALUE;

  /**
   * Parses {@code -?D+(.D{1,maxFraction})?} into units of 10^-scale; returns {@code null} when
   * the text does not have that shape or has more fractional digits than {@code maxFraction}, and
   * throws {@link ArithmeticException} when the value does not fit in a long.
   */
  public static Long parseFixed(String text, int scale, int maxFraction) {
    long value = parseFixed(text.toCharArray(), 0, text.length(), scale, maxFraction);
    return value == NOT_FIXED ? null : value;
  }

  /**
   * As {@link #parseFixed(String, int, int)} on {@code text[offset, offset+length)}, without
   * boxing: {@link #NOT_FIXED} (which no text can denote, as its magnitude overflows) for the
   * wrong shape.
   */
  static long parseFixed(char[] text, int offset, int length, int scale, int maxFraction) {
    int n = offset + length;
    int i = offset;
    boolean negative = false;
    if (i < n && text[i] == '-') {
      negative = true;
      i++;
    }
    int intStart = i;
    while (i < n && isDigit(text[i])) {
      i++;
    }
    if (i == intStart) {
      return NOT_FIXED;
    }
    long value = 0;
    for (int k = intStart; k < i; k++) {
      value = Math.addExact(Math.multiplyExact(value, 10), text[k] - '0');
    }
    int fraction = 0;
    if (i < n && text[i] == '.') {
      i++;
      int fracStart = i;
      while (i < n && isDigit(text[i])) {
        i++;
      }
      fraction = i - fracStart;
      if (fraction == 0 || fraction > maxFraction) {
        return NOT_FIXED;
      }
      for (int k = fracStart; k < i; k++) {
        value = Math.addExact(Math.multiplyExact(value, 10), text[k] - '0');
      }
    }
    if (i != n) {
      return NOT_FIXED;
    }
    for (int k = fraction; k < scale; k++) {
      value = Math.multiplyExact(value, 10);
    }
    return negative ? -value : value;
  }

  /** Formats units of 10^-scale with exactly {@code scale} fractional digits. */
  public static String format(long units, int scale) {
    StringBuilder sb = new StringBuilder(24);
    appendFormatted(sb, units, scale);
    return sb.toString();
  }

  /** Appends units of 10^-scale with exactly {@code scale} fractional digits (no allocation). */
  public static void appendFormatted(StringBuilder sb, long units, int scale) {
    long pow = 1;
    for (int i = 0; i < scale; i++) {
      pow *= 10;
    }
    // the magnitude as an unsigned value, so that Long.MIN_VALUE is exact too
    long magnitude = units < 0 ? -units : units;
    long whole = Long.divideUnsigned(magnitude, pow);
    long fraction = Long.remainderUnsigned(magnitude, pow);
    if (units < 0) {
      sb.append('-');
    }
    if (whole >= 0) {
      sb.append(whole);
    } else {
      sb.append(Long.toUnsignedString(whole));
    }
    if (scale > 0) {
      sb.append('.');
      for (long p = pow / 10; p > 0; p /= 10) {
        sb.append((char) ('0' + fraction / p % 10));
      }
    }
  }

  public static String formatMoney(long fen) {
    return format(fen, MONEY_SCALE);
  }

  public static String formatRatio(long tenThousandths) {
    return format(tenThousandths, RATIO_SCALE);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
