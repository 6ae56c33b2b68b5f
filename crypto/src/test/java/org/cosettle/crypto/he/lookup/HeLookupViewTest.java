package org.cosettle.crypto.he.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.bfv.BfvCiphertext;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * The owner's view of a reply must not depend on the holder's indices. The distinguisher is the
 * strongest one the owner has without re-randomisation: it holds the table ciphertexts and Galois
 * keys it sent, so it replays the holder's deterministic packing for each candidate selection and
 * compares the second component, which the masks do not touch, with the reply. The game is
 * played for sums' selections and for a direct lookup in a table indexed by a public code list,
 * where the selection is the data holder's code itself.
 */
class HeLookupViewTest {
  private static final int N = 8192;
  private static final int TRIALS = 16;
  /** The same two entries in either order: only the order differs between the candidates. */
  private static final int[][] CANDIDATES = {{3, N + 1}, {N + 1, 3}};
  /**
   * A table indexed by a public code list of 4,096 codes, two columns (ratio, cap) of 4,097 words
   * each (the last the default): a slot of code 5 or of code 4,000 reads its word in each column.
   */
  private static final int STRIDE = 4097;
  private static final int[][] INDEXED = {{5, STRIDE + 5}, {4000, STRIDE + 4000}};

  /** The candidate whose replay matches the reply, or −1. */
  private static int distinguish(LookupSession session, byte[] reply, int[][] candidates) {
    HeLookupParameters params = session.parameters;
    CompactWordCiphertext received = HeLookupMessages.parseReply(params, reply).get(0);
    LookupPacker replay = new LookupPacker(params, session.owner.tableCiphertexts(), session.owner.galoisKeys());
    for (int c = 0; c < candidates.length; c++) {
      BfvCiphertext packed = replay.pack(candidates[c], new long[candidates[c].length], 0, candidates[c].length);
      CompactWordCiphertext guess = params.words().compress(packed, params.packedCoefficients(candidates[c].length),
          HeLookupParameters.CONSTANT_BITS, HeLookupParameters.LINEAR_BITS);
      if (guess.sameLinearPart(received)) {
        return c;
      }
    }
    return -1;
  }

  /** Runs the game: returns {correct guesses, replies the distinguisher matched to some candidate}. */
  private static int[] play(boolean planted, long seed, int[][] candidates) {
    LookupSession session = new LookupSession(HeLookupParameters.standard(), HeLookupTest.edgeTable(N + 2,
        LookupSession.seeded(seed)), LookupSession.seeded(seed + 1));
    if (planted) {
      session.holder.plantNoRerandomisation();
    }
    Prg coins = LookupSession.seeded(seed + 2);
    int correct = 0;
    int matched = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      int secret = (int) (coins.nextLong() & 1);
      int[] indices = candidates[secret];
      long[] sums = session.reconstruct(indices, coins);
      assertEquals(session.table[indices[0]], sums[0]);
      int guess = distinguish(session, session.ownerView.get(session.ownerView.size() - 1), candidates);
      matched += guess >= 0 ? 1 : 0;
      correct += Math.max(guess, 0) == secret ? 1 : 0;
    }
    return new int[] {correct, matched};
  }

  @Test
  void positiveControlWithoutRerandomisationTheOwnerRecoversEverySelection() {
    int[] result = play(true, 31, CANDIDATES);
    assertEquals(TRIALS, result[0]);
    assertEquals(TRIALS, result[1]);
  }

  @Test
  void positiveControlWithoutRerandomisationTheOwnerRecoversTheCodeOfADirectLookup() {
    int[] result = play(true, 37, INDEXED);
    assertEquals(TRIALS, result[0]);
    assertEquals(TRIALS, result[1]);
  }

  @Test
  void withRerandomisationADirectLookupsCodeIsAtChance() {
    int[] result = play(false, 37, INDEXED);
    assertEquals(0, result[1], "no replay matches a re-randomised reply");
    assertTrue(result[0] >= 2 && result[0] <= 14, result[0] + " of " + TRIALS);
  }

  @Test
  void withRerandomisationAndFloodingTheSameDistinguisherIsAtChance() {
    int[] result = play(false, 31, CANDIDATES);
    assertEquals(0, result[1], "no replay matches a re-randomised reply");
    // with no match it guesses the first candidate: right exactly when the coin chose it;
    // P(outside [2, 14] of 16) < 2^-9 for a fair guess, far from the planted 16 of 16
    assertTrue(result[0] >= 2 && result[0] <= 14, result[0] + " of " + TRIALS);
  }

  @Test
  void theHolderReceivesNothingPerBatch() {
    LookupSession session = new LookupSession(HeLookupParameters.standard(), HeLookupTest.edgeTable(5,
        LookupSession.seeded(41)), LookupSession.seeded(42));
    long received = session.holderChannel.bytesReceived();
    session.reconstruct(new int[] {4, 0}, LookupSession.seeded(43));
    session.reconstruct(new int[] {2}, LookupSession.seeded(44));
    assertEquals(received, session.holderChannel.bytesReceived());
  }
}
