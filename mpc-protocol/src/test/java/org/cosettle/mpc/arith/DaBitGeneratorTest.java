package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.XorSharing;
import org.cosettle.crypto.triples.OtSource;
import org.cosettle.crypto.triples.TripleGenerator;
import org.junit.jupiter.api.Test;

/** daBits drawn alongside a triple generator, on IKNP and on silent OT: bits agree, and the bytes. */
class DaBitGeneratorTest {
  private static final int COUNT = 4_999;

  private static Object[] draw(org.cosettle.crypto.channel.Channel channel, Party party, OtSource source) {
    TripleGenerator triples = TripleGenerator.setUp(channel, party, Prg.create(), source);
    triples.andTriples(100); // the silent sessions bootstrap here
    long before = triples.bytesTransferred();
    DaBits daBits = DaBitGenerator.alongside(triples, Prg.create()).daBits(COUNT);
    return new Object[] {daBits, triples.bytesTransferred() - before};
  }

  @Test
  void daBitsAreTheSameBitInBothSharingsAndCost24BytesOnIknpAnd8PointOneOnSilentOt() {
    for (OtSource source : OtSource.values()) {
      var run = TwoParty.run(channel -> draw(channel, Party.P0, source), channel -> draw(channel, Party.P1, source));
      DaBits d0 = (DaBits) run.first()[0];
      DaBits d1 = (DaBits) run.second()[0];
      boolean[] bits = XorSharing.unpack(XorSharing.reconstruct(d0.bits(), d1.bits()), COUNT);
      for (int i = 0; i < COUNT; i++) {
        assertEquals(bits[i] ? 1 : 0, d0.arithmetic()[i] + d1.arithmetic()[i], source + " daBit " + i);
      }
      long words = (COUNT + 63) / 64;
      // IKNP: 16 bytes of columns per OT (padded to whole words) and an 8-byte correction;
      // silent OT: one choice-flip bit per OT (whole words) and the correction
      long expected = source == OtSource.IKNP ? 16 * 64 * words + 8L * COUNT : 8 * words + 8L * COUNT;
      assertEquals(expected, (long) run.first()[1], source.toString());
    }
  }
}
