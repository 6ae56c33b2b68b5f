package org.cosettle.crypto.bfv;

/**
 * What {@link WordCoefficientBfv#compress} keeps of a ciphertext for its key owner: the first
 * component at a few coefficients, rounded to {@link #constantBits()} bits, and the whole second
 * component rounded to {@link #linearBits()} bits (both between 65 and 126 bits), so that only
 * those coefficients can be decrypted. The coefficients are not part of the bytes: both parties
 * derive them from the protocol.
 *
 * <p>Bytes: count·constantBits + n·linearBits bits, little-endian bit-packed, zero-padded to a byte.
 */
public final class CompactWordCiphertext {
  private final int n;
  private final int[] coefficients;
  private final int constantBits;
  private final int linearBits;
  /** [0] low words, [1] high words. */
  private final long[][] constant;
  private final long[][] linear;

  CompactWordCiphertext(int n, int[] coefficients, int constantBits, int linearBits, long[][] constant, long[][] linear) {
    this.n = n;
    this.coefficients = coefficients;
    this.constantBits = constantBits;
    this.linearBits = linearBits;
    this.constant = constant;
    this.linear = linear;
  }

  static void requireWidths(int constantBits, int linearBits) {
    if (constantBits <= WordCoefficientBfv.WORD_BITS || linearBits < constantBits || linearBits > 126) {
      throw new IllegalArgumentException("widths must satisfy 64 < constantBits ≤ linearBits ≤ 126: "
          + constantBits + ", " + linearBits);
    }
  }

  /** Length in bytes of a compact ciphertext with {@code count} coefficients. */
  public static int byteLength(int n, int count, int constantBits, int linearBits) {
    return BitPacking.bytesFor((long) count * constantBits + (long) n * linearBits);
  }

  public byte[] toBytes() {
    byte[] out = new byte[byteLength(n, coefficients.length, constantBits, linearBits)];
    BitPacking.Writer writer = new BitPacking.Writer(out, 0);
    for (int i = 0; i < coefficients.length; i++) {
      writer.write(constant[0][i], 64);
      writer.write(constant[1][i], constantBits - 64);
    }
    for (int c = 0; c < n; c++) {
      writer.write(linear[0][c], 64);
      writer.write(linear[1][c], linearBits - 64);
    }
    writer.finish();
    return out;
  }

  /**
   * Strict parsing for the given ring degree, coefficients and widths: a wrong length or non-zero
   * padding throws {@link BfvFormatException}.
   */
  public static CompactWordCiphertext fromBytes(byte[] bytes, int n, int[] coefficients, int constantBits, int linearBits) {
    requireWidths(constantBits, linearBits);
    for (int c : coefficients) {
      if (c < 0 || c >= n) {
        throw new IllegalArgumentException("coefficient must lie in [0, " + n + "): " + c);
      }
    }
    int expected = byteLength(n, coefficients.length, constantBits, linearBits);
    if (bytes == null || bytes.length != expected) {
      throw new BfvFormatException("compact ciphertext of " + (bytes == null ? 0 : bytes.length)
          + " bytes, expected " + expected);
    }
    BitPacking.Reader reader = new BitPacking.Reader(bytes, 0);
    long[][] constant = new long[2][coefficients.length];
    for (int i = 0; i < coefficients.length; i++) {
      constant[0][i] = reader.read(64);
      constant[1][i] = reader.read(constantBits - 64);
    }
    long[][] linear = new long[2][n];
    for (int c = 0; c < n; c++) {
      linear[0][c] = reader.read(64);
      linear[1][c] = reader.read(linearBits - 64);
    }
    reader.finish();
    return new CompactWordCiphertext(n, coefficients.clone(), constantBits, linearBits, constant, linear);
  }

  public int degree() {
    return n;
  }

  /** How many coefficients can be decrypted. */
  public int count() {
    return coefficients.length;
  }

  public int coefficient(int i) {
    return coefficients[i];
  }

  public int constantBits() {
    return constantBits;
  }

  public int linearBits() {
    return linearBits;
  }

  long constantLow(int i) {
    return constant[0][i];
  }

  long constantHigh(int i) {
    return constant[1][i];
  }

  long linearLow(int c) {
    return linear[0][c];
  }

  long linearHigh(int c) {
    return linear[1][c];
  }

  /** Whether the rounded second components are equal (the positive-control tests compare views). */
  public boolean sameLinearPart(CompactWordCiphertext other) {
    return java.util.Arrays.equals(linear[0], other.linear[0]) && java.util.Arrays.equals(linear[1], other.linear[1]);
  }

  @Override
  public String toString() {
    return "CompactWordCiphertext{n=" + n + ", coefficients=" + coefficients.length + ", bits=" + constantBits
        + "/" + linearBits + "}";
  }
}
