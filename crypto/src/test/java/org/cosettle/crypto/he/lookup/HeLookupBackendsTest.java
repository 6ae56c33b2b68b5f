package org.cosettle.crypto.he.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.bfv.BfvBackends;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lookup with each party's polynomial arithmetic on its own backend: every pair of the backends
 * on the class path ({@code java} alone here; {@code java} and {@code seal} in
 * {@code cosettle-crypto-seal}, which runs this suite).
 */
class HeLookupBackendsTest {
  static List<String[]> pairs() {
    List<String[]> pairs = new ArrayList<>();
    for (String owner : BfvBackends.names()) {
      for (String holder : BfvBackends.names()) {
        pairs.add(new String[] {owner, holder});
      }
    }
    return pairs;
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void partiesOnDifferentBackendsLookUpTheSameEntries(String owner, String holder) {
    // two replies of 16 and 2 lookups (the reply size is the parameters', kept by on())
    HeLookupParameters small = HeLookupParameters.standard().withLookupsPerReply(16);
    HeLookupParameters mine = small.on(BfvBackends.select(owner));
    HeLookupParameters theirs = small.on(BfvBackends.select(holder));
    assertEquals(owner, mine.backend());
    assertEquals(holder, theirs.backend());
    Prg prg = Prg.create();
    long[] table = prg.nextLongs(10_000);
    table[9_999] = -1L;
    LookupSession session = new LookupSession(mine, theirs, table, prg);
    int[] indices = {0, 9_999, 8_191, 8_192, 17, 17, 4_000, 5_555, 1, 2, 3, 9_000, 8_500, 12, 600, 7_777, 42, 99};
    assertArrayEquals(session.expected(indices), session.reconstruct(indices, prg));
  }

  @Test
  void theSameBackendGivesTheSameParameters() {
    HeLookupParameters standard = HeLookupParameters.standard();
    assertEquals(BfvBackends.JAVA, standard.backend());
    assertSame(standard, standard.on(BfvBackends.select(BfvBackends.JAVA)));
    HeLookupParameters sums = HeLookupParameters.sums();
    assertSame(sums, sums.on(BfvBackends.select(BfvBackends.JAVA)));
    for (String name : BfvBackends.names()) {
      HeLookupParameters there = sums.on(BfvBackends.select(name));
      assertEquals(sums.floodingBits(), there.floodingBits());
      assertEquals(sums.totalNoiseBound(), there.totalNoiseBound());
      assertSame(there.context(), sums.on(BfvBackends.select(name)).context());
    }
  }
}
