package org.cosettle.crypto.he.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.bfv.WordCoefficientBfv;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * Grouped sums by homomorphic inner products: the two parties' shares add up to the sums of the
 * plaintext for any grouping (empty groups, claims in no group, several ciphertexts per vector,
 * many groups), the noise stays within its bound at the largest values, malformed messages abort,
 * and the value holder's view does not reveal the grouping (with a positive control).
 */
class HeSumTest {
  private static final HeLookupParameters PARAMS = HeLookupParameters.sums();

  /** Both ends over an in-memory channel; the value holder records what it receives (its view). */
  private static final class Pair {
    final HeSumValueHolder values;
    final HeSumGroupHolder groups;
    final List<byte[]> valueHolderView = new ArrayList<>();
    final List<byte[]> groupHolderView = new ArrayList<>();

    Pair(int levels, long seed) {
      InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMinutes(5));
      ForwardingChannel first = new ForwardingChannel(pair.first()) {
        @Override
        public byte[] receive() {
          byte[] message = delegate().receive();
          valueHolderView.add(message.clone());
          return message;
        }
      };
      ForwardingChannel second = new ForwardingChannel(pair.second()) {
        @Override
        public byte[] receive() {
          byte[] message = delegate().receive();
          groupHolderView.add(message.clone());
          return message;
        }
      };
      values = HeSumValueHolder.open(PARAMS, first, levels, LookupSession.seeded(seed));
      groups = HeSumGroupHolder.open(PARAMS, second);
    }

    /** Runs one sum and returns the two parties' shares added. */
    long[] reconstruct(long[][] vectors, int[] groupOf, int k, long seed) {
      CompletableFuture<long[]> theirs = CompletableFuture.supplyAsync(
          () -> groups.sums(groupOf, k, vectors.length, LookupSession.seeded(seed)));
      long[] mine = values.sums(vectors, k, LookupSession.seeded(seed + 1));
      long[] other = theirs.join();
      long[] sums = new long[mine.length];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = mine[i] + other[i];
      }
      return sums;
    }
  }

  static long[] expected(long[][] vectors, int[] groupOf, int k) {
    long[] sums = new long[vectors.length * k];
    for (int v = 0; v < vectors.length; v++) {
      for (int c = 0; c < groupOf.length; c++) {
        if (groupOf[c] >= 0) {
          sums[v * k + groupOf[c]] += vectors[v][c];
        }
      }
    }
    return sums;
  }

  private static int[] randomGroups(int claims, int k, Prg prg) {
    int[] groupOf = new int[claims];
    for (int c = 0; c < claims; c++) {
      groupOf[c] = (int) Long.remainderUnsigned(prg.nextLong(), k + 1) - 1;
    }
    return groupOf;
  }

  @Test
  void sharesAddUpToTheGroupSumsOfTwoVectors() {
    Pair pair = new Pair(4, 1);
    Prg prg = LookupSession.seeded(2);
    int k = 7;
    int[] groupOf = randomGroups(300, k, prg);
    groupOf[0] = 0;
    long[][] vectors = {prg.nextLongs(300), prg.nextLongs(300)};
    for (int c = 0; c < 300; c++) {
      groupOf[c] = groupOf[c] == 3 ? 2 : groupOf[c]; // group 3 stays empty
    }
    assertArrayEquals(expected(vectors, groupOf, k), pair.reconstruct(vectors, groupOf, k, 3));
    // a second sum over the same keys, of another size
    int[] second = randomGroups(9000, 2, prg);
    long[][] more = {prg.nextLongs(9000)};
    assertArrayEquals(expected(more, second, 2), pair.reconstruct(more, second, 2, 4));
  }

  @Test
  void manyGroupsPackIntoOneReply() {
    Pair pair = new Pair(9, 5);
    Prg prg = LookupSession.seeded(6);
    int k = 500;
    int[] groupOf = randomGroups(2000, k, prg);
    long[][] vectors = {prg.nextLongs(2000)};
    assertArrayEquals(expected(vectors, groupOf, k), pair.reconstruct(vectors, groupOf, k, 7));
    // one reply ciphertext of 500 sums: bytes nearly independent of the groups
    byte[] reply = pair.valueHolderView.get(pair.valueHolderView.size() - 1);
    assertEquals(PARAMS.replyBytes(k), reply.length);
  }

  @Test
  void theLargestValuesOverTheMostClaimsStayWithinTheNoiseBound() {
    int claims = HeLookupParameters.MAX_SUM_CLAIMS;
    long[] words = new long[claims];
    java.util.Arrays.fill(words, -1L); // 2^64 − 1: the largest word
    int[] groupOf = new int[claims];
    BfvContext context = PARAMS.context();
    WordCoefficientBfv bfv = PARAMS.words();
    BfvSecretKey key = context.keyGenerator().secretKey(LookupSession.seeded(8));
    int n = PARAMS.degree();
    int chunks = claims / n;
    WordCoefficientBfv.Transformed[] xs = new WordCoefficientBfv.Transformed[chunks];
    long[][] plains = new long[chunks][];
    long[] all = new long[n];
    all[0] = 1;
    for (int j = 1; j < n; j++) {
      all[n - j] = -1;
    }
    for (int i = 0; i < chunks; i++) {
      xs[i] = bfv.transform(bfv.encrypt(java.util.Arrays.copyOfRange(words, i * n, (i + 1) * n), key,
          LookupSession.seeded(9 + i)));
      plains[i] = bfv.transformPlain(all, context.parameters().maxLevel());
    }
    BfvCiphertext product = bfv.sumOfProducts(xs, plains);
    long sum = (long) -claims;
    double bits = bfv.noiseBits(product, key, new long[] {sum}, new int[] {0});
    assertEquals(sum, bfv.decrypt(product, key)[0]);
    double bound = Math.log((WordCoefficientBfv.freshNoiseBound() + 1.0) * claims + 1) / Math.log(2);
    assertTrue(bits <= bound, "noise of 2^" + bits + " above the bound 2^" + bound);
    assertTrue(PARAMS.packingNoiseBound() >= Math.pow(2, bound), "the packing bound counts the inner product's noise");
    // and end to end: every claim in one group, every word the largest
    Pair pair = new Pair(1, 10);
    assertArrayEquals(expected(new long[][] {words}, groupOf, 1), pair.reconstruct(new long[][] {words}, groupOf, 1, 11));
  }

  @Test
  void aSumOfTheWrongShapeAborts() {
    Pair pair = new Pair(2, 12);
    CompletableFuture<long[]> theirs = CompletableFuture.supplyAsync(
        () -> pair.groups.sums(new int[10], 3, 1, LookupSession.seeded(13)));
    CompletableFuture.runAsync(() -> pair.values.sums(new long[][] {new long[11]}, 3, LookupSession.seeded(14)));
    Throwable thrown = assertThrows(java.util.concurrent.CompletionException.class, theirs::join).getCause();
    assertTrue(thrown instanceof ProtocolAbortException, thrown.toString());
    assertThrows(IllegalArgumentException.class, () -> pair.groups.sums(new int[] {3}, 3, 1, LookupSession.seeded(15)));
    assertThrows(IllegalArgumentException.class, () -> HeSumValueHolder.requireShape(1, 10, 40, 2));
  }

  /**
   * The value holder's view of a reply must not depend on the grouping. Without re-randomisation
   * it replays the group holder's deterministic packing for each candidate grouping (it holds its
   * ciphertexts and Galois keys) and compares the second component, which the masks do not touch.
   */
  @Test
  void theValueHolderCannotTellTheGroupingApartUnlessThePlantedFlawSendsThePackingAsItIs() {
    assertEquals(16, play(true, 20), "positive control: without re-randomisation the grouping shows");
    assertEquals(0, play(false, 40), "with re-randomisation and flooding no replay matches");
  }

  private static final int[][] CANDIDATES = {{0, 1, 1}, {1, 0, 1}};

  /** Trials in which the distinguisher named the true grouping by a matching replay. */
  private static int play(boolean planted, long seed) {
    Pair pair = new Pair(2, seed);
    if (planted) {
      pair.groups.plantNoRerandomisation();
    }
    HeSumMessages.Setup keys = HeSumMessages.parseSetup(PARAMS, pair.groupHolderView.get(0));
    Prg coins = LookupSession.seeded(seed + 1);
    int matched = 0;
    for (int trial = 0; trial < 16; trial++) {
      int secret = (int) (coins.nextLong() & 1);
      long[][] vectors = {coins.nextLongs(3)};
      pair.reconstruct(vectors, CANDIDATES[secret], 2, seed + 2 + trial);
      List<BfvCiphertext> sent = HeSumMessages.parseValues(PARAMS,
          pair.groupHolderView.get(pair.groupHolderView.size() - 1), 1, 3).get(0);
      CompactWordCiphertext received = HeLookupMessages.parseReply(PARAMS,
          pair.valueHolderView.get(pair.valueHolderView.size() - 1)).get(0);
      LookupPacker replay = new LookupPacker(PARAMS, List.of(), keys.galoisKeys());
      WordCoefficientBfv words = PARAMS.words();
      for (int c = 0; c < CANDIDATES.length; c++) {
        int[] groupOf = CANDIDATES[c];
        BfvCiphertext packed = replay.pack(q -> {
          long[] poly = new long[PARAMS.degree()];
          for (int j = 0; j < groupOf.length; j++) {
            if (groupOf[j] == q) {
              poly[j == 0 ? 0 : PARAMS.degree() - j] = j == 0 ? 1 : -1;
            }
          }
          return words.sumOfProducts(new WordCoefficientBfv.Transformed[] {words.transform(sent.get(0))},
              new long[][] {words.transformPlain(poly, PARAMS.context().parameters().maxLevel())});
        }, 2);
        CompactWordCiphertext guess = words.compress(packed, PARAMS.packedCoefficients(2),
            HeLookupParameters.CONSTANT_BITS, HeLookupParameters.LINEAR_BITS);
        if (guess.sameLinearPart(received) && c == secret) {
          matched++;
        }
      }
    }
    return matched;
  }
}
