package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The slots of the private lookups per line item: the slot count the data holder chooses from its
 * item counts, the public slot function and the placement of each claim's items on rows of distinct
 * slots, in order; and the failure bound, checked against the failures it bounds where they are
 * frequent enough to count.
 */
class ItemSlotsTest {
  /** The item counts of {@code gen --count 10000 --seed 7}: claims of 0, 1, …, 12 items. */
  private static final int[] GEN_SEVEN = {664, 0, 1890, 2183, 1823, 1956, 530, 507, 190, 207, 6, 40, 4};

  private static int[] items(int[] histogram) {
    int claims = 0;
    for (int c : histogram) {
      claims += c;
    }
    int[] items = new int[claims];
    int at = 0;
    for (int n = 0; n < histogram.length; n++) {
      for (int c = 0; c < histogram[n]; c++) {
        items[at++] = n;
      }
    }
    // a fixed shuffle: the claims' order in the file is the data's, not the histogram's
    Random random = new Random(1);
    for (int i = items.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  private static void assertPlacement(int[][] slotsOf, int[] items, int[][] rows, int slots) {
    Set<Integer> taken = new HashSet<>();
    for (int j = 0; j < items.length; j++) {
      assertEquals(items[j], rows[j].length);
      for (int i = 0; i < rows[j].length; i++) {
        assertTrue(i == 0 || rows[j][i] > rows[j][i - 1], "rows in increasing order: the items keep their order");
        int s = slotsOf[j][rows[j][i]];
        assertTrue(s >= 0 && s < slots);
        assertTrue(taken.add(s), "slot " + s + " taken twice");
      }
    }
  }

  @Test
  void theSpecialDrugBatchTakesAnEighthMoreSlotsThanItemsAndPlacesThemAll() {
    int[] items = items(GEN_SEVEN);
    int n = 38_061;
    assertEquals(n, java.util.Arrays.stream(items).sum());
    int slots = ItemSlots.count(items, 16);
    assertEquals((int) Math.ceil(1.125 * n) + 16, slots);
    assertTrue(ItemSlots.log2FailureBound(items, 16, slots) <= -40);
    int[][] slotsOf = ItemSlots.slotsOf(ItemSlots.seed(new byte[] {1, 2, 3}), items.length, 16, slots);
    for (int[] s : slotsOf) {
      assertEquals(16, java.util.Arrays.stream(s).distinct().count(), "a claim's rows have distinct slots");
    }
    assertPlacement(slotsOf, items, ItemSlots.place(slotsOf, items, slots), slots);
  }

  @Test
  void claimsOfKItemsKeepThePaddedLayoutAndClaimsWithoutItemsNeedNoSlots() {
    int[] full = new int[100];
    java.util.Arrays.fill(full, 8);
    assertEquals(800, ItemSlots.count(full, 8), "claims of K items each: no slot count below K per claim is safe");
    int[][] identity = ItemSlots.slotsOf(new byte[32], 100, 8, 800);
    int[][] rows = ItemSlots.place(identity, full, 800);
    for (int j = 0; j < 100; j++) {
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, rows[j]);
      assertEquals(j * 8 + 3, identity[j][3]);
    }
    assertEquals(0, ItemSlots.count(new int[50], 4));
    // 40 claims of 12 items (K = 16) among many light ones: the matching is tight there and still found
    int[] mixed = items(new int[] {0, 3000, 500, 0, 200, 0, 0, 0, 0, 0, 0, 0, 40});
    int slots = ItemSlots.count(mixed, 16);
    assertTrue(slots < 2 * 5280 + 16, "a few heavy claims do not force the padded layout: " + slots);
    // with one claim of K items beside them, a pair of it and a claim of 12 on 5 common slots (about 2^−25)
    // fails: the padded layout
    int[] heavy = items(new int[] {0, 3000, 500, 0, 200, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 1});
    assertEquals(16 * heavy.length, ItemSlots.count(heavy, 16));
    int[][] slotsOf = ItemSlots.slotsOf(ItemSlots.seed(new byte[] {7}), mixed.length, 16, slots);
    assertPlacement(slotsOf, mixed, ItemSlots.place(slotsOf, mixed, slots), slots);
  }

  @Test
  void randomBatchesArePlacedOnTheSlotCountChosen() {
    Random random = new Random(41);
    for (int trial = 0; trial < 6; trial++) {
      int k = 1 << (2 + random.nextInt(3));
      int[] items = new int[100 + random.nextInt(200)];
      for (int j = 0; j < items.length; j++) {
        // mostly light claims, now and then a heavy one, at most K
        items[j] = random.nextInt(20) == 0 ? k / 2 + random.nextInt(k / 2 + 1) : random.nextInt(Math.max(1, k / 4) + 1);
      }
      int slots = ItemSlots.count(items, k);
      int total = java.util.Arrays.stream(items).sum();
      assertTrue(slots == k * items.length || slots >= total && slots <= 2 * total + k, "slot count " + slots);
      int[][] slotsOf = ItemSlots.slotsOf(ItemSlots.seed(new byte[] {(byte) trial}), items.length, k, slots);
      assertPlacement(slotsOf, items, ItemSlots.place(slotsOf, items, slots), slots);
    }
  }

  @Test
  void aBatchWithoutPlacementIsRefusedNotMisplaced() {
    // two claims of K = 4 items on 7 slots: no placement whatever the slot function
    int[][] slotsOf = ItemSlots.slotsOf(ItemSlots.seed(new byte[] {9}), 2, 4, 7);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ItemSlots.place(slotsOf, new int[] {4, 4}, 7));
    assertTrue(e.getMessage().contains("no placement"), e.getMessage());
  }

  @Test
  void theBoundIsAtLeastTheFailureRateWhereFailuresAreCommon() {
    // 40 claims of 3 items on 150 slots (K = 4): failures are frequent enough to count
    int[] items = new int[40];
    java.util.Arrays.fill(items, 3);
    int slots = 150;
    int failures = 0;
    int trials = 400;
    for (int t = 0; t < trials; t++) {
      int[][] slotsOf = ItemSlots.slotsOf(ItemSlots.seed(new byte[] {(byte) t, (byte) (t >> 8)}), items.length, 4,
          slots);
      try {
        ItemSlots.place(slotsOf, items, slots);
      } catch (IllegalStateException e) {
        failures++;
      }
    }
    double rate = (double) failures / trials;
    assertTrue(rate > 0.05, "the case fails often enough to measure: " + rate);
    double bound = Math.pow(2, ItemSlots.log2FailureBound(items, 4, slots));
    assertTrue(bound >= rate, "bound " + bound + " below the failure rate " + rate);
  }
}
