package org.cosettle.crypto.ot;

import org.cosettle.crypto.random.FixedKeyAesHash;

/**
 * GGM trees (Goldreich–Goldwasser–Micali) of depth h over 128-bit nodes, the punctured PRF behind
 * Ferret's single-point COT. The length-doubling PRG is G(s) = (π<sub>0</sub>(s) ⊕ s,
 * π<sub>1</sub>(s) ⊕ s) with π<sub>0</sub>, π<sub>1</sub> AES under two fixed public keys
 * (Matyas–Meyer–Oseas, {@link FixedKeyAesHash#cr}): pseudorandom in the ideal-permutation model
 * for a secret uniform s (Guo–Katz–Wang–Yu, IEEE S&amp;P 2020).
 *
 * <p>Layout: a tree lives in {@code 2^h} consecutive blocks of an array. Level ℓ occupies the first
 * 2<sup>ℓ</sup> blocks; the children of node i of level ℓ are i (left, π<sub>0</sub>) and
 * i + 2<sup>ℓ</sup> (right, π<sub>1</sub>) of level ℓ + 1, so a level expands in place with two
 * batched AES calls. The path to leaf p therefore goes right at level ℓ exactly when bit ℓ − 1 of p
 * is one. K<sup>ℓ</sup><sub>0</sub> and K<sup>ℓ</sup><sub>1</sub> are the XOR of the left and of
 * the right children made at level ℓ.
 */
final class GgmTree {
  private final FixedKeyAesHash left;
  private final FixedKeyAesHash right;

  GgmTree(byte[] leftKey, byte[] rightKey) {
    this.left = FixedKeyAesHash.withKey(leftKey);
    this.right = FixedKeyAesHash.withKey(rightKey);
  }

  /**
   * Expands the root {@code seed} (2 longs) into 2<sup>h</sup> leaves at block {@code offset} of
   * {@code nodes}; writes K<sup>ℓ</sup><sub>0</sub>, K<sup>ℓ</sup><sub>1</sub> (4 longs per level,
   * ℓ = 1..h) to {@code sums} from index {@code sumsAt}.
   */
  void expand(long seedLow, long seedHigh, int h, long[] nodes, int offset, long[] sums, int sumsAt) {
    nodes[2 * offset] = seedLow;
    nodes[2 * offset + 1] = seedHigh;
    for (int level = 0; level < h; level++) {
      int width = 1 << level;
      expandLevel(nodes, offset, width);
      int s = sumsAt + 4 * level;
      xorOf(nodes, offset, width, sums, s);
      xorOf(nodes, offset + width, width, sums, s + 2);
    }
  }

  /**
   * The receiver's side: rebuilds every leaf but one from the sums it learned, K<sup>ℓ</sup> of the
   * side <em>off</em> the path ({@code learned}, 2 longs per level from {@code learnedAt}); the path
   * goes right at level ℓ when bit ℓ − 1 of {@code path} is one. The punctured leaf is left zero
   * and its index, {@code path}, is returned.
   */
  int puncture(long[] learned, int learnedAt, int path, int h, long[] nodes, int offset) {
    nodes[2 * offset] = 0;
    nodes[2 * offset + 1] = 0;
    int onPath = 0;
    for (int level = 0; level < h; level++) {
      int width = 1 << level;
      expandLevel(nodes, offset, width);
      int goRight = (path >>> level) & 1;
      int sibling = onPath + (1 - goRight) * width;
      onPath += goRight * width;
      clear(nodes, offset + onPath);
      clear(nodes, offset + sibling);
      // the sibling is its side's sum minus the other nodes of that side
      int side = offset + (1 - goRight) * width;
      long[] sum = new long[2];
      xorOf(nodes, side, width, sum, 0);
      nodes[2 * (offset + sibling)] = sum[0] ^ learned[learnedAt + 2 * level];
      nodes[2 * (offset + sibling) + 1] = sum[1] ^ learned[learnedAt + 2 * level + 1];
    }
    return onPath;
  }

  /** Level of {@code width} nodes → level of 2·width nodes, in place. */
  void expandLevel(long[] nodes, int offset, int width) {
    right.cr(nodes, offset, nodes, offset + width, width);
    left.cr(nodes, offset, nodes, offset, width);
  }

  /** XOR of {@code count} blocks from block {@code from}, into {@code out[at], out[at + 1]}. */
  static void xorOf(long[] nodes, int from, int count, long[] out, int at) {
    long low = 0;
    long high = 0;
    for (int i = 2 * from; i < 2 * (from + count); i += 2) {
      low ^= nodes[i];
      high ^= nodes[i + 1];
    }
    out[at] = low;
    out[at + 1] = high;
  }

  private static void clear(long[] nodes, int block) {
    nodes[2 * block] = 0;
    nodes[2 * block + 1] = 0;
  }

  @Override
  public String toString() {
    return "GgmTree[fixed-key AES]";
  }
}
