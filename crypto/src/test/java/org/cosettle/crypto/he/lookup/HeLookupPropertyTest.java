package org.cosettle.crypto.he.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class HeLookupPropertyTest {
  private static final int ENTRIES = 8192 + 3;
  private static final LookupSession SESSION = new LookupSession(HeLookupParameters.standard(),
      HeLookupTest.edgeTable(ENTRIES, LookupSession.seeded(21)), LookupSession.seeded(22));

  @Property(tries = 8)
  void sharesAddUpToTheSelectedEntries(@ForAll @Size(min = 1, max = 9) List<@IntRange(min = 0, max = ENTRIES - 1) Integer> selection,
      @ForAll long maskSeed) {
    int[] indices = selection.stream().mapToInt(Integer::intValue).toArray();
    assertArrayEquals(SESSION.expected(indices), SESSION.reconstruct(indices, LookupSession.seeded(maskSeed)));
  }

  @Property(tries = 3)
  void randomTablesOfAnySize(@ForAll @IntRange(min = 1, max = 3 * 8192) int entries, @ForAll long seed) {
    LookupSession session = new LookupSession(HeLookupParameters.standard(), HeLookupTest.edgeTable(entries,
        LookupSession.seeded(seed)), LookupSession.seeded(seed + 1));
    int[] indices = {entries - 1, 0, entries / 2};
    assertArrayEquals(session.expected(indices), session.reconstruct(indices, LookupSession.seeded(seed + 2)));
  }
}
