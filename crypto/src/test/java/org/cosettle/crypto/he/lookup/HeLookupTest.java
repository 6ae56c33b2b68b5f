package org.cosettle.crypto.he.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvGaloisKeys;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvSecretKey;
import org.cosettle.crypto.bfv.WordCoefficientBfv;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class HeLookupTest {
  private static final HeLookupParameters PARAMS = HeLookupParameters.standard();
  private static final int N = 8192;
  /** Two ciphertexts, the second holding three entries: N is not a multiple of n. */
  private static final int ENTRIES = N + 3;
  private static final LookupSession SESSION = new LookupSession(PARAMS, edgeTable(ENTRIES, LookupSession.seeded(1)),
      LookupSession.seeded(2));

  static long[] edgeTable(int entries, Prg source) {
    long[] table = source.nextLongs(entries);
    table[0] = -1L;
    table[entries - 1] = -1L;
    if (entries > 2) {
      table[1] = 0;
      table[entries - 2] = Long.MIN_VALUE;
    }
    return table;
  }

  @Test
  void oneIndexAtEachEdge() {
    Prg prg = LookupSession.seeded(3);
    for (int index : new int[] {0, 1, N - 1, N, ENTRIES - 2, ENTRIES - 1}) {
      int[] indices = {index};
      assertArrayEquals(SESSION.expected(indices), SESSION.reconstruct(indices, prg), "index " + index);
    }
  }

  @Test
  void sumsOfOneToTheMostTermsAcrossBothCiphertexts() {
    Prg prg = LookupSession.seeded(6);
    int[] terms = {1, 3, HeLookupParameters.MAX_TERMS, 2, 35};
    int[] starts = new int[terms.length + 1];
    for (int j = 0; j < terms.length; j++) {
      starts[j + 1] = starts[j] + terms[j];
    }
    int[] indices = new int[starts[terms.length]];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = i % 5 == 0 ? ENTRIES - 1 : (int) prg.nextLongBelow(ENTRIES);
    }
    long[] holderShares = SESSION.holder.lookUpSums(indices, starts, prg);
    long[] ownerShares = SESSION.owner.receiveBatch();
    for (int j = 0; j < terms.length; j++) {
      long want = 0;
      for (int i = starts[j]; i < starts[j + 1]; i++) {
        want += SESSION.table[indices[i]];
      }
      assertEquals(want, holderShares[j] + ownerShares[j], "sum " + j + " of " + terms[j] + " terms");
    }
    int[] tooMany = new int[HeLookupParameters.MAX_TERMS + 1];
    assertThrows(IllegalArgumentException.class,
        () -> SESSION.holder.lookUpSums(tooMany, new int[] {0, tooMany.length}, prg));
    assertThrows(IllegalArgumentException.class,
        () -> SESSION.holder.lookUpSums(new int[] {1, 2}, new int[] {0, 0, 2}, prg), "a sum of no terms");
  }

  @Test
  void repeatedAndUnorderedIndicesInOddSizedBatches() {
    int[] indices = {ENTRIES - 1, 5, 5, 0, N, 5, ENTRIES - 1};
    assertArrayEquals(SESSION.expected(indices), SESSION.reconstruct(indices, LookupSession.seeded(4)));
  }

  @Test
  void manyIndices() {
    Prg prg = LookupSession.seeded(5);
    int[] indices = new int[100];
    for (int j = 0; j < indices.length; j++) {
      indices[j] = (int) prg.nextLongBelow(ENTRIES);
    }
    indices[0] = ENTRIES - 1;
    long sent = SESSION.holderChannel.bytesSent();
    assertArrayEquals(SESSION.expected(indices), SESSION.reconstruct(indices, prg));
    // one reply of count·66 + n·80 bits (plus the count)
    assertEquals(4 + (100 * 66 + N * 80) / 8, SESSION.holderChannel.bytesSent() - sent);
  }

  @Test
  void sharesAreMaskedUniformlyNotTheEntries() {
    int[] indices = {1, 1};
    long[] first = SESSION.holder.lookUp(indices, LookupSession.seeded(6));
    long[] owners = SESSION.owner.receiveBatch();
    assertTrue(first[0] != first[1], "each lookup draws its own mask");
    assertEquals(0, first[0] + owners[0]);
    assertTrue(owners[0] != 0 && owners[1] != 0, "the owner's shares are masked");
  }

  @Test
  void batchesSplitAcrossReplyCiphertexts() {
    LookupSession small = new LookupSession(PARAMS.withLookupsPerReply(16), edgeTable(40, LookupSession.seeded(7)),
        LookupSession.seeded(8));
    int[] indices = new int[40];
    for (int j = 0; j < indices.length; j++) {
      indices[j] = 39 - j;
    }
    long before = small.holderChannel.bytesSent();
    assertArrayEquals(small.expected(indices), small.reconstruct(indices, LookupSession.seeded(9)));
    assertEquals(small.parameters.replyBytes(40), small.holderChannel.bytesSent() - before);
    assertEquals(4 + 2 * ((16 * 66 + N * 80) / 8) + (8 * 66 + N * 80) / 8, small.parameters.replyBytes(40));
  }

  @Test
  void indicesOutsideTheTableAreRefusedWithoutEchoingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SESSION.holder.lookUp(new int[] {ENTRIES}, LookupSession.seeded(10)));
    assertTrue(!e.getMessage().contains(Integer.toString(ENTRIES) + ","), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SESSION.holder.lookUp(new int[] {-1}, LookupSession.seeded(10)));
    assertThrows(IllegalArgumentException.class, () -> SESSION.holder.lookUp(new int[0], LookupSession.seeded(10)));
  }

  @Test
  void parametersMeetTheirBounds() {
    assertEquals(N, PARAMS.degree());
    assertTrue(PARAMS.context().parameters().coefficientBits() <= BfvParameters.maxCoefficientBits(N));
    // 2^-40: F ≥ 40 + log2(n) + log2(2·packing bound) − 1
    assertTrue(PARAMS.floodingBits() >= 40 + 13 + Math.log(2 * PARAMS.packingNoiseBound()) / Math.log(2) - 1);
    assertEquals(79, PARAMS.floodingBits());
    assertTrue(PARAMS.totalNoiseBound() < Math.pow(2, PARAMS.floodingBits() + 1));
    assertEquals(4 + (N * 66 + N * 80) / 8, PARAMS.replyBytes(N));
  }

  @Test
  void ringsTooSmallForTheNoiseAreRefused() {
    // 100 data bits leave Δ = 2^36, below the flooding
    assertThrows(IllegalStateException.class, () -> HeLookupParameters.of(BfvParameters.of(8192, new int[] {50, 50, 60}, 20)));
  }

  @Test
  void measuredNoiseStaysWithinTheBoundsAndTheFloodingIsThere() {
    BfvContext context = PARAMS.context();
    WordCoefficientBfv words = PARAMS.words();
    Prg prg = LookupSession.seeded(11);
    BfvSecretKey secret = context.keyGenerator().secretKey(prg);
    BfvGaloisKeys galois = context.keyGenerator().galoisKeysForElements(secret, PARAMS.galoisElements(), prg);
    long[] table = edgeTable(N, prg);
    LookupPacker packer = new LookupPacker(PARAMS, List.of(words.encrypt(table, secret, prg)), galois);
    int count = 64;
    int[] indices = new int[count];
    long[] masks = prg.nextLongs(count);
    long[] expected = new long[count];
    for (int j = 0; j < count; j++) {
      indices[j] = j == 0 ? N - 1 : (int) prg.nextLongBelow(N);
      expected[j] = table[indices[j]] - masks[j];
    }
    int[] coefficients = PARAMS.packedCoefficients(count);
    BfvCiphertext packed = packer.pack(indices, masks, 0, count);
    double packing = words.noiseBits(packed, secret, expected, coefficients);
    assertTrue(packing <= log2(PARAMS.packingNoiseBound()), packing + " bits");
    BfvCiphertext flooded = context.evaluator().addUniformNoise(
        context.evaluator().add(packed, words.encryptZero(context.keyGenerator().publicKey(secret, prg), prg)),
        PARAMS.floodingBits(), prg);
    double total = words.noiseBits(flooded, secret, expected, coefficients);
    assertTrue(total <= log2(PARAMS.totalNoiseBound()), total + " bits");
    // the largest of 64 uniform draws from [−2^79, 2^79) is below 2^71 with probability 2^-512
    assertTrue(total >= PARAMS.floodingBits() - 8, total + " bits");
    long[] decrypted = words.decrypt(flooded, secret);
    for (int j = 0; j < count; j++) {
      assertEquals(expected[j], decrypted[coefficients[j]], "lookup " + j);
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void malformedMessagesAbortAtTheirStep() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(30));
    pair.first().send(new byte[] {0, 0, 0, 5, 0, 0});
    ProtocolAbortException setup = assertThrows(ProtocolAbortException.class, () -> HeLookupIndexHolder.open(PARAMS, pair.second()));
    assertEquals(HeLookupStep.SETUP, setup.step());

    LookupSession session = new LookupSession(PARAMS, edgeTable(3, LookupSession.seeded(12)), LookupSession.seeded(13));
    session.holderChannel.send(new byte[] {0, 0, 0, 1, 1, 2, 3});
    ProtocolAbortException reply = assertThrows(ProtocolAbortException.class, session.owner::receiveBatch);
    assertEquals(HeLookupStep.REPLY, reply.step());
    assertThrows(IllegalStateException.class, session.owner::receiveBatch);
  }
}
