package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.api.Test;

class BooleanSharesTest {
  private final Prg prg = Prg.create();

  private boolean[] randomBits(int n) {
    boolean[] bits = new boolean[n];
    long[] words = prg.nextBits(n);
    for (int i = 0; i < n; i++) {
      bits[i] = ((words[i >>> 6] >>> i) & 1) != 0;
    }
    return bits;
  }

  @Test
  void xorNotAndAndConversionMatchPlaintext() {
    int total = 0;
    List<boolean[]> xs = new ArrayList<>();
    List<boolean[]> ys = new ArrayList<>();
    List<SharePair> xShares = new ArrayList<>();
    List<SharePair> yShares = new ArrayList<>();
    for (int n : Vectors.SIZES) {
      xs.add(randomBits(n));
      boolean[] y = randomBits(n);
      if (n > 0) {
        y[0] = xs.get(xs.size() - 1)[0]; // equal operands
      }
      ys.add(y);
      xShares.add(Vectors.shareBits(xs.get(xs.size() - 1), prg));
      yShares.add(Vectors.shareBits(y, prg));
      total += n;
    }
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(0, total, total, s -> {
      List<long[]> results = new ArrayList<>();
      for (int k = 0; k < xs.size(); k++) {
        int n = xs.get(k).length;
        long[] x = Vectors.of(xShares.get(k), s);
        long[] y = Vectors.of(yShares.get(k), s);
        results.add(s.xor(x, y));
        results.add(s.not(x, n));
        results.add(s.and(x, y, n));
        results.add(s.bitToArithmetic(x, n));
      }
      return results;
    });
    for (int k = 0; k < xs.size(); k++) {
      boolean[] x = xs.get(k);
      boolean[] y = ys.get(k);
      int n = x.length;
      boolean[] xor = new boolean[n];
      boolean[] not = new boolean[n];
      boolean[] and = new boolean[n];
      long[] arithmetic = new long[n];
      for (int i = 0; i < n; i++) {
        xor[i] = x[i] ^ y[i];
        not[i] = !x[i];
        and[i] = x[i] & y[i];
        arithmetic[i] = x[i] ? 1 : 0;
      }
      assertArrayEquals(xor, Vectors.reconstructBits(outcome.p0().get(4 * k), outcome.p1().get(4 * k), n));
      assertArrayEquals(not, Vectors.reconstructBits(outcome.p0().get(4 * k + 1), outcome.p1().get(4 * k + 1), n));
      assertArrayEquals(and, Vectors.reconstructBits(outcome.p0().get(4 * k + 2), outcome.p1().get(4 * k + 2), n));
      assertArrayEquals(arithmetic, Vectors.reconstruct(outcome.p0().get(4 * k + 3), outcome.p1().get(4 * k + 3)));
    }
    // AND and B2A: one round each per batch
    assertEquals(2L * xs.size(), outcome.cost0().rounds());
  }

  @Test
  void bitInputsOpenToTheNamedRecipientOnly() {
    boolean[] bits = randomBits(65);
    TwoParties.Outcome<List<Object>, List<Object>> outcome = TwoParties.run(0, 0, 0,
        (s, c) -> {
          long[] x = s.shareInputBits(org.cosettle.crypto.sharing.XorSharing.pack(bits), 65);
          return List.of(s.openBits(x, 65, Party.P1), s.openBitsToBoth(x, 65));
        },
        (s, c) -> {
          long[] x = s.peerInputBits(65);
          return List.of(s.openBits(x, 65, Party.P1), s.openBitsToBoth(x, 65));
        });
    long[] packed = org.cosettle.crypto.sharing.XorSharing.pack(bits);
    assertEquals(Optional.empty(), outcome.p0().get(0));
    assertArrayEquals(packed, (long[]) ((Optional<?>) outcome.p1().get(0)).orElseThrow());
    assertArrayEquals(packed, (long[]) outcome.p0().get(1));
    assertArrayEquals(packed, (long[]) outcome.p1().get(1));
    assertEquals(16 + 16 + 16, outcome.cost0().bytesSent());
    assertEquals(16, outcome.cost1().bytesSent());
  }
}
