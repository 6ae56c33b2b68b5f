package org.cosettle.crypto.sharing;

/**
 * Both shares of a vector, as the dealer produced them; each goes to one party. The arrays are
 * handed over, not copied. {@code toString()} shows the length only.
 */
public record SharePair(long[] p0, long[] p1) {
  public SharePair {
    if (p0.length != p1.length) {
      throw new IllegalArgumentException("share lengths differ: " + p0.length + " and " + p1.length);
    }
  }

  /** The share of {@code party}. */
  public long[] of(Party party) {
    return party == Party.P0 ? p0 : p1;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "SharePair[" + p0.length + " elements]";
  }
}
