package org.cosettle.policy;

/**
 * How many random inputs the fuzz tests try: the system property {@code cosettle.fuzz.tries}
 * (the root pom passes 2000 by default; {@code -Dcosettle.fuzz.tries=100000} for a long run).
 */
final class FuzzTries {
  static final int DEFAULT = 2000;

  private FuzzTries() {}

  static int get() {
    return Integer.getInteger("cosettle.fuzz.tries", DEFAULT);
  }

  /** The default run does {@code base} of something; a long run scales it by tries / default. */
  static int scaled(int base) {
    return (int) Math.max(1, (long) base * get() / DEFAULT);
  }
}
