package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.api.Test;

class ArithmeticSharesTest {
  private final Prg prg = Prg.create();

  @Test
  void localOperationsMatchPlaintext() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(30));
    ArithmeticSession s0 = new ArithmeticSession(pair.first(), Party.P0, prg, new TriplePool());
    ArithmeticSession s1 = new ArithmeticSession(pair.second(), Party.P1, prg, new TriplePool());
    for (int n : Vectors.SIZES) {
      long[] x = Vectors.anyLongs(n, 0, prg);
      long[] y = Vectors.anyLongs(n, 3, prg);
      long[] c = prg.nextLongs(n);
      SharePair xs = Vectors.share(x, prg);
      SharePair ys = Vectors.share(y, prg);
      for (long k : new long[] {0, 1, -1, 3, Long.MIN_VALUE, Long.MAX_VALUE, prg.nextLong()}) {
        long[] sum = new long[n];
        long[] difference = new long[n];
        long[] negated = new long[n];
        long[] scaled = new long[n];
        long[] shifted = new long[n];
        long[] shiftedEach = new long[n];
        for (int i = 0; i < n; i++) {
          sum[i] = x[i] + y[i];
          difference[i] = x[i] - y[i];
          negated[i] = -x[i];
          scaled[i] = x[i] * k;
          shifted[i] = x[i] + k;
          shiftedEach[i] = x[i] + c[i];
        }
        assertArrayEquals(sum, Vectors.reconstruct(s0.add(xs.p0(), ys.p0()), s1.add(xs.p1(), ys.p1())));
        assertArrayEquals(difference, Vectors.reconstruct(s0.subtract(xs.p0(), ys.p0()), s1.subtract(xs.p1(), ys.p1())));
        assertArrayEquals(negated, Vectors.reconstruct(s0.negate(xs.p0()), s1.negate(xs.p1())));
        assertArrayEquals(scaled, Vectors.reconstruct(s0.multiplyPublic(xs.p0(), k), s1.multiplyPublic(xs.p1(), k)));
        assertArrayEquals(shifted, Vectors.reconstruct(s0.addPublic(xs.p0(), k), s1.addPublic(xs.p1(), k)));
        assertArrayEquals(shiftedEach, Vectors.reconstruct(s0.addPublic(xs.p0(), c), s1.addPublic(xs.p1(), c)));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> s0.add(new long[2], new long[3]));
    assertEquals(0, pair.first().messagesSent() + pair.second().messagesSent());
  }

  @Test
  void inputsOpenToTheNamedRecipientOnlyOrToBoth() {
    List<long[]> xs = new ArrayList<>();
    List<long[]> ys = new ArrayList<>();
    for (int n : Vectors.SIZES) {
      xs.add(Vectors.anyLongs(n, 1, prg));
      ys.add(Vectors.anyLongs(n, 5, prg));
    }
    TwoParties.Outcome<List<Object>, List<Object>> outcome = TwoParties.run(0, 0, 0,
        (s, c) -> {
          List<Object> results = new ArrayList<>();
          for (int k = 0; k < xs.size(); k++) {
            long[] x = s.shareInput(xs.get(k));
            long[] y = s.peerInput(ys.get(k).length);
            long[] sum = s.add(x, y);
            results.add(s.openToBoth(sum));
            results.add(s.open(x, Party.P1));
            results.add(s.open(y, Party.P0));
          }
          return results;
        },
        (s, c) -> {
          List<Object> results = new ArrayList<>();
          for (int k = 0; k < xs.size(); k++) {
            long[] x = s.peerInput(xs.get(k).length);
            long[] y = s.shareInput(ys.get(k));
            long[] sum = s.add(x, y);
            results.add(s.openToBoth(sum));
            results.add(s.open(x, Party.P1));
            results.add(s.open(y, Party.P0));
          }
          return results;
        });
    for (int k = 0; k < xs.size(); k++) {
      long[] x = xs.get(k);
      long[] y = ys.get(k);
      long[] sum = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        sum[i] = x[i] + y[i];
      }
      assertArrayEquals(sum, (long[]) outcome.p0().get(3 * k));
      assertArrayEquals(sum, (long[]) outcome.p1().get(3 * k));
      assertFalse(((Optional<?>) outcome.p0().get(3 * k + 1)).isPresent());
      assertArrayEquals(x, (long[]) ((Optional<?>) outcome.p1().get(3 * k + 1)).orElseThrow());
      assertArrayEquals(y, (long[]) ((Optional<?>) outcome.p0().get(3 * k + 2)).orElseThrow());
      assertFalse(((Optional<?>) outcome.p1().get(3 * k + 2)).isPresent());
    }
    // per batch: one 16-byte seed, 8 bytes per value to open to both, 8 bytes per value to open to the peer
    long values = 0;
    for (int n : Vectors.SIZES) {
      values += n;
    }
    assertEquals(16L * Vectors.SIZES.length + 16 * values, outcome.cost0().bytesSent());
    assertEquals(outcome.cost0().bytesSent(), outcome.cost1().bytesSent());
  }

  @Test
  void anOpeningToOnePartySendsNothingBackToTheOther() {
    long[] x = Vectors.anyLongs(100, 0, prg);
    SharePair shares = Vectors.share(x, prg);
    TwoParties.Outcome<Optional<long[]>, Optional<long[]>> outcome =
        TwoParties.symmetric(0, 0, 0, s -> s.open(Vectors.of(shares, s), Party.P1));
    assertTrue(outcome.p0().isEmpty());
    assertArrayEquals(x, outcome.p1().orElseThrow());
    assertEquals(800, outcome.cost0().bytesSent());
    assertEquals(1, outcome.cost0().rounds());
    assertEquals(0, outcome.cost1().messagesSent());
  }

  @Test
  void beaverMultiplicationMatchesPlaintextInOneRoundPerCall() {
    List<long[]> xs = new ArrayList<>();
    List<long[]> ys = new ArrayList<>();
    List<SharePair> xShares = new ArrayList<>();
    List<SharePair> yShares = new ArrayList<>();
    int total = 0;
    for (int n : Vectors.SIZES) {
      xs.add(Vectors.anyLongs(n, 0, prg));
      ys.add(Vectors.anyLongs(n, 4, prg));
      xShares.add(Vectors.share(xs.get(xs.size() - 1), prg));
      yShares.add(Vectors.share(ys.get(ys.size() - 1), prg));
      total += n;
    }
    // a squared operand too: x · x with x and y the same shares
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(total + 65, 0, 0, s -> {
      List<long[]> products = new ArrayList<>();
      for (int k = 0; k < xs.size(); k++) {
        products.add(s.multiply(Vectors.of(xShares.get(k), s), Vectors.of(yShares.get(k), s)));
      }
      products.add(s.multiply(Vectors.of(xShares.get(4), s), Vectors.of(xShares.get(4), s)));
      return products;
    });
    for (int k = 0; k <= xs.size(); k++) {
      long[] x = xs.get(k == xs.size() ? 4 : k);
      long[] y = k == xs.size() ? x : ys.get(k);
      long[] expected = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        expected[i] = x[i] * y[i];
      }
      assertArrayEquals(expected, Vectors.reconstruct(outcome.p0().get(k), outcome.p1().get(k)));
    }
    assertEquals(xs.size() + 1, outcome.cost0().rounds());
    assertEquals(16L * (total + 65), outcome.cost0().bytesSent());
  }

  @Test
  void anEmptyPoolFailsBeforeAnythingIsSentAndTheSessionStaysUsable() {
    long[] x = Vectors.anyLongs(10, 0, prg);
    SharePair shares = Vectors.share(x, prg);
    TwoParties.Outcome<String, String> outcome = TwoParties.symmetric(9, 0, 0, s -> {
      TriplePoolExhaustedException e = assertThrows(TriplePoolExhaustedException.class,
          () -> s.multiply(Vectors.of(shares, s), Vectors.of(shares, s)));
      assertTrue(e.getMessage().contains("holds 9 multiplication triples, 10 are needed"), e.getMessage());
      long[] nine = java.util.Arrays.copyOf(Vectors.of(shares, s), 9);
      s.multiply(nine, nine);
      return s.toString();
    });
    assertEquals(16 * 9, outcome.cost0().bytesSent());
    assertEquals("ArithmeticSession[P0, TriplePool[0 multiplication, 0 AND triples, 0 daBits, 0 + 0 random OTs]]", outcome.p0());
  }
}
