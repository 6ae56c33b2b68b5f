package org.cosettle.crypto.triples;

import org.cosettle.crypto.sharing.AdditiveRing;

/**
 * One party's additive shares of {@code count} Beaver triples over {@code ring}: with the peer's
 * shares, (a<sub>0</sub> + a<sub>1</sub>)(b<sub>0</sub> + b<sub>1</sub>) = c<sub>0</sub> + c<sub>1</sub>
 * element by element. The arrays are the shares themselves; {@link #toString()} shows only the
 * count and ring.
 */
public record MultiplicationTriples(AdditiveRing ring, long[] a, long[] b, long[] c) {
  public MultiplicationTriples {
    if (a.length != b.length || b.length != c.length) {
      throw new IllegalArgumentException("a, b and c need equal lengths: " + a.length + ", " + b.length + ", " + c.length);
    }
  }

  public int count() {
    return a.length;
  }

  @Override
  public String toString() {
    return "MultiplicationTriples[" + a.length + " over " + ring + "]";
  }
}
