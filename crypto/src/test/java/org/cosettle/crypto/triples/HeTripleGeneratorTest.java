package org.cosettle.crypto.triples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.crypto.ChiSquare;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;
import org.cosettle.crypto.bfv.SchemeFixture;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The HE triples on every backend on the class path (n = 8192, a 30-bit t: flooding fits with room). */
class HeTripleGeneratorTest {
  static List<String> backends() {
    return SchemeFixture.backends();
  }

  private static BfvScheme scheme(String backend) {
    return SchemeFixture.of(backend, 8192, 30).he;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void triplesMultiplyOnEveryElementForSeveralBatchSizes(String backend) {
    BfvScheme he = scheme(backend);
    PrimeField field = PrimeField.of(he.plainModulus());
    for (int count : new int[] {1, 8192, 8192 + 5, 3 * 8192 - 1}) {
      var run = TwoParty.run(
          channel -> HeTripleGenerator.setUp(channel, Party.P0, he, Prg.create()).multiplicationTriples(count),
          channel -> HeTripleGenerator.setUp(channel, Party.P1, he, Prg.create()).multiplicationTriples(count));
      MultiplicationTriples p0 = run.first();
      MultiplicationTriples p1 = run.second();
      assertEquals(field, p0.ring());
      assertEquals(count, p0.count());
      assertEquals(count, p1.count());
      for (int k = 0; k < count; k++) {
        long a = field.add(p0.a()[k], p1.a()[k]);
        long b = field.add(p0.b()[k], p1.b()[k]);
        assertEquals(field.multiply(a, b), field.add(p0.c()[k], p1.c()[k]), "triple " + k + " of " + count);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void sharesAreUniformAndTwoBatchesOnOneSessionAreIndependent(String backend) {
    BfvScheme he = scheme(backend);
    long p = he.plainModulus();
    var run = TwoParty.run(
        channel -> {
          HeTripleGenerator generator = HeTripleGenerator.setUp(channel, Party.P0, he, Prg.create());
          return new MultiplicationTriples[] {generator.multiplicationTriples(8192), generator.multiplicationTriples(8192)};
        },
        channel -> {
          HeTripleGenerator generator = HeTripleGenerator.setUp(channel, Party.P1, he, Prg.create());
          return new MultiplicationTriples[] {generator.multiplicationTriples(8192), generator.multiplicationTriples(8192)};
        });
    PrimeField field = PrimeField.of(p);
    for (int i = 0; i < 2; i++) {
      MultiplicationTriples p0 = run.first()[i];
      MultiplicationTriples p1 = run.second()[i];
      for (int k = 0; k < 8192; k++) {
        assertEquals(field.multiply(field.add(p0.a()[k], p1.a()[k]), field.add(p0.b()[k], p1.b()[k])),
            field.add(p0.c()[k], p1.c()[k]));
      }
      // P0's c share is a0·b0 + (what it decrypted): uniform because of P1's mask r
      for (long[] shares : new long[][] {p0.c(), p1.c()}) {
        long[] buckets = new long[32];
        for (long share : shares) {
          buckets[ChiSquare.bucket(share, p, 32)]++;
        }
        assertTrue(Math.abs(ChiSquare.zScore(buckets)) < 6, "c shares are uniform");
      }
    }
    assertTrue(!Arrays.equals(run.first()[0].a(), run.first()[1].a()));
  }

  /**
   * Both parties' randomness fixed: the shares of a, b and P1's mask are drawn before any
   * encryption, so within one block every backend must produce exactly the same triples (and one
   * backend the same triples twice).
   */
  @Test
  void everyBackendGivesTheSameTriplesFromTheSameRandomness() {
    MultiplicationTriples[] reference = null;
    List<String> runs = new ArrayList<>(backends());
    runs.add(BfvBackends.JAVA);
    for (String backend : runs) {
      BfvScheme he = scheme(backend);
      var run = TwoParty.run(
          channel -> HeTripleGenerator.setUp(channel, Party.P0, he, SchemeFixture.seeded(10)).multiplicationTriples(8000),
          channel -> HeTripleGenerator.setUp(channel, Party.P1, he, SchemeFixture.seeded(11)).multiplicationTriples(8000));
      MultiplicationTriples[] triples = {run.first(), run.second()};
      if (reference == null) {
        reference = triples;
        continue;
      }
      for (int party = 0; party < 2; party++) {
        assertArrayEquals(reference[party].a(), triples[party].a(), backend + ", party " + party);
        assertArrayEquals(reference[party].b(), triples[party].b(), backend + ", party " + party);
        assertArrayEquals(reference[party].c(), triples[party].c(), backend + ", party " + party);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void floodingNoiseDwarfsTheNoiseThatDependsOnP1sInputs(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 8192, 30);
    BfvScheme he = f.he;
    PrimeField field = PrimeField.of(he.plainModulus());
    Prg prg = Prg.create();
    // P1's side against a test-held key: the same code path as the protocol, stage by stage
    var run = TwoParty.run(
        channel -> {
          channel.send(f.publicKey.toBytes());
          return null;
        },
        channel -> HeTripleGenerator.setUp(channel, Party.P1, he, prg));
    HeTripleGenerator p1 = run.second();
    int n = 8192;
    long[] a0 = random(field, prg, n);
    long[] b0 = random(field, prg, n);
    long[] a1 = random(field, prg, n);
    long[] b1 = random(field, prg, n);
    long[] negatedMask = random(field, prg, n);
    BfvScheme.Ciphertext plain = p1.crossTerm(he.encryptSymmetric(f.secret, a0, prg),
        he.encryptSymmetric(f.secret, b0, prg), a1, b1, negatedMask);
    BfvScheme.Ciphertext flooded = p1.hide(plain);
    BfvScheme.Ciphertext reply = p1.switchDown(flooded);
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      expected[i] = field.add(field.add(field.multiply(a0[i], b1[i]), field.multiply(a1[i], b0[i])), negatedMask[i]);
    }
    assertArrayEquals(expected, f.decrypt(plain));
    assertArrayEquals(expected, f.decrypt(flooded));
    assertArrayEquals(expected, f.decrypt(reply));
    assertEquals(p1.replyLevel(), reply.level());
    int before = he.noiseBudget(f.secret, plain);
    int after = he.noiseBudget(f.secret, flooded);
    // the flood is 2^β with β = log2(worst-case noise) + log2 n + 40: at least 40 + 13 bits more
    // than the noise actually present (which is below its worst-case bound)
    assertTrue(before - after >= HeTripleGenerator.STATISTICAL_SECURITY + 13,
        "budget before flooding " + before + ", after " + after);
    assertTrue(after > 0 && he.noiseBudget(f.secret, reply) > 0, "the reply still decrypts");
    // β as the class comment derives it: ⌈log2(n·21.5·t + 2)⌉ + 13 + 40 for the 30-bit t
    assertEquals(48 + 13 + 40, p1.floodingBits());
  }

  @Test
  void parameterSetsThatCannotHoldTheFloodAreRefused() {
    BfvScheme small = BfvBackends.select(BfvBackends.JAVA).open(BfvParameters.defaults(4096));
    BfvScheme wideT = BfvBackends.select(BfvBackends.JAVA).open(BfvParameters.defaults(8192, 50));
    assertThrows(IllegalArgumentException.class, () -> HeTripleGenerator.setUp(new NoChannel(), Party.P0, small, Prg.create()));
    assertThrows(IllegalArgumentException.class, () -> HeTripleGenerator.setUp(new NoChannel(), Party.P1, wideT, Prg.create()));
    BfvParameters used = BfvParameters.defaults(8192, 30);
    assertEquals(2, HeTripleGenerator.replyLevel(used, HeTripleGenerator.floodingBits(used)));
    BfvParameters widest8192 = BfvParameters.defaults(8192, 49);
    assertEquals(2, HeTripleGenerator.replyLevel(widest8192, HeTripleGenerator.floodingBits(widest8192)));
    BfvParameters wide = BfvParameters.defaults(16384, 60);
    int beta = HeTripleGenerator.floodingBits(wide);
    assertEquals(79 + 14 + 40, beta);
    assertEquals(2, HeTripleGenerator.replyLevel(wide, beta));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aMalformedPublicKeyAborts(String backend) {
    BfvScheme he = scheme(backend);
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          channel.send(new byte[] {1, 2, 3});
          return null;
        },
        channel -> HeTripleGenerator.setUp(channel, Party.P1, he, Prg.create())));
    assertSame(HeTripleGenerator.Step.PUBLIC_KEY, abort.step());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void malformedOrWrongLevelOperandsAbortP1(String backend) {
    SchemeFixture f = SchemeFixture.of(backend, 8192, 30);
    BfvScheme he = f.he;
    byte[] pub = f.publicKey.toBytes();
    BfvScheme.Ciphertext good = he.encryptSymmetric(f.secret, new long[] {1}, f.random);
    byte[] goodBytes = good.toBytes();
    byte[] truncated = Arrays.copyOf(goodBytes, goodBytes.length - 1);
    byte[] lowered = he.modSwitchToNext(good).toBytes();
    for (byte[] bad : new byte[][] {truncated, lowered}) {
      ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
          channel -> {
            channel.send(pub);
            channel.send(goodBytes);
            channel.send(bad);
            return null;
          },
          channel -> HeTripleGenerator.setUp(channel, Party.P1, he, Prg.create()).multiplicationTriples(10)));
      assertSame(HeTripleGenerator.Step.OPERANDS, abort.step());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aMalformedReplyAbortsP0AndKillsTheSession(String backend) {
    BfvScheme he = scheme(backend);
    HeTripleGenerator[] session = new HeTripleGenerator[1];
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          he.readPublicKey(channel.receive());
          channel.receive();
          channel.receive();
          byte[] reply = new byte[100];
          reply[0] = 'C';
          channel.send(reply);
          return null;
        },
        channel -> {
          session[0] = HeTripleGenerator.setUp(channel, Party.P0, he, Prg.create());
          return session[0].multiplicationTriples(100);
        }));
    assertSame(HeTripleGenerator.Step.RESULT, abort.step());
    assertThrows(IllegalStateException.class, () -> session[0].multiplicationTriples(1));
  }

  private static long[] random(PrimeField field, Prg prg, int count) {
    long[] values = new long[count];
    field.random(prg, values);
    return values;
  }

  /** A channel for set-ups that must fail before any message. */
  private static final class NoChannel implements Channel {
    @Override public void send(byte[] message) { throw new AssertionError("no message expected"); }
    @Override public byte[] receive() { throw new AssertionError("no message expected"); }
    @Override public byte[] receive(java.time.Duration timeout) { throw new AssertionError("no message expected"); }
    @Override public long bytesSent() { return 0; }
    @Override public long bytesReceived() { return 0; }
    @Override public long messagesSent() { return 0; }
    @Override public long messagesReceived() { return 0; }
    @Override public long rounds() { return 0; }
    @Override public void close() {}
  }
}
