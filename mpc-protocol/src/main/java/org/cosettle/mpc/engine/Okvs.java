package org.cosettle.mpc.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.PrivateLookup;

/**
 * A linear oblivious key-value store over Z(2^64) (a 3-hash garbled cuckoo table with a dense
 * part, after PaXoS: Pinkas, Rosulek, Trieu, Yanai, "PSI from PaXoS", Eurocrypt 2020): the value
 * of a key is the sum of the store at its three sparse positions, one in each third of the
 * positions, plus the inner product of its {@link #DENSE}-bit dense vector with the dense part.
 * SHA-256 of the public per-session hash key and the key's UTF-16 code units gives the key's
 * 64-bit fingerprint and sparse positions; a second digest gives its dense vector. Keys are
 * tagged: {@code "=" + code} for an exact code, {@code "*" + prefix} for a prefix element.
 *
 * <p>{@link #encode} peels the keys off the 3-hypergraph (a key with a position no other
 * remaining key has is set last, through that position) and solves the 2-core that is left, if
 * any, on the dense part by Gaussian elimination modulo 2^64; every position no key fixes is
 * uniform. It fails only when the core's dense vectors are linearly dependent modulo 2: with r
 * keys in the core that has probability at most 2^(r − 64), and at {@link PrivateLookup#EXPANSION} positions
 * per key the core has more than 24 keys with probability far below 2^−40 (docs/protocol.md,
 * "Private tables"). Decoding is linear, so it runs on Z(2^64) shares and, for the sparse part,
 * under encryption.
 *
 * <pre>{@code
 * Okvs okvs = Okvs.of(hashKey, PrivateLookup.table(7, 1, "drug_ratio", 20_000, 0, true));
 * long[][] store = okvs.encode(keys, values, prg);   // per column, per position (null: failed)
 * long[] h = okvs.hash("=C34.9");                    // {fingerprint, position 1, 2, 3, dense vector}
 * }</pre>
 */
final class Okvs {
  /** Bytes of the hash key. */
  static final int KEY_BYTES = 32;
  /** Sparse positions per key. */
  static final int TERMS = PrivateLookup.TERMS;
  /** Bits of a key's dense vector: columns of the dense part. */
  static final int DENSE = PrivateLookup.DENSE;

  private final byte[] hashKey;
  private final int segment;
  private final MessageDigest prototype;

  /** A store of {@code 3 × segment} sparse positions and the dense part. */
  Okvs(byte[] hashKey, int segment) {
    if (hashKey.length != KEY_BYTES || segment < 1 || segment > Integer.MAX_VALUE / TERMS) {
      throw new IllegalArgumentException("a " + KEY_BYTES + "-byte hash key and a positive segment size are needed");
    }
    this.hashKey = hashKey.clone();
    this.segment = segment;
    try {
      prototype = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The store of {@code lookup}'s layout ({@link PrivateLookup#positions}). */
  static Okvs of(byte[] hashKey, PrivateLookup lookup) {
    return of(hashKey, lookup.positions());
  }

  /** A store of {@code positions} sparse positions (a multiple of 3; {@link org.cosettle.mpc.plan.LookupStore#positions}). */
  static Okvs of(byte[] hashKey, long positions) {
    return new Okvs(hashKey, Math.toIntExact(positions / TERMS));
  }

  /** Sparse positions: 3 × the segment. */
  int positions() {
    return TERMS * segment;
  }

  /** {fingerprint, position 1, position 2, position 3, dense vector} of {@code key}. */
  long[] hash(String key) {
    // the UTF-16 code units as they are: a prefix may end inside a surrogate pair, which UTF-8 would
    // replace by '?', making two different keys one
    byte[] units = new byte[2 * key.length()];
    for (int i = 0; i < key.length(); i++) {
      units[2 * i] = (byte) (key.charAt(i) >>> 8);
      units[2 * i + 1] = (byte) key.charAt(i);
    }
    byte[] h = digest((byte) 0, units);
    long[] out = new long[2 + TERMS];
    for (int i = 0; i <= TERMS; i++) {
      long word = word(h, i);
      // a 64-bit word modulo at most 2^31 positions: a bias below 2^−33 per position
      out[i] = i == 0 ? word : (i - 1L) * segment + Long.remainderUnsigned(word, segment);
    }
    out[1 + TERMS] = word(digest((byte) 1, units), 0);
    return out;
  }

  private byte[] digest(byte domain, byte[] units) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
    digest.update(hashKey);
    digest.update(domain);
    return digest.digest(units);
  }

  private static long word(byte[] h, int i) {
    long word = 0;
    for (int b = 0; b < 8; b++) {
      word = (word << 8) | (h[8 * i + b] & 0xff);
    }
    return word;
  }

  /** The value at {@code h} ({@link #hash}) of a column of the store ({@link #encode}'s layout). */
  static long decode(long[] column, long[] h, int positions) {
    long v = 0;
    for (int i = 1; i <= TERMS; i++) {
      v += column[(int) h[i]];
    }
    return v + dense(column, positions, h[1 + TERMS]);
  }

  /** The dense part's share of a key's value: the inner product of its dense vector with the column's dense part. */
  static long dense(long[] column, int positions, long vector) {
    long v = 0;
    for (int j = 0; j < DENSE; j++) {
      if (((vector >>> j) & 1) != 0) {
        v += column[positions + j];
      }
    }
    return v;
  }

  /**
   * The store of {@code keys} (distinct) with {@code values[column][key]}: per column, the {@link
   * #positions} sparse positions then the {@link #DENSE} dense ones; null when the 2-core left
   * after peeling cannot be solved (probability below 2^−40: the caller draws a new hash key).
   */
  long[][] encode(List<String> keys, long[][] values, Prg prg) {
    int m = positions();
    int columns = values.length;
    int n = keys.size();
    long[][] h = new long[n][];
    for (int k = 0; k < n; k++) {
      h[k] = hash(keys.get(k));
    }
    Peeling peeling = peel(h);
    int[] order = peeling.order();
    int[] free = peeling.free();
    int done = order.length;
    long[][] store = new long[columns][];
    for (int c = 0; c < columns; c++) {
      store[c] = prg.nextLongs(m + DENSE);
    }
    int[] core = peeling.core();
    if (core.length > 0 && !solveDense(core, h, values, store, m, prg)) {
      return null;
    }
    for (int j = done - 1; j >= 0; j--) {
      int k = order[j];
      for (int c = 0; c < columns; c++) {
        long[] s = store[c];
        long rest = dense(s, m, h[k][1 + TERMS]);
        for (int i = 1; i <= TERMS; i++) {
          rest += (int) h[k][i] == free[j] ? 0 : s[(int) h[k][i]];
        }
        s[free[j]] = values[c][k] - rest;
      }
    }
    return store;
  }

  /** Keys left in the 2-core of {@code keys} after peeling: the ones the dense part must solve. */
  int coreSize(List<String> keys) {
    long[][] h = new long[keys.size()][];
    for (int k = 0; k < h.length; k++) {
      h[k] = hash(keys.get(k));
    }
    return peel(h).core().length;
  }

  /** The peeled keys in peeling order with the position each is set through, and the keys left (the 2-core). */
  private record Peeling(int[] order, int[] free, int[] core) {}

  /**
   * Peels the keys of hashes {@code h} off the 3-hypergraph: a position with one key left gives
   * that key, which is taken out of its other positions.
   */
  private Peeling peel(long[][] h) {
    int m = positions();
    int n = h.length;
    int[] count = new int[m];
    int[] xor = new int[m]; // the XOR of the indexes of the keys at a position: the last one's, once one is left
    for (int k = 0; k < n; k++) {
      for (int i = 1; i <= TERMS; i++) {
        count[(int) h[k][i]]++;
        xor[(int) h[k][i]] ^= k;
      }
    }
    ArrayDeque<Integer> single = new ArrayDeque<>();
    for (int p = 0; p < m; p++) {
      if (count[p] == 1) {
        single.add(p);
      }
    }
    int[] order = new int[n];
    int[] free = new int[n];
    boolean[] peeled = new boolean[n];
    int done = 0;
    while (!single.isEmpty()) {
      int p = single.poll();
      if (count[p] != 1) {
        continue;
      }
      int k = xor[p];
      peeled[k] = true;
      order[done] = k;
      free[done++] = p;
      for (int i = 1; i <= TERMS; i++) {
        int q = (int) h[k][i];
        count[q]--;
        xor[q] ^= k;
        if (count[q] == 1) {
          single.add(q);
        }
      }
    }
    int[] core = new int[n - done];
    for (int k = 0, at = 0; k < n; k++) {
      if (!peeled[k]) {
        core[at++] = k;
      }
    }
    return new Peeling(java.util.Arrays.copyOf(order, done), java.util.Arrays.copyOf(free, done), core);
  }

  /**
   * Sets the dense part so each key of {@code core} decodes to its values, its sparse positions
   * kept as drawn: Gauss–Jordan elimination modulo 2^64 on the core's dense vectors, each pivot an
   * odd (invertible) coefficient, the other dense positions uniform. False when the vectors are
   * linearly dependent modulo 2.
   */
  private static boolean solveDense(int[] core, long[][] h, long[][] values, long[][] store, int m, Prg prg) {
    int r = core.length;
    int columns = values.length;
    if (r > DENSE) {
      return false;
    }
    long[][] a = new long[r][DENSE];
    long[][] b = new long[r][columns];
    for (int row = 0; row < r; row++) {
      long[] hk = h[core[row]];
      for (int j = 0; j < DENSE; j++) {
        a[row][j] = (hk[1 + TERMS] >>> j) & 1;
      }
      for (int c = 0; c < columns; c++) {
        long sparse = 0;
        for (int i = 1; i <= TERMS; i++) {
          sparse += store[c][(int) hk[i]];
        }
        b[row][c] = values[c][core[row]] - sparse;
      }
    }
    int[] pivot = new int[r];
    boolean[] isPivot = new boolean[DENSE];
    for (int row = 0; row < r; row++) {
      int col = -1;
      for (int j = 0; j < DENSE && col < 0; j++) {
        if (!isPivot[j] && (a[row][j] & 1) != 0) {
          col = j;
        }
      }
      if (col < 0) {
        return false;
      }
      isPivot[col] = true;
      pivot[row] = col;
      long inverse = inverseOdd(a[row][col]);
      for (int j = 0; j < DENSE; j++) {
        a[row][j] *= inverse;
      }
      for (int c = 0; c < columns; c++) {
        b[row][c] *= inverse;
      }
      for (int other = 0; other < r; other++) {
        long f = a[other][col];
        if (other != row && f != 0) {
          for (int j = 0; j < DENSE; j++) {
            a[other][j] -= f * a[row][j];
          }
          for (int c = 0; c < columns; c++) {
            b[other][c] -= f * b[row][c];
          }
        }
      }
    }
    for (int c = 0; c < columns; c++) {
      long[] s = store[c];
      for (int row = 0; row < r; row++) {
        long v = b[row][c];
        for (int j = 0; j < DENSE; j++) {
          v -= isPivot[j] ? 0 : a[row][j] * s[m + j];
        }
        s[m + pivot[row]] = v;
      }
    }
    return true;
  }

  /** The inverse of an odd {@code x} modulo 2^64 (Newton's iteration, each step doubling the correct bits). */
  static long inverseOdd(long x) {
    long y = x; // correct to 3 bits: x·x ≡ 1 mod 8 for odd x
    for (int i = 0; i < 5; i++) {
      y *= 2 - x * y;
    }
    return y;
  }
}
