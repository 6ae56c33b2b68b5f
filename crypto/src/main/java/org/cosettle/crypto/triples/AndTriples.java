package org.cosettle.crypto.triples;

/**
 * One party's XOR shares of {@code count} AND triples, bit-packed (bit i at
 * {@code words[i >>> 6] >>> i}, unused high bits zero): with the peer's shares,
 * (a<sub>0</sub> ⊕ a<sub>1</sub>) ∧ (b<sub>0</sub> ⊕ b<sub>1</sub>) = c<sub>0</sub> ⊕ c<sub>1</sub>.
 * {@link #toString()} shows only the count.
 */
public record AndTriples(int count, long[] a, long[] b, long[] c) {
  public AndTriples {
    int words = (count + 63) >>> 6;
    if (a.length != words || b.length != words || c.length != words) {
      throw new IllegalArgumentException(count + " triples need " + words + " words per share");
    }
  }

  @Override
  public String toString() {
    return "AndTriples[" + count + "]";
  }
}
