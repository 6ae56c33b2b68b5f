package org.cosettle.crypto.triples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;
import org.junit.jupiter.api.Test;

/** Triples on silent OT ({@link OtSource#SILENT}, the published parameters): correct, and the bytes. */
class SilentTripleGeneratorTest {
  /** The trees of one bootstrap iteration. */
  private static final long BOOTSTRAP_TREE_BYTES = 8L * 1_269 * (4 * 9 + 2);
  /** Per direction: coin tossing, 47,709 IKNP COTs (padded to 47,744), one bootstrap iteration's trees. */
  private static final long SETUP_BYTES = 2 * 16 + 16L * 47_744 + BOOTSTRAP_TREE_BYTES;

  @Test
  void threeMillionAndTriplesSatisfyTheAndAndCostUnderTwoBytesEach() {
    int count = 3_000_000;
    long[] bytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, Prg.create(), OtSource.SILENT);
          long before = generator.bytesTransferred();
          AndTriples triples = generator.andTriples(count);
          bytes[0] = generator.bytesTransferred() - before;
          return triples;
        },
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create(), OtSource.SILENT).andTriples(count));
    AndTriples p0 = run.first();
    AndTriples p1 = run.second();
    long ones = 0;
    for (int w = 0; w < p0.a().length; w++) {
      long a = p0.a()[w] ^ p1.a()[w];
      long b = p0.b()[w] ^ p1.b()[w];
      assertEquals(a & b, p0.c()[w] ^ p1.c()[w], "word " + w);
      ones += Long.bitCount(p0.c()[w]);
    }
    // below half a main iteration: bootstrap iterations of 602,019 COTs, five per direction
    assertEquals(2 * (SETUP_BYTES + 4 * BOOTSTRAP_TREE_BYTES), bytes[0]);
    assertTrue((double) bytes[0] / count < 1.8, bytes[0] / (double) count + " bytes per triple");
    assertTrue(Math.abs(ones - count / 2) < 30_000, "c shares are balanced: " + ones);
  }

  @Test
  void randomOtsOnSilentOtGiveTheReceiverTheMessageOfItsChoiceInBothDirections() {
    var run = TwoParty.run(
        channel -> TripleGenerator.setUp(channel, Party.P0, Prg.create(), OtSource.SILENT).randomOts(20_000, 7),
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create(), OtSource.SILENT).randomOts(7, 20_000));
    for (RandomOts[] pair : new RandomOts[][] {{run.first(), run.second()}, {run.second(), run.first()}}) {
      assertEquals(pair[0].sentCount(), pair[1].receivedCount());
      for (int i = 0; i < pair[0].sentCount(); i++) {
        boolean choice = ((pair[1].choices()[i >>> 6] >>> i) & 1) != 0;
        assertEquals(choice ? pair[0].sent1()[i] : pair[0].sent0()[i], pair[1].received()[i], "OT " + i);
      }
    }
  }

  @Test
  void z2To64TriplesOnSilentOtMultiplyAndCost536BytesEachBesidesSetUp() {
    int count = 3000;
    long[] bytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, Prg.create(), OtSource.SILENT);
          long before = generator.bytesTransferred();
          MultiplicationTriples triples = generator.multiplicationTriples(Ring64.INSTANCE, count);
          bytes[0] = generator.bytesTransferred() - before;
          return triples;
        },
        channel -> TripleGenerator.setUp(channel, Party.P1, Prg.create(), OtSource.SILENT)
            .multiplicationTriples(Ring64.INSTANCE, count));
    TripleGeneratorTest.assertProducts(Ring64.INSTANCE, run.first(), run.second());
    // per cross term: 64 choice flips (8 bytes) and 2,080 correction bits (260 bytes)
    assertEquals(2 * (SETUP_BYTES + 268L * count), bytes[0]);
  }

  @Test
  void primeFieldTriplesAndAndTriplesInterleaveOnOneSilentGenerator() {
    PrimeField field = PrimeField.of(1152921504606830593L);
    var run = TwoParty.run(
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, Prg.create(), OtSource.SILENT);
          AndTriples ands = generator.andTriples(1001);
          return new Object[] {generator.multiplicationTriples(field, 500), ands, generator.andTriples(70)};
        },
        channel -> {
          TripleGenerator generator = TripleGenerator.setUp(channel, Party.P1, Prg.create(), OtSource.SILENT);
          AndTriples ands = generator.andTriples(1001);
          return new Object[] {generator.multiplicationTriples(field, 500), ands, generator.andTriples(70)};
        });
    TripleGeneratorTest.assertProducts(field, (MultiplicationTriples) run.first()[0], (MultiplicationTriples) run.second()[0]);
    for (int k = 1; k <= 2; k++) {
      AndTriples p0 = (AndTriples) run.first()[k];
      AndTriples p1 = (AndTriples) run.second()[k];
      for (int w = 0; w < p0.a().length; w++) {
        assertEquals((p0.a()[w] ^ p1.a()[w]) & (p0.b()[w] ^ p1.b()[w]), p0.c()[w] ^ p1.c()[w]);
      }
    }
  }
}
