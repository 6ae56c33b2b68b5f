package org.cosettle.policy;

import java.util.Random;

/**
 * How many random inputs the fuzz tests try: the system property {@code cosettle.fuzz.tries}
 * (the root pom passes 2000 by default; {@code -Dcosettle.fuzz.tries=100000} for a long run).
 * {@code -Dcosettle.fuzz.seed=N} replays the run a failure message names.
 */
final class FuzzTries {
  static final int DEFAULT = 2000;

  /** One try: make an input from {@code rnd} and check it; {@code context} names the seed and try. */
  interface Try {
    void run(Random rnd, String context);
  }

  private FuzzTries() {}

  static int get() {
    return Integer.getInteger("cosettle.fuzz.tries", DEFAULT);
  }

  /** The default run does {@code base} of something; a long run scales it by tries / default. */
  static int scaled(int base) {
    return (int) Math.max(1, (long) base * get() / DEFAULT);
  }

  /** Runs {@link #get()} tries from one random seed, printed in every failure for replay. */
  static void run(Try each) {
    long seed = Long.getLong("cosettle.fuzz.seed", System.nanoTime());
    Random rnd = new Random(seed);
    for (int i = 0, n = get(); i < n; i++) {
      each.run(rnd, "fuzz seed " + seed + " try " + i);
    }
  }
}
