package org.cosettle.crypto.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.cosettle.crypto.random.Prg;

/**
 * The public matrix A of Ferret's LPN step, a local linear code: row i (i &lt; n) has
 * {@link FerretParameters#ROW_WEIGHT} entries at positions drawn uniformly from [0, k) by a
 * {@link Prg} under a seed both parties hold (a repeated position cancels, as in GF(2) it should).
 * Positions are Lemire's multiply-and-reject on 32-bit keystream words, so exactly uniform; both
 * parties consume the same keystream and get the same rows. The rows are regenerated on every
 * encoding rather than stored (10 × n positions would be 400 MB at the main size).
 */
final class LocalLinearCode {
  private static final int KEYSTREAM_BYTES = 1 << 16;
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] seed;
  private final int k;

  LocalLinearCode(byte[] seed, int k) {
    this.seed = seed.clone();
    this.k = k;
  }

  /**
   * out<sub>i</sub> ⊕= ⊕<sub>j ∈ row i</sub> u<sub>j</sub> for i &lt; n, where u<sub>j</sub> is block
   * {@code uAt + j} of {@code blocks}; and, when {@code bits} is not null, bit i of
   * {@code outBits} ⊕= ⊕ bit {@code uAt + j} of {@code bits}.
   */
  void encode(long[] blocks, long[] bits, int uAt, long[] out, long[] outBits, int n) {
    Prg rows = Prg.fromSeed(seed);
    byte[] keystream = new byte[KEYSTREAM_BYTES];
    int used = KEYSTREAM_BYTES;
    long threshold = (1L << 32) % k;
    for (int i = 0; i < n; i++) {
      long low = 0;
      long high = 0;
      long bit = 0;
      for (int r = 0; r < FerretParameters.ROW_WEIGHT; r++) {
        long product;
        do {
          if (used == KEYSTREAM_BYTES) {
            rows.nextBytes(keystream);
            used = 0;
          }
          product = ((int) INT_LE.get(keystream, used) & 0xFFFFFFFFL) * k;
          used += Integer.BYTES;
        } while ((product & 0xFFFFFFFFL) < threshold);
        int j = uAt + (int) (product >>> 32);
        low ^= blocks[2 * j];
        high ^= blocks[2 * j + 1];
        if (bits != null) {
          bit ^= bits[j >>> 6] >>> j;
        }
      }
      out[2 * i] ^= low;
      out[2 * i + 1] ^= high;
      if (bits != null) {
        outBits[i >>> 6] ^= (bit & 1) << i;
      }
    }
  }

  @Override
  public String toString() {
    return "LocalLinearCode[k=" + k + ", " + FerretParameters.ROW_WEIGHT + " per row]";
  }
}
