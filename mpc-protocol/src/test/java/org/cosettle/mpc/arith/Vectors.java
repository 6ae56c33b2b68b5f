package org.cosettle.mpc.arith;

import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveSharing;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.Ring64;
import org.cosettle.crypto.sharing.SharePair;
import org.cosettle.crypto.sharing.XorSharing;

/** Test vectors with edge values first, and a dealer that splits them into shares. */
final class Vectors {
  /** The batch sizes every operation is run on. */
  static final int[] SIZES = {0, 1, 63, 64, 65, 3000};

  private static final AdditiveSharing SHARING = AdditiveSharing.over(Ring64.INSTANCE);
  private static final long[] EDGES = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 2, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};

  private Vectors() {}

  /** {@code n} values: the 64-bit edge values first (rotated by {@code shift}), then uniform ones. */
  static long[] anyLongs(int n, int shift, Prg prg) {
    long[] out = prg.nextLongs(n);
    for (int i = 0; i < Math.min(n, EDGES.length); i++) {
      out[i] = EDGES[(i + shift) % EDGES.length];
    }
    return out;
  }

  /**
   * {@code n} values of the range [min, min + 2^bits − 1]: both ends and their neighbours first
   * (rotated by {@code shift}), then uniform ones.
   */
  static long[] inRange(int n, long min, int bits, int shift, Prg prg) {
    long mask = (1L << bits) - 1;
    long[] edges = {0, mask, 1, mask - 1, mask >>> 1, (mask >>> 1) + 1};
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long offset = i < edges.length ? edges[(i + shift) % edges.length] : prg.nextLong() & mask;
      out[i] = min + (offset & mask);
    }
    return out;
  }

  static SharePair share(long[] values, Prg prg) {
    return SHARING.share(values, prg);
  }

  static SharePair shareBits(boolean[] bits, Prg prg) {
    return XorSharing.share(XorSharing.pack(bits), bits.length, prg);
  }

  static long[] reconstruct(long[] p0, long[] p1) {
    return SHARING.reconstruct(p0, p1);
  }

  static boolean[] reconstructBits(long[] p0, long[] p1, int count) {
    return XorSharing.unpack(XorSharing.reconstruct(p0, p1), count);
  }

  static long[] of(SharePair pair, ArithmeticSession session) {
    return pair.of(session.party());
  }

  static Party other(Party party) {
    return party == Party.P0 ? Party.P1 : Party.P0;
  }
}
