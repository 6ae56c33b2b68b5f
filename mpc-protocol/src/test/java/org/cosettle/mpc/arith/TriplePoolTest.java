package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.sharing.XorSharing;
import org.cosettle.crypto.triples.AndTriples;
import org.cosettle.crypto.triples.MultiplicationTriples;
import org.cosettle.crypto.triples.TripleGenerator;
import org.junit.jupiter.api.Test;

/** Triples taken across the boundaries of several fills, at any bit offset, are still triples. */
class TriplePoolTest {
  private static final int[] TAKES = {1, 63, 65, 0, 150, 64, 7};

  private record Taken(List<AndTriples> ands, List<MultiplicationTriples> multiplications, List<DaBits> daBits,
      String exhausted, long andsLeft) {}

  private static Taken take(TriplePool pool) {
    List<AndTriples> ands = new ArrayList<>();
    List<MultiplicationTriples> multiplications = new ArrayList<>();
    List<DaBits> daBits = new ArrayList<>();
    for (int n : TAKES) {
      ands.add(pool.takeAnds(n));
      multiplications.add(pool.takeMultiplications(n % 7));
      daBits.add(pool.takeDaBits(n));
    }
    String message = assertThrows(TriplePoolExhaustedException.class, () -> pool.takeAnds(1000)).getMessage();
    return new Taken(ands, multiplications, daBits, message, pool.andsLeft());
  }

  @Test
  void triplesTakenAcrossFillsAreTriples() {
    TwoParties.Body<Taken> body = (s, c) -> take(filled(s, c));
    TwoParties.Outcome<Taken, Taken> outcome = TwoParties.run(0, 0, 0, body, body);
    for (int k = 0; k < TAKES.length; k++) {
      AndTriples t0 = outcome.p0().ands().get(k);
      AndTriples t1 = outcome.p1().ands().get(k);
      assertEquals(TAKES[k], t0.count());
      long[] a = XorSharing.reconstruct(t0.a(), t1.a());
      long[] b = XorSharing.reconstruct(t0.b(), t1.b());
      long[] c = XorSharing.reconstruct(t0.c(), t1.c());
      for (int w = 0; w < a.length; w++) {
        assertEquals(a[w] & b[w], c[w], "AND triple word " + w + " of take " + k);
      }
      XorSharing.unpack(c, TAKES[k]); // the bits past the count are clear
      MultiplicationTriples m0 = outcome.p0().multiplications().get(k);
      MultiplicationTriples m1 = outcome.p1().multiplications().get(k);
      for (int i = 0; i < m0.count(); i++) {
        assertEquals((m0.a()[i] + m1.a()[i]) * (m0.b()[i] + m1.b()[i]), m0.c()[i] + m1.c()[i]);
      }
      DaBits d0 = outcome.p0().daBits().get(k);
      DaBits d1 = outcome.p1().daBits().get(k);
      boolean[] bits = XorSharing.unpack(XorSharing.reconstruct(d0.bits(), d1.bits()), TAKES[k]);
      for (int i = 0; i < TAKES[k]; i++) {
        assertEquals(bits[i] ? 1 : 0, d0.arithmetic()[i] + d1.arithmetic()[i], "daBit " + i + " of take " + k);
      }
    }
    int taken = java.util.Arrays.stream(TAKES).sum();
    assertEquals(400 - taken, outcome.p0().andsLeft());
    assertEquals("the triple pool holds " + (400 - taken) + " AND triples, 1000 are needed: fill it in the offline phase",
        outcome.p0().exhausted());
  }

  /** A pool filled in three rounds of odd sizes. */
  private static TriplePool filled(ArithmeticSession session, org.cosettle.crypto.channel.Channel channel) {
    TripleGenerator generator = TripleGenerator.setUp(channel, session.party(), org.cosettle.crypto.random.Prg.create());
    TriplePool pool = new TriplePool();
    pool.fill(generator, 5, 100);
    pool.fill(generator, 0, 37);
    pool.fill(generator, 30, 263);
    DaBitGenerator daBits = DaBitGenerator.setUp(channel, session.party(), org.cosettle.crypto.random.Prg.create());
    pool.fillDaBits(daBits, 70);
    pool.fillDaBits(daBits, 0);
    pool.fillDaBits(daBits, 300);
    assertEquals(35, pool.multiplicationsLeft());
    assertEquals(400, pool.andsLeft());
    assertEquals(370, pool.daBitsLeft());
    return pool;
  }
}
