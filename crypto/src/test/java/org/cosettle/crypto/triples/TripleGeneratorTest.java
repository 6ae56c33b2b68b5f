package org.cosettle.crypto.triples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.ChiSquare;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;
import org.junit.jupiter.api.Test;

class TripleGeneratorTest {
  private static final long PRIME_60 = 1152921504606830593L;
  private static final long PRIME_17 = 65537;

  @Test
  void z2To64TriplesMultiplyOnEveryElementAndCost2568BytesEach() {
    int count = 3000;
    long[] bytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, Prg.create(), OtSource.IKNP);
          long before = generator.bytesTransferred();
          MultiplicationTriples triples = generator.multiplicationTriples(Ring64.INSTANCE, count);
          bytes[0] = generator.bytesTransferred() - before;
          return triples;
        },
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create(), OtSource.IKNP)
            .multiplicationTriples(Ring64.INSTANCE, count));
    assertProducts(Ring64.INSTANCE, run.first(), run.second());
    // two cross terms of 64 OTs: 16 bytes of columns each, and 64 + 63 + … + 1 = 2,080 correction bits
    assertEquals(2L * (64 * 16 + 260) * count, bytes[0]);
    long[] topBits = new long[64];
    for (long share : run.first().c()) {
      topBits[(int) (share >>> 58)]++;
    }
    assertTrue(Math.abs(ChiSquare.zScore(topBits)) < 6, "c shares are uniform");
  }

  @Test
  void primeFieldTriplesMultiplyOnEveryElementForA60BitAndA17BitPrime() {
    for (long p : new long[] {PRIME_60, PRIME_17}) {
      PrimeField field = PrimeField.of(p);
      int count = 2000;
      var run = TwoParty.run(
          channel -> TripleGenerator.setUp(channel, Party.P0, Prg.create()).multiplicationTriples(field, count),
          channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create()).multiplicationTriples(field, count));
      assertProducts(field, run.first(), run.second());
      for (long[] shares : new long[][] {run.first().a(), run.first().b(), run.first().c(), run.second().c()}) {
        long[] buckets = new long[32];
        for (long share : shares) {
          assertTrue(field.contains(share));
          buckets[ChiSquare.bucket(share, p, 32)]++;
        }
        assertTrue(Math.abs(ChiSquare.zScore(buckets)) < 6, "shares are uniform in Z_" + p);
      }
    }
  }

  @Test
  void andTriplesSatisfyTheAndOnEveryBitAndCost32BytesEach() {
    int count = 100_003;
    long[] bytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, Prg.create(), OtSource.IKNP);
          long before = generator.bytesTransferred();
          AndTriples triples = generator.andTriples(count);
          bytes[0] = generator.bytesTransferred() - before;
          return triples;
        },
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create(), OtSource.IKNP).andTriples(count));
    AndTriples p0 = run.first();
    AndTriples p1 = run.second();
    for (int w = 0; w < p0.a().length; w++) {
      long a = p0.a()[w] ^ p1.a()[w];
      long b = p0.b()[w] ^ p1.b()[w];
      assertEquals(a & b, p0.c()[w] ^ p1.c()[w], "word " + w);
    }
    long unused = -1L << (count & 63);
    for (AndTriples party : new AndTriples[] {p0, p1}) {
      for (long[] share : new long[][] {party.a(), party.b(), party.c()}) {
        assertEquals(0, share[share.length - 1] & unused, "bits past the count are zero");
        long[] bytesSeen = new long[256];
        for (long word : share) {
          for (int k = 0; k < 8; k++) {
            bytesSeen[(int) (word >>> (8 * k)) & 0xFF]++;
          }
        }
        assertTrue(Math.abs(ChiSquare.zScore(bytesSeen)) < 6, "bit shares are uniform");
      }
    }
    // two random OTs per triple, 16 bytes each; the last chunk is padded to a multiple of 64 OTs
    long paddedCount = (count + 63) / 64 * 64;
    assertEquals(2L * 16 * paddedCount, bytes[0]);
  }

  @Test
  void randomOtsInEachDirectionGiveTheReceiverTheMessageOfItsChoiceAndCost16BytesEach() {
    int count = 10_007;
    int fewer = 3_001;
    long[] bytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, Prg.create());
          long before = generator.bytesTransferred();
          RandomOts ots = generator.randomOts(count, fewer);
          bytes[0] = generator.bytesTransferred() - before;
          return ots;
        },
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create()).randomOts(fewer, count));
    int ones = 0;
    for (RandomOts[] pair : new RandomOts[][] {{run.first(), run.second()}, {run.second(), run.first()}}) {
      RandomOts sender = pair[0];
      RandomOts receiver = pair[1];
      assertEquals(sender.sentCount(), receiver.receivedCount());
      for (int i = 0; i < sender.sentCount(); i++) {
        boolean choice = ((receiver.choices()[i >>> 6] >>> i) & 1) != 0;
        ones += choice ? 1 : 0;
        assertEquals(choice ? sender.sent1()[i] : sender.sent0()[i], receiver.received()[i], "OT " + i);
        assertTrue(sender.sent0()[i] != sender.sent1()[i], "the two messages differ");
      }
    }
    // 13,008 fair coins: within 6 standard deviations of half
    int coins = count + fewer;
    assertTrue(Math.abs(ones - coins / 2.0) < 6 * Math.sqrt(coins) / 2, ones + " ones");
    assertEquals(16L * ((count + 63) / 64 * 64 + (fewer + 63) / 64 * 64), bytes[0]);
  }

  @Test
  void aPeerThatLeavesAfterSetUpAbortsTheGeneration() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          TripleGenerator.setUp(channel, Party.P0, Prg.create());
          channel.close();
          return null;
        },
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create()).andTriples(1000)));
    assertTrue(abort.getMessage().contains("no message"), abort.getMessage());
  }

  static void assertProducts(AdditiveRing ring, MultiplicationTriples p0, MultiplicationTriples p1) {
    for (int k = 0; k < p0.count(); k++) {
      long a = ring.add(p0.a()[k], p1.a()[k]);
      long b = ring.add(p0.b()[k], p1.b()[k]);
      assertEquals(ring.multiply(a, b), ring.add(p0.c()[k], p1.c()[k]), "triple " + k + " over " + ring);
    }
  }
}
