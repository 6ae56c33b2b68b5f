package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.Function;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.junit.jupiter.api.Test;

/**
 * The Beneš network: its routing realises every permutation of 2, 4 and 8 positions and random
 * ones of 1,024, forwards and backwards, and on shares it permutes values of several words with
 * the insurer's switch bits at one 1-bit product per switch and word.
 */
class BenesNetworkTest {
  @Test
  void everyPermutationOfSmallNetworksIsRouted() {
    for (int size : new int[] {2, 4, 8}) {
      BenesNetwork network = BenesNetwork.of(size);
      int[] destination = new int[size];
      for (int i = 0; i < size; i++) {
        destination[i] = i;
      }
      int count = 0;
      do {
        check(network, destination);
        count++;
      } while (nextPermutation(destination));
      assertEquals(factorial(size), count);
    }
  }

  @Test
  void randomPermutationsOfLargeNetworksAreRouted() {
    Random random = new Random(13);
    for (int size : new int[] {16, 64, 1024}) {
      BenesNetwork network = BenesNetwork.of(size);
      for (int t = 0; t < 20; t++) {
        check(network, shuffled(size, random));
      }
    }
  }

  @Test
  void aWrongRoutingIsCaught() {
    // positive control: one switch bit flipped no longer realises the permutation
    BenesNetwork network = BenesNetwork.of(8);
    int[] destination = shuffled(8, new Random(5));
    boolean[][] bits = network.route(destination);
    bits[2][1] = !bits[2][1];
    long[] values = identity(8);
    long[] want = new long[8];
    for (int i = 0; i < 8; i++) {
      want[destination[i]] = values[i];
    }
    assertThrows(AssertionError.class, () -> assertArrayEquals(want, network.permute(values, 1, bits, false)));
  }

  @Test
  void shapesAndArgumentsAreChecked() {
    assertEquals(2, BenesNetwork.paddedSize(0));
    assertEquals(2, BenesNetwork.paddedSize(2));
    assertEquals(4, BenesNetwork.paddedSize(3));
    assertEquals(1024, BenesNetwork.paddedSize(1000));
    assertEquals(1024, BenesNetwork.paddedSize(1024));
    assertEquals(19, BenesNetwork.layers(1024));
    assertEquals(512L * 19, BenesNetwork.switches(1024));
    assertThrows(IllegalArgumentException.class, () -> BenesNetwork.of(6));
    assertThrows(IllegalArgumentException.class, () -> BenesNetwork.of(4).route(new int[] {0, 1, 1, 2}));
  }

  @Test
  void sharesArePermutedByTheOwnersBits() {
    int size = 16;
    int words = 3;
    BenesNetwork network = BenesNetwork.of(size);
    int[] destination = shuffled(size, new Random(7));
    boolean[][] bits = network.route(destination);
    Prg prg = Prg.create();
    long[] values = prg.nextLongs(size * words);
    org.cosettle.crypto.sharing.SharePair xs = Vectors.share(values, prg);
    int ots = (int) BenesNetwork.switches(size) * words * 2;
    TwoParties.Outcome<long[][], long[][]> outcome = TwoParties.run(0, 0, 0, ots, Function.identity(),
        Function.identity(),
        (s, c) -> both(network, s, Vectors.of(xs, s), words, null),
        (s, c) -> both(network, s, Vectors.of(xs, s), words, bits));
    long[] forward = Vectors.reconstruct(outcome.p0()[0], outcome.p1()[0]);
    assertArrayEquals(network.permute(values, words, bits, false), forward);
    for (int i = 0; i < size; i++) {
      for (int w = 0; w < words; w++) {
        assertEquals(values[i * words + w], forward[destination[i] * words + w]);
      }
    }
    assertArrayEquals(values, Vectors.reconstruct(outcome.p0()[1], outcome.p1()[1]), "and back");
    assertEquals(2L * BenesNetwork.layers(size), outcome.cost0().rounds(), "a round trip per layer");
  }

  private static long[][] both(BenesNetwork network, ArithmeticSession s, long[] x, int words, boolean[][] bits) {
    long[] forward = network.apply(s, x, words, bits, Party.P1, false);
    return new long[][] {forward, network.apply(s, forward, words, bits, Party.P1, true)};
  }

  private static void check(BenesNetwork network, int[] destination) {
    int size = destination.length;
    boolean[][] bits = network.route(destination);
    long[] values = identity(size);
    long[] want = new long[size];
    for (int i = 0; i < size; i++) {
      want[destination[i]] = values[i];
    }
    assertArrayEquals(want, network.permute(values, 1, bits, false), () -> java.util.Arrays.toString(destination));
    assertArrayEquals(values, network.permute(want, 1, bits, true), "the inverse");
  }

  private static long[] identity(int size) {
    long[] values = new long[size];
    for (int i = 0; i < size; i++) {
      values[i] = 100 + i;
    }
    return values;
  }

  private static int[] shuffled(int size, Random random) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  private static int factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
  }
}
