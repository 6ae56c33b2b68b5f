package org.cosettle.mpc.arith;

import java.util.Arrays;
import org.cosettle.crypto.sharing.Party;

/**
 * A Beneš network on N = 2^k positions: 2k − 1 layers of N/2 switches, each switch swapping the
 * values at two positions or leaving them, which together realise any permutation of the N
 * positions. The wiring is public (it depends on N alone); the switch bits are the permutation's,
 * known to one party only, who routes them ({@link #route}). Applied to shares ({@link #apply}),
 * each switch is out = a + c·(b − a), b − c·(b − a): one product of a shared word by the bit's
 * owner's plaintext bit, every switch of a layer in one call, so the other party learns nothing of
 * the permutation.
 *
 * <p>The network is laid out in place: a subnetwork on the positions {@code P[0..m)} puts its
 * input switches on the pairs (P[2i], P[2i+1]), runs its upper half on the even positions and its
 * lower half on the odd ones, and puts its output switches on the same pairs again.
 */
public final class BenesNetwork {
  private final int size;
  /** {@code pairs[l][2s]}, {@code pairs[l][2s + 1]}: the two positions switch s of layer l acts on. */
  private final int[][] pairs;

  private BenesNetwork(int size) {
    this.size = size;
    int layers = layers(size);
    pairs = new int[layers][size];
    int[] positions = new int[size];
    for (int i = 0; i < size; i++) {
      positions[i] = i;
    }
    int[] filled = new int[layers];
    lay(positions, 0, filled);
  }

  /** The network on {@code size} positions, a power of two of at least 2. */
  public static BenesNetwork of(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("a Beneš network spans a power of two of at least 2 positions: " + size);
    }
    return new BenesNetwork(size);
  }

  /** The smallest power of two of at least {@code n} and 2: the positions a network for n values spans. */
  public static int paddedSize(int n) {
    return Math.max(2, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
  }

  /** 2·log2(size) − 1. */
  public static int layers(int size) {
    return 2 * Integer.numberOfTrailingZeros(size) - 1;
  }

  /** The switches of a network on {@code size} positions: size/2 per layer. */
  public static long switches(int size) {
    return (long) size / 2 * layers(size);
  }

  public int size() {
    return size;
  }

  private void lay(int[] positions, int layer, int[] filled) {
    int m = positions.length;
    int last = layer + layers(m) - 1;
    for (int i = 0; i < m; i++) {
      pairs[layer][filled[layer]++] = positions[i];
    }
    if (m == 2) {
      return;
    }
    for (int i = 0; i < m; i++) {
      pairs[last][filled[last]++] = positions[i];
    }
    int[] upper = new int[m / 2];
    int[] lower = new int[m / 2];
    for (int i = 0; i < m / 2; i++) {
      upper[i] = positions[2 * i];
      lower[i] = positions[2 * i + 1];
    }
    lay(upper, layer + 1, filled);
    lay(lower, layer + 1, filled);
  }

  /**
   * The switch bits that move the value at position i to position {@code destination[i]} (a
   * permutation of the network's positions): {@code bits[l][s]} for switch s of layer l, by the
   * looping algorithm, each subnetwork routed in turn.
   */
  public boolean[][] route(int[] destination) {
    if (destination.length != size) {
      throw new IllegalArgumentException("a permutation of " + size + " positions, not " + destination.length);
    }
    boolean[] seen = new boolean[size];
    for (int d : destination) {
      if (d < 0 || d >= size || seen[d]) {
        throw new IllegalArgumentException("not a permutation of " + size + " positions");
      }
      seen[d] = true;
    }
    boolean[][] bits = new boolean[layers(size)][size / 2];
    route(destination.clone(), 0, new int[bits.length], bits);
    return bits;
  }

  /**
   * Routes the subnetwork whose input i goes to its output {@code to[i]}, starting at {@code
   * layer}; {@code next[l]} is the next switch of layer l to set, in the order {@link #lay} laid
   * them out.
   */
  private static void route(int[] to, int layer, int[] next, boolean[][] bits) {
    int m = to.length;
    if (m == 2) {
      bits[layer][next[layer]++] = to[0] == 1;
      return;
    }
    int last = layer + layers(m) - 1;
    int[] from = new int[m];
    for (int i = 0; i < m; i++) {
      from[to[i]] = i;
    }
    // half[i]: whether input i goes through the lower half; inputs of one switch, and the sources
    // of the two outputs of one switch, go through different halves (a 2-colouring along cycles)
    int[] half = new int[m];
    Arrays.fill(half, -1);
    for (int start = 0; start < m; start += 2) {
      int i = start;
      while (half[i] < 0) {
        half[i] = 0;
        half[i ^ 1] = 1;
        // the output beside the lower one's must come from the upper half
        i = from[to[i ^ 1] ^ 1];
      }
    }
    int[] upper = new int[m / 2];
    int[] lower = new int[m / 2];
    for (int s = 0; s < m / 2; s++) {
      bits[layer][next[layer]++] = half[2 * s] == 1;
    }
    boolean[] outputSwap = new boolean[m / 2];
    for (int i = 0; i < m; i++) {
      if (half[i] == 0) {
        upper[i / 2] = to[i] / 2;
        outputSwap[to[i] / 2] = (to[i] & 1) == 1;
      } else {
        lower[i / 2] = to[i] / 2;
      }
    }
    for (int s = 0; s < m / 2; s++) {
      bits[last][next[last]++] = outputSwap[s];
    }
    route(upper, layer + 1, next, bits);
    route(lower, layer + 1, next, bits);
  }

  /**
   * The network applied in plaintext to {@code values} of {@code words} longs per position (or,
   * {@code inverse}, its layers in reverse order: the inverse permutation).
   */
  public long[] permute(long[] values, int words, boolean[][] bits, boolean inverse) {
    requireLength(values, words);
    long[] x = values.clone();
    for (int k = 0; k < pairs.length; k++) {
      int l = inverse ? pairs.length - 1 - k : k;
      for (int s = 0; s < size / 2; s++) {
        if (bits[l][s]) {
          int a = pairs[l][2 * s] * words;
          int b = pairs[l][2 * s + 1] * words;
          for (int w = 0; w < words; w++) {
            long t = x[a + w];
            x[a + w] = x[b + w];
            x[b + w] = t;
          }
        }
      }
    }
    return x;
  }

  /**
   * The network applied to shares {@code x} of {@code words} words per position, {@code owner}'s
   * switch bits ({@code bits} at the owner, null at the other party), forwards or ({@code
   * inverse}) backwards: one product with a 1-bit plaintext factor per switch and word, a layer per
   * call ({@link ArithmeticSession#multiplyPlaintext}: {@link #switches} × words random OTs the
   * owner receives).
   */
  public long[] apply(ArithmeticSession session, long[] x, int words, boolean[][] bits, Party owner, boolean inverse) {
    requireLength(x, words);
    boolean mine = session.party() == owner;
    if (mine != (bits != null)) {
      throw new IllegalArgumentException("the owner of the switch bits gives them, the other party does not");
    }
    long[] out = x.clone();
    int half = size / 2;
    for (int k = 0; k < pairs.length; k++) {
      int l = inverse ? pairs.length - 1 - k : k;
      long[] differences = new long[half * words];
      long[] factors = mine ? new long[half * words] : null;
      for (int s = 0; s < half; s++) {
        int a = pairs[l][2 * s] * words;
        int b = pairs[l][2 * s + 1] * words;
        for (int w = 0; w < words; w++) {
          differences[s * words + w] = out[b + w] - out[a + w];
          if (mine) {
            factors[s * words + w] = bits[l][s] ? 1 : 0;
          }
        }
      }
      long[] moved = session.multiplyPlaintext(differences, factors, owner, 0, 1);
      for (int s = 0; s < half; s++) {
        int a = pairs[l][2 * s] * words;
        int b = pairs[l][2 * s + 1] * words;
        for (int w = 0; w < words; w++) {
          out[a + w] += moved[s * words + w];
          out[b + w] -= moved[s * words + w];
        }
      }
    }
    return out;
  }

  private void requireLength(long[] x, int words) {
    if (words < 1 || x.length != (long) size * words) {
      throw new IllegalArgumentException(size + " positions of " + words + " words, not " + x.length + " values");
    }
  }
}
