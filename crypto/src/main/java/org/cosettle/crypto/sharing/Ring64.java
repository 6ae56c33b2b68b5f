package org.cosettle.crypto.sharing;

import org.cosettle.crypto.random.Prg;

/** Z(2<sup>64</sup>): Java's wrapping {@code long} arithmetic; every {@code long} is canonical. */
public final class Ring64 implements AdditiveRing {
  public static final Ring64 INSTANCE = new Ring64();

  private Ring64() {}

  @Override
  public boolean contains(long value) {
    return true;
  }

  @Override
  public long add(long a, long b) {
    return a + b;
  }

  @Override
  public long subtract(long a, long b) {
    return a - b;
  }

  @Override
  public long negate(long a) {
    return -a;
  }

  @Override
  public long multiply(long a, long b) {
    return a * b;
  }

  @Override
  public void random(Prg prg, long[] out) {
    prg.fillLongs(out);
  }

  @Override
  public String toString() {
    return "Z(2^64)";
  }
}
