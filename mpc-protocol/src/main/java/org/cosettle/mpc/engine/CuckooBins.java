package org.cosettle.mpc.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.PrivateLookup;

/**
 * The keyed hashing of a private lookup's keys onto cuckoo bins: SHA-256 of the public per-session
 * hash key and the key's UTF-16 code units gives its 64-bit fingerprint and its {@link
 * PrivateLookup#HASHES} candidate bins. The insurer {@link #place}s each of its keys in one of its
 * candidates (random-walk cuckoo insertion); the data holder probes all of its key's candidates.
 * Keys are tagged: {@code "=" + code} for an exact code, {@code "*" + prefix} for a prefix element.
 *
 * <pre>{@code
 * CuckooBins bins = new CuckooBins(hashKey, 10_000);
 * long[] h = bins.hash("=C34.9");   // {fingerprint, bin 1, bin 2, bin 3}
 * }</pre>
 */
final class CuckooBins {
  /** Bytes of the hash key. */
  static final int KEY_BYTES = 32;
  /** Evictions one insertion may take before the placement gives up (and the insurer draws a new hash key). */
  private static final int MAX_EVICTIONS = 2000;

  private final byte[] hashKey;
  private final long bins;
  private final MessageDigest prototype;

  CuckooBins(byte[] hashKey, long bins) {
    if (hashKey.length != KEY_BYTES || bins < 1 || bins > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a " + KEY_BYTES + "-byte hash key and 1..2^31 − 1 bins are needed");
    }
    this.hashKey = hashKey.clone();
    this.bins = bins;
    try {
      prototype = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  long bins() {
    return bins;
  }

  /** {fingerprint, candidate bin 1, .., candidate bin {@link PrivateLookup#HASHES}} of {@code key}. */
  long[] hash(String key) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
    digest.update(hashKey);
    // the UTF-16 code units as they are: a prefix may end inside a surrogate pair, which UTF-8 would
    // replace by '?', making two different keys one
    byte[] units = new byte[2 * key.length()];
    for (int i = 0; i < key.length(); i++) {
      units[2 * i] = (byte) (key.charAt(i) >>> 8);
      units[2 * i + 1] = (byte) key.charAt(i);
    }
    byte[] h = digest.digest(units);
    long[] out = new long[1 + PrivateLookup.HASHES];
    for (int i = 0; i < out.length; i++) {
      long word = 0;
      for (int b = 0; b < 8; b++) {
        word = (word << 8) | (h[8 * i + b] & 0xff);
      }
      // a 64-bit word modulo at most 2^31 bins: a bias below 2^−33 per bin
      out[i] = i == 0 ? word : Long.remainderUnsigned(word, bins);
    }
    return out;
  }

  /**
   * Places {@code keys} (distinct) in their candidate bins: per bin the index of its key, −1 for an
   * empty one; null when the walk gives up, which at a load of at most one half with three hash
   * functions happens with probability below 2^−38 (docs/protocol.md, "Private tables").
   */
  int[] place(List<String> keys, Prg prg) {
    int[] owner = new int[(int) bins];
    Arrays.fill(owner, -1);
    long[][] candidates = new long[keys.size()][];
    for (int k = 0; k < keys.size(); k++) {
      candidates[k] = hash(keys.get(k));
    }
    for (int k = 0; k < keys.size(); k++) {
      int current = k;
      boolean placed = false;
      for (int step = 0; step < MAX_EVICTIONS && !placed; step++) {
        long[] c = candidates[current];
        for (int i = 1; i <= PrivateLookup.HASHES && !placed; i++) {
          if (owner[(int) c[i]] < 0) {
            owner[(int) c[i]] = current;
            placed = true;
          }
        }
        if (!placed) {
          int bin = (int) c[1 + (int) prg.nextLongBelow(PrivateLookup.HASHES)];
          int evicted = owner[bin];
          owner[bin] = current;
          current = evicted;
        }
      }
      if (!placed) {
        return null;
      }
    }
    return owner;
  }
}
