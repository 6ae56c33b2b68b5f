package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.cosettle.crypto.InvalidEncodingException;

/** Fixed-length big-endian integers and the size byte shared by the key encodings. */
final class PaillierEncoding {
  private PaillierEncoding() {}

  static byte sizeByte(PaillierParameters parameters) {
    return (byte) (parameters.modulusBits() / 256);
  }

  static PaillierParameters parametersOf(byte sizeByte) {
    int bits = (sizeByte & 0xFF) * 256;
    try {
      return PaillierParameters.forModulusBits(bits);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException("unknown Paillier key size byte " + (sizeByte & 0xFF));
    }
  }

  /** Writes 0 ≤ value &lt; 2<sup>8·length</sup> big-endian into exactly {@code length} bytes. */
  static void writeFixed(BigInteger value, byte[] out, int offset, int length) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > length ? bytes.length - length : 0;
    int copied = bytes.length - skip;
    System.arraycopy(bytes, skip, out, offset + length - copied, copied);
  }
}
