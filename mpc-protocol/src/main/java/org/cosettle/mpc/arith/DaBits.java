package org.cosettle.mpc.arith;

/**
 * One party's shares of {@code count} daBits: bit i as an XOR share (packed, bit i at
 * {@code bits[i >>> 6] >>> i}) and as an additive share over Z(2<sup>64</sup>) of the same bit.
 * {@link #toString()} shows the count only.
 */
record DaBits(int count, long[] bits, long[] arithmetic) {
  DaBits {
    if (bits.length != Bits.words(count) || arithmetic.length != count) {
      throw new IllegalArgumentException(count + " daBits need " + Bits.words(count) + " words and " + count + " shares");
    }
  }

  @Override
  public String toString() {
    return "DaBits[" + count + "]";
  }
}
