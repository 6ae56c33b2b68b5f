package org.cosettle.crypto.sharing;

import org.cosettle.crypto.random.Prg;

/**
 * A ring whose elements are held in one {@code long}: Z(2<sup>64</sup>) ({@link Ring64}) or a
 * prime field Z<sub>p</sub> ({@link PrimeField}). Element-wise vector operations write to
 * {@code out}, which may be one of the inputs; vectors must have equal lengths and hold canonical
 * elements ({@link #contains}).
 */
public interface AdditiveRing {
  /** Whether {@code value} is the canonical form of an element. */
  boolean contains(long value);

  long add(long a, long b);

  long subtract(long a, long b);

  long negate(long a);

  long multiply(long a, long b);

  /** Fills {@code out} with independent uniformly random elements. */
  void random(Prg prg, long[] out);

  default void add(long[] a, long[] b, long[] out) {
    requireSameLength(a, b, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = add(a[i], b[i]);
    }
  }

  default void subtract(long[] a, long[] b, long[] out) {
    requireSameLength(a, b, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = subtract(a[i], b[i]);
    }
  }

  /** out[i] = a[i] · scalar; {@code scalar} must be canonical. */
  default void multiply(long[] a, long scalar, long[] out) {
    requireElement(scalar, "scalar");
    requireSameLength(a, a, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = multiply(a[i], scalar);
    }
  }

  /** Whether every entry is canonical. */
  default boolean containsAll(long[] values) {
    for (long v : values) {
      if (!contains(v)) {
        return false;
      }
    }
    return true;
  }

  private void requireElement(long value, String what) {
    if (!contains(value)) {
      throw new IllegalArgumentException(what + " is not an element of " + this);
    }
  }

  private static void requireSameLength(long[] a, long[] b, long[] out) {
    if (a.length != b.length || a.length != out.length) {
      throw new IllegalArgumentException("vector lengths differ: " + a.length + ", " + b.length + ", " + out.length);
    }
  }
}
