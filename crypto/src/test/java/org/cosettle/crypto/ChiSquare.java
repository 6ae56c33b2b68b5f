package org.cosettle.crypto;

/** Pearson's chi-square test of equally likely buckets, for the uniformity tests. */
public final class ChiSquare {
  private ChiSquare() {}

  /** The statistic sum((observed - expected)^2 / expected) with equal expected counts. */
  public static double statistic(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double expected = (double) total / counts.length;
    double sum = 0;
    for (long c : counts) {
      double d = c - expected;
      sum += d * d / expected;
    }
    return sum;
  }

  /**
   * Wilson–Hilferty normal approximation: the z-score of the statistic for {@code counts.length - 1}
   * degrees of freedom. Uniform data gives |z| of a few units at most; z above 6 has a probability
   * near 1e-9.
   */
  public static double zScore(long[] counts) {
    double df = counts.length - 1;
    double x = statistic(counts) / df;
    double mean = 1 - 2 / (9 * df);
    return (Math.cbrt(x) - mean) / Math.sqrt(2 / (9 * df));
  }

  /**
   * Bucket of {@code value} in {@code [0, bound)} among {@code buckets} buckets of width
   * {@code bound / buckets} (the last one absorbs the remainder, a negligible excess when
   * {@code bound} is large, none when {@code buckets} divides it).
   */
  public static int bucket(long value, long bound, int buckets) {
    return (int) Math.min(value / (bound / buckets), buckets - 1);
  }
}
