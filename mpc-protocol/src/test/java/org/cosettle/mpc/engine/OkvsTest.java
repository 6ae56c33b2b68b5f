package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.PrivateLookup;
import org.junit.jupiter.api.Test;

/** The keyed hashing, encoding and decoding of the private lookups' linear OKVS. */
class OkvsTest {
  private static final byte[] KEY = new byte[Okvs.KEY_BYTES];

  private static List<String> keys(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add("=C" + i);
    }
    return keys;
  }

  private static long[][] values(Prg prg, int columns, int n) {
    long[][] v = new long[columns][];
    for (int c = 0; c < columns; c++) {
      v[c] = prg.nextLongs(n);
    }
    return v;
  }

  @Test
  void everyKeyDecodesToItsValuesAndAnAbsentKeyToNoneOfThem() {
    Prg prg = Prg.create();
    PrivateLookup lookup = PrivateLookup.table(0, 0, "t", 4000, 0, true);
    Okvs okvs = Okvs.of(prg.nextBytes(Okvs.KEY_BYTES), lookup);
    List<String> keys = keys(4000);
    long[][] values = values(prg, 2, keys.size());
    long[][] store = okvs.encode(keys, values, prg);
    assertNotNull(store);
    int m = okvs.positions();
    assertEquals(lookup.positions(), m);
    assertEquals(m + Okvs.DENSE, store[0].length);
    for (int k = 0; k < keys.size(); k++) {
      long[] h = okvs.hash(keys.get(k));
      for (int c = 0; c < 2; c++) {
        assertEquals(values[c][k], Okvs.decode(store[c], h, m), "key " + k + " column " + c);
      }
    }
    for (int k = 0; k < 200; k++) {
      long[] h = okvs.hash("=D" + k);
      for (int c = 0; c < 2; c++) {
        long v = Okvs.decode(store[c], h, m);
        for (long[] column : values) {
          for (long x : column) {
            assertNotEquals(x, v, "an absent key decoded to a stored value");
          }
        }
      }
    }
  }

  @Test
  void theCoreLeftAfterPeelingIsSolvedOnTheDensePart() {
    // 12 keys on 3 × 3 positions cannot all peel: the 2-core is solved by elimination modulo 2^64
    Prg prg = Prg.create();
    Okvs okvs = new Okvs(prg.nextBytes(Okvs.KEY_BYTES), 3);
    List<String> keys = keys(12);
    long[][] values = values(prg, 1, keys.size());
    long[][] store = okvs.encode(keys, values, prg);
    assertNotNull(store, "12 random 64-bit dense vectors are independent but with probability 2^−52");
    for (int k = 0; k < keys.size(); k++) {
      assertEquals(values[0][k], Okvs.decode(store[0], okvs.hash(keys.get(k)), okvs.positions()));
    }
  }

  @Test
  void aPlantedCollisionOfTwoKeysIsPeeledNeverAndSolvedOnTheDensePart() {
    // one position per third: every key has the same three sparse positions, a collision of all keys;
    // peeling alone fails (no position has one key), the dense part decodes each key
    Okvs okvs = new Okvs(KEY, 1);
    List<String> keys = List.of("=A", "=B");
    long[][] values = {{17, 4711}};
    long[][] store = okvs.encode(keys, values, Prg.create());
    assertNotNull(store);
    assertEquals(17, Okvs.decode(store[0], okvs.hash("=A"), 3));
    assertEquals(4711, Okvs.decode(store[0], okvs.hash("=B"), 3));
  }

  @Test
  void moreCollidingKeysThanDenseColumnsFailAndTheCallerDrawsANewHashKey() {
    // 65 keys on 3 positions: a core of 65 dense vectors of 64 bits is dependent, so encoding fails
    Okvs okvs = new Okvs(KEY, 1);
    assertNull(okvs.encode(keys(Okvs.DENSE + 1), values(Prg.create(), 1, Okvs.DENSE + 1), Prg.create()));
  }

  @Test
  void theCoreIsEmptyOrSmallAtTheLayoutsExpansion() {
    // the failure bound of docs/protocol.md: a core of r keys fails with probability at most 2^(r − 64);
    // at 1.3 positions per key the core is almost always empty, and never near 24 keys
    Prg prg = Prg.create();
    PrivateLookup lookup = PrivateLookup.table(0, 0, "t", 1000, 0, true);
    int nonEmpty = 0;
    for (int trial = 0; trial < 40; trial++) {
      Okvs okvs = Okvs.of(prg.nextBytes(Okvs.KEY_BYTES), lookup);
      int core = okvs.coreSize(keys(1000));
      assertTrue(core < 24, "a core of " + core + " keys");
      nonEmpty += core > 0 ? 1 : 0;
    }
    assertTrue(nonEmpty < 20, nonEmpty + " of 40 cores non-empty");
  }

  @Test
  void inversesModuloTwoToThe64() {
    for (long x : new long[] {1, 3, -1, 0x123456789abcdefL, Long.MAX_VALUE}) {
      assertEquals(1, x * Okvs.inverseOdd(x));
    }
  }

  @Test
  void keysHashByTheirCodeUnitsSoASplitSurrogateIsNotAQuestionMark() {
    Okvs okvs = new Okvs(KEY, 4096);
    assertArrayEquals(okvs.hash("*C3"), okvs.hash("*C3"));
    assertFalse(okvs.hash("*\uD83D")[0] == okvs.hash("*?")[0]);
    assertFalse(okvs.hash("=C34")[0] == okvs.hash("*C34")[0]);
    long[] h = okvs.hash("=C34");
    for (int i = 1; i <= Okvs.TERMS; i++) {
      assertTrue(h[i] >= (i - 1) * 4096L && h[i] < i * 4096L, "position " + i + " outside its third");
    }
    Okvs other = new Okvs(Prg.create().nextBytes(Okvs.KEY_BYTES), 4096);
    assertFalse(okvs.hash("=C34")[0] == other.hash("=C34")[0], "another hash key, another fingerprint");
  }
}
