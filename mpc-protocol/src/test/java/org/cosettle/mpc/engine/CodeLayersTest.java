package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The code layers of a batch whose values per item code run in the family chain, worked by hand: a
 * row's rank counts the earlier rows of its claim with its code that can change a state per code,
 * and the layers are one more than the largest rank, rounded up to a power of two, 0 (row by row)
 * when that reaches the item bound.
 */
class CodeLayersTest {
  @Test
  void aRowsRankCountsTheEarlierRowsOfItsCodeThatCanChangeAState() {
    String[] codes = {"A", "B", "A", null, "A", "A"};
    boolean[] slotted = {true, true, false, false, true, true};
    // A, B: first of their codes; the second A cannot change a state, so the third A is still the
    // second that can (rank 1), the fourth the third (rank 2); padding has rank 0
    assertArrayEquals(new int[] {0, 0, 1, 0, 1, 2}, ItemCodeStates.ranks(codes, slotted));
  }

  @Test
  void theLayersAreTheLargestRankPlusOneRoundedUpBelowTheItemBound() {
    List<String[]> codes = List.of(new String[] {"A", "B"}, new String[] {"C", "C", "C"}, new String[0]);
    List<boolean[]> all = List.of(new boolean[] {true, true}, new boolean[] {true, true, true}, new boolean[0]);
    // ranks up to 2: three layers, rounded up to 4
    assertEquals(4, ItemCodeStates.codeLayers(codes, all, 8));
    // 4 layers reach an item bound of 4: the rows run one after the other
    assertEquals(0, ItemCodeStates.codeLayers(codes, all, 4));
    // the first two C cannot change a state: the third reads none of theirs, one layer
    assertEquals(1, ItemCodeStates.codeLayers(codes, List.of(new boolean[] {true, true},
        new boolean[] {false, false, true}, new boolean[0]), 4));
    // the first C can: the two after it read what it left, in a second layer
    assertEquals(2, ItemCodeStates.codeLayers(codes, List.of(new boolean[] {true, true},
        new boolean[] {true, false, false}, new boolean[0]), 4));
    // distinct codes in every claim: one layer
    assertEquals(1, ItemCodeStates.codeLayers(List.<String[]>of(new String[] {"A", "B", null, "C"}),
        List.of(new boolean[4]), 4));
  }
}
