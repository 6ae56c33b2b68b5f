package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/** The GGM tree of single-point COT: its PRG against FIPS-197, and puncturing at every leaf. */
class GgmTreeTest {
  private static final HexFormat HEX = HexFormat.of();

  private static long word(byte[] bytes, int at) {
    long w = 0;
    for (int i = 7; i >= 0; i--) {
      w = (w << 8) | (bytes[at + i] & 0xFF);
    }
    return w;
  }

  @Test
  void childrenAreFips197AesOfTheNodeXoredWithTheNode() {
    // FIPS-197 appendix C.1: AES-128 under 000102…0f maps 00112233…ff to 69c4e0d8…c55a
    byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    byte[] plain = HEX.parseHex("00112233445566778899aabbccddeeff");
    byte[] cipher = HEX.parseHex("69c4e0d86a7b0430d8cdb78070b4c55a");
    long[] left = {word(plain, 0), word(plain, 8), 0, 0};
    new GgmTree(key, new byte[16]).expandLevel(left, 0, 1);
    assertEquals(word(cipher, 0) ^ word(plain, 0), left[0], "π0 makes the left child");
    assertEquals(word(cipher, 8) ^ word(plain, 8), left[1]);
    long[] right = {word(plain, 0), word(plain, 8), 0, 0};
    new GgmTree(new byte[16], key).expandLevel(right, 0, 1);
    assertEquals(word(cipher, 0) ^ word(plain, 0), right[2], "π1 makes the right child");
    assertEquals(word(cipher, 8) ^ word(plain, 8), right[3]);
  }

  @Test
  void thePuncturedTreeHasEveryLeafButTheOneOnThePath() {
    Prg prg = Prg.create();
    GgmTree tree = new GgmTree(prg.nextSeed(), prg.nextSeed());
    int h = 6;
    int size = 1 << h;
    for (int path = 0; path < size; path++) {
      long[] seed = prg.nextLongs(2);
      long[] leaves = new long[2 * size];
      long[] sums = new long[4 * h];
      tree.expand(seed[0], seed[1], h, leaves, 0, sums, 0);
      long[] learned = new long[2 * h];
      for (int level = 0; level < h; level++) {
        int offPath = 1 - ((path >>> level) & 1);
        learned[2 * level] = sums[4 * level + 2 * offPath];
        learned[2 * level + 1] = sums[4 * level + 2 * offPath + 1];
      }
      long[] rebuilt = new long[2 * size];
      assertEquals(path, tree.puncture(learned, 0, path, h, rebuilt, 0));
      for (int leaf = 0; leaf < size; leaf++) {
        if (leaf == path) {
          assertEquals(0, rebuilt[2 * leaf] | rebuilt[2 * leaf + 1], "the punctured leaf is left zero");
          assertNotEquals(0, leaves[2 * leaf] | leaves[2 * leaf + 1]);
        } else {
          assertEquals(leaves[2 * leaf], rebuilt[2 * leaf], "leaf " + leaf + " of path " + path);
          assertEquals(leaves[2 * leaf + 1], rebuilt[2 * leaf + 1], "leaf " + leaf + " of path " + path);
        }
      }
    }
  }

  @Test
  void treesExpandedAndPuncturedTogetherEqualTreesOneByOne() {
    Prg prg = Prg.create();
    GgmTree tree = new GgmTree(prg.nextSeed(), prg.nextSeed());
    for (int h : new int[] {1, 4, 11}) { // 2^11 leaves: the widest levels go tree by tree
      int trees = 37;
      int size = 1 << h;
      int offset = 3;
      long[] seeds = prg.nextLongs(2 * trees);
      long[] together = new long[2 * (offset + trees * size)];
      long[] sums = new long[4 * h * trees];
      tree.expand(seeds, trees, h, together, offset, sums, 0);
      long[] learned = new long[2 * h * trees];
      int[] paths = new int[trees];
      for (int t = 0; t < trees; t++) {
        long[] alone = new long[2 * size];
        long[] aloneSums = new long[4 * h];
        tree.expand(seeds[2 * t], seeds[2 * t + 1], h, alone, 0, aloneSums, 0);
        assertArrayEquals(alone, Arrays.copyOfRange(together, 2 * (offset + t * size), 2 * (offset + (t + 1) * size)));
        assertArrayEquals(aloneSums, Arrays.copyOfRange(sums, 4 * h * t, 4 * h * (t + 1)));
        paths[t] = (int) prg.nextLongBelow(size);
        for (int level = 0; level < h; level++) {
          int offPath = 1 - ((paths[t] >>> level) & 1);
          learned[2 * (t * h + level)] = aloneSums[4 * level + 2 * offPath];
          learned[2 * (t * h + level) + 1] = aloneSums[4 * level + 2 * offPath + 1];
        }
      }
      long[] rebuilt = new long[together.length];
      tree.puncture(learned, 0, paths, trees, h, rebuilt, offset);
      for (int t = 0; t < trees; t++) {
        int leaf = offset + t * size + paths[t];
        long[] expected = together.clone();
        expected[2 * leaf] = 0;
        expected[2 * leaf + 1] = 0;
        assertArrayEquals(Arrays.copyOfRange(expected, 2 * (offset + t * size), 2 * (offset + (t + 1) * size)),
            Arrays.copyOfRange(rebuilt, 2 * (offset + t * size), 2 * (offset + (t + 1) * size)), "tree " + t);
      }
    }
  }

  @Test
  void aTreeGivenTheOnPathSumsInsteadRebuildsWrongLeaves() {
    // positive control for the test above: the sums of the wrong sides must not rebuild the tree
    Prg prg = Prg.create();
    GgmTree tree = new GgmTree(prg.nextSeed(), prg.nextSeed());
    int h = 5;
    long[] leaves = new long[2 << h];
    long[] sums = new long[4 * h];
    tree.expand(1, 2, h, leaves, 0, sums, 0);
    int path = 19;
    long[] learned = new long[2 * h];
    for (int level = 0; level < h; level++) {
      int onPath = (path >>> level) & 1;
      learned[2 * level] = sums[4 * level + 2 * onPath];
      learned[2 * level + 1] = sums[4 * level + 2 * onPath + 1];
    }
    long[] rebuilt = new long[2 << h];
    tree.puncture(learned, 0, path, h, rebuilt, 0);
    int matching = 0;
    for (int leaf = 0; leaf < 1 << h; leaf++) {
      matching += leaves[2 * leaf] == rebuilt[2 * leaf] ? 1 : 0;
    }
    assertEquals(0, matching);
  }
}
