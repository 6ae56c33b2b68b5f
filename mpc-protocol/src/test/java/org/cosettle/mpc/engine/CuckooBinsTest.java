package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/** The keyed hashing and cuckoo placement of the private lookups. */
class CuckooBinsTest {
  private static final byte[] KEY = new byte[CuckooBins.KEY_BYTES];

  @Test
  void everyKeyLandsInOneOfItsCandidatesAtALoadOfOneHalf() {
    CuckooBins bins = new CuckooBins(Prg.create().nextBytes(CuckooBins.KEY_BYTES), 4096);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2048; i++) {
      keys.add("=C" + i);
    }
    int[] owner = bins.place(keys, Prg.create());
    assertNotNull(owner);
    Set<Integer> placed = new HashSet<>();
    for (int b = 0; b < owner.length; b++) {
      if (owner[b] >= 0) {
        long[] h = bins.hash(keys.get(owner[b]));
        assertTrue(h[1] == b || h[2] == b || h[3] == b, "key " + owner[b] + " outside its candidates");
        assertTrue(placed.add(owner[b]), "key " + owner[b] + " placed twice");
      }
    }
    assertEquals(keys.size(), placed.size());
  }

  @Test
  void keysHashByTheirCodeUnitsSoASplitSurrogateIsNotAQuestionMark() {
    CuckooBins bins = new CuckooBins(KEY, 4096);
    assertArrayEquals(bins.hash("*C3"), bins.hash("*C3"));
    assertFalse(bins.hash("*\uD83D")[0] == bins.hash("*?")[0]);
    assertFalse(bins.hash("=C34")[0] == bins.hash("*C34")[0]);
    CuckooBins other = new CuckooBins(Prg.create().nextBytes(CuckooBins.KEY_BYTES), 4096);
    assertFalse(bins.hash("=C34")[0] == other.hash("=C34")[0], "another hash key, another fingerprint");
  }
}
