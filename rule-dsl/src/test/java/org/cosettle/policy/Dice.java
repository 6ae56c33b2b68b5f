package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A {@link Random} with the choices the test generators make. */
final class Dice {
  private final Random rnd;

  Dice(Random rnd) {
    this.rnd = rnd;
  }

  Random random() {
    return rnd;
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  boolean nextBoolean() {
    return rnd.nextBoolean();
  }

  @SafeVarargs
  final <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  /** Each element with probability 1/3, never none. */
  <T> List<T> subset(List<T> all) {
    List<T> out = new ArrayList<>();
    for (T t : all) {
      if (rnd.nextInt(3) == 0) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      out.add(pick(all));
    }
    return out;
  }
}
