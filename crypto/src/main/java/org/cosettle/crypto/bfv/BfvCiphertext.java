package org.cosettle.crypto.bfv;

/**
 * An immutable BFV ciphertext of two (or, before relinearisation, three) polynomials in
 * coefficient form over the first {@link #level()} data primes. A fresh symmetric ciphertext
 * remembers the seed of its uniform component and serializes with the seed instead.
 */
public final class BfvCiphertext implements BfvScheme.Ciphertext {
  final BfvParameters parameters;
  final int level;
  final long[][] polys;
  /** Non-null only for a fresh symmetric ciphertext: polys[1] is the INTT of the seed's expansion. */
  final byte[] seed;

  BfvCiphertext(BfvParameters parameters, int level, long[][] polys, byte[] seed) {
    this.parameters = parameters;
    this.level = level;
    this.polys = polys;
    this.seed = seed;
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  /** How many data primes the ciphertext uses (the top level is the parameters' maxLevel). */
  @Override
  public int level() {
    return level;
  }

  /** Number of polynomials: 2, or 3 after a multiplication without relinearisation. */
  @Override
  public int size() {
    return polys.length;
  }

  /** Whether serialization will ship a seed for the second polynomial. */
  public boolean isSeeded() {
    return seed != null;
  }

  @Override
  public byte[] toBytes() {
    return BfvSerialization.writeCiphertext(this);
  }

  /** Strict parsing: malformed, truncated, out-of-range or foreign-parameter bytes throw. */
  public static BfvCiphertext fromBytes(BfvContext context, byte[] bytes) {
    return BfvSerialization.readCiphertext(context, bytes);
  }

  /**
   * A fresh symmetric ciphertext's bytes with only the first {@code coefficients} coefficients of
   * its first component (and the seed of the second): for a receiver that reads the phase at those
   * coefficients and nothing else, such as an inner product's constant coefficient.
   */
  public byte[] toPrefixBytes(int coefficients) {
    return BfvSerialization.writePrefixCiphertext(this, coefficients);
  }

  /**
   * Reads {@link #toPrefixBytes} of exactly {@code coefficients} coefficients: the first component
   * is zero beyond them, so the phase is right at those coefficients only.
   */
  public static BfvCiphertext fromPrefixBytes(BfvContext context, byte[] bytes, int coefficients) {
    return BfvSerialization.readPrefixCiphertext(context, bytes, coefficients);
  }

  @Override
  public String toString() {
    return "BfvCiphertext{level=" + level + ", size=" + polys.length + (seed != null ? ", seeded" : "") + "}";
  }
}
