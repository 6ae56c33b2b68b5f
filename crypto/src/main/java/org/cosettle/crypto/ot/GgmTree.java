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
 * the right children made at level ℓ. The batched methods expand several trees at once (so that
 * one AES call covers a level of all of them, not the one or two nodes of a tree's first levels).
 * Not thread-safe: it keeps scratch space.
 */
final class GgmTree {
  /** Levels at least this wide are expanded tree by tree, in place; narrower ones in one batch. */
  private static final int DIRECT_WIDTH = 1024;

  private final FixedKeyAesHash left;
  private final FixedKeyAesHash right;
  /** Scratch of the batched levels. */
  private long[] parents = new long[0];
  private long[] rights = new long[0];

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
    expand(new long[] {seedLow, seedHigh}, 1, h, nodes, offset, sums, sumsAt);
  }

  /**
   * {@link #expand(long, long, int, long[], int, long[], int)} for {@code trees} trees at once, the
   * AES calls of a level batched over all of them: tree τ has the root {@code seeds[2τ..2τ+1]}, its
   * leaves from block {@code offset + τ·2^h} and its sums from {@code sumsAt + τ·4h}.
   */
  void expand(long[] seeds, int trees, int h, long[] nodes, int offset, long[] sums, int sumsAt) {
    int size = 1 << h;
    for (int tree = 0; tree < trees; tree++) {
      nodes[2 * (offset + tree * size)] = seeds[2 * tree];
      nodes[2 * (offset + tree * size) + 1] = seeds[2 * tree + 1];
    }
    for (int level = 0; level < h; level++) {
      int width = 1 << level;
      expandLevel(nodes, offset, size, trees, width);
      for (int tree = 0; tree < trees; tree++) {
        int root = offset + tree * size;
        int s = sumsAt + 4 * (tree * h + level);
        xorOf(nodes, root, width, sums, s);
        xorOf(nodes, root + width, width, sums, s + 2);
      }
    }
  }

  /**
   * The receiver's side: rebuilds every leaf but one from the sums it learned, K<sup>ℓ</sup> of the
   * side <em>off</em> the path ({@code learned}, 2 longs per level from {@code learnedAt}); the path
   * goes right at level ℓ when bit ℓ − 1 of {@code path} is one. The punctured leaf is left zero
   * and its index, {@code path}, is returned.
   */
  int puncture(long[] learned, int learnedAt, int path, int h, long[] nodes, int offset) {
    puncture(learned, learnedAt, new int[] {path}, 1, h, nodes, offset);
    return path;
  }

  /**
   * {@link #puncture(long[], int, int, int, long[], int)} for {@code trees} trees at once: tree τ
   * learned the sums from {@code learnedAt + τ·2h}, is punctured at leaf {@code paths[τ]} and has
   * its leaves from block {@code offset + τ·2^h}.
   */
  void puncture(long[] learned, int learnedAt, int[] paths, int trees, int h, long[] nodes, int offset) {
    int size = 1 << h;
    for (int tree = 0; tree < trees; tree++) {
      clear(nodes, offset + tree * size);
    }
    long[] sum = new long[2];
    for (int level = 0; level < h; level++) {
      int width = 1 << level;
      expandLevel(nodes, offset, size, trees, width);
      for (int tree = 0; tree < trees; tree++) {
        int root = offset + tree * size;
        int path = paths[tree];
        int onPath = path & (width - 1);
        int goRight = (path >>> level) & 1;
        int sibling = onPath + (1 - goRight) * width;
        clear(nodes, root + onPath + goRight * width);
        clear(nodes, root + sibling);
        // the sibling is its side's sum minus the other nodes of that side
        xorOf(nodes, root + (1 - goRight) * width, width, sum, 0);
        int l = learnedAt + 2 * (tree * h + level);
        nodes[2 * (root + sibling)] = sum[0] ^ learned[l];
        nodes[2 * (root + sibling) + 1] = sum[1] ^ learned[l + 1];
      }
    }
  }

  /** Level of {@code width} nodes → level of 2·width nodes, in place (one tree at block {@code offset}). */
  void expandLevel(long[] nodes, int offset, int width) {
    expandLevel(nodes, offset, 0, 1, width);
  }

  /**
   * The same for {@code trees} trees of {@code size} blocks from block {@code offset}: a narrow level
   * is gathered into one batch so that each AES call covers many blocks.
   */
  private void expandLevel(long[] nodes, int offset, int size, int trees, int width) {
    if (trees == 1 || width >= DIRECT_WIDTH) {
      for (int tree = 0; tree < trees; tree++) {
        int root = offset + tree * size;
        right.cr(nodes, root, nodes, root + width, width);
        left.cr(nodes, root, nodes, root, width);
      }
      return;
    }
    int count = trees * width;
    if (parents.length < 2 * count) {
      parents = new long[2 * count];
      rights = new long[2 * count];
    }
    for (int tree = 0; tree < trees; tree++) {
      System.arraycopy(nodes, 2 * (offset + tree * size), parents, 2 * tree * width, 2 * width);
    }
    right.cr(parents, 0, rights, 0, count);
    left.cr(parents, 0, parents, 0, count);
    for (int tree = 0; tree < trees; tree++) {
      int root = offset + tree * size;
      System.arraycopy(parents, 2 * tree * width, nodes, 2 * root, 2 * width);
      System.arraycopy(rights, 2 * tree * width, nodes, 2 * (root + width), 2 * width);
    }
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
