package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.TwoParty;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 1-out-of-2<sup>w</sup> OT of {@link DigitOts}: every receiver gets exactly the entry it chose,
 * in both directions at once, at every width the tables allow, taking exactly Σ w random OTs each
 * way; and its pieces against their definitions.
 */
class DigitOtsTest {
  private final Prg prg = Prg.create();

  /**
   * One party's side of an exchange, in groups of {@code count} OTs of one width each: widths and
   * tables of the groups it sends, widths and choices of those it receives.
   */
  private record Side(int count, int[] sentWidths, long[] tables, int[] receivedWidths, long[] choices) {}

  /** {@code groups} widths cycling through 1 to the widest table from {@code first}. */
  private static int[] widths(int groups, int entryBits, int first) {
    int widest = 6 - Integer.numberOfTrailingZeros(entryBits);
    int[] widths = new int[groups];
    for (int g = 0; g < groups; g++) {
      widths[g] = 1 + (g + first) % widest;
    }
    return widths;
  }

  /** A side sending random tables in groups of {@code sent} widths and choosing at random among {@code received}. */
  private Side side(int count, int[] sent, int[] received, int entryBits) {
    long[] tables = new long[sent.length * count];
    for (int t = 0; t < tables.length; t++) {
      int bits = entryBits << sent[t / count];
      tables[t] = bits == 64 ? prg.nextLong() : prg.nextLong() & ((1L << bits) - 1);
    }
    long[] choices = new long[received.length * count];
    for (int t = 0; t < choices.length; t++) {
      choices[t] = prg.nextLong() & ((1L << received[t / count]) - 1);
    }
    return new Side(count, sent, tables, received, choices);
  }

  private static int total(int count, int[] widths) {
    int sum = 0;
    for (int w : widths) {
      sum += count * w;
    }
    return sum;
  }

  @ParameterizedTest(name = "entries of {0} bits")
  @ValueSource(ints = {1, 2, 4})
  void eachReceiverGetsTheEntryItChoseAndNoMoreRandomOtsAreTaken(int entryBits) {
    // P0 sends 7 groups of 13 OTs and P1 6 groups, every width from 1 to the widest table, in both
    // directions at once
    int[] fromP0 = widths(7, entryBits, 0);
    int[] fromP1 = widths(6, entryBits, 1);
    Side p0 = side(13, fromP0, fromP1, entryBits);
    Side p1 = side(13, fromP1, fromP0, entryBits);
    int eachWay = Math.max(total(13, fromP0), total(13, fromP1));
    TwoParty.Results<long[][], long[][]> outcome = TwoParties.onPools(eachWay,
        (pool, c) -> exchange(pool, c, p0, entryBits), (pool, c) -> exchange(pool, c, p1, entryBits));
    assertArrayEquals(entries(p1.tables(), p0.choices(), entryBits), outcome.first()[0], "what P0 received");
    assertArrayEquals(entries(p0.tables(), p1.choices(), entryBits), outcome.second()[0], "what P1 received");
    assertArrayEquals(new long[] {eachWay - total(13, fromP0), eachWay - total(13, fromP1)}, outcome.first()[1],
        "P0's random OTs left as sender and as receiver");
    assertArrayEquals(new long[] {eachWay - total(13, fromP1), eachWay - total(13, fromP0)}, outcome.second()[1],
        "P1's random OTs left as sender and as receiver");
  }

  /** This party's chosen entries, and the random OTs left in its pool (as sender, as receiver). */
  private static long[][] exchange(TriplePool pool, Channel channel, Side side, int entryBits) {
    return new long[][] {exchange(pool, channel, side, entryBits, false), {pool.sentOtsLeft(), pool.receivedOtsLeft()}};
  }

  private static long[] exchange(TriplePool pool, Channel channel, Side side, int entryBits, boolean planted) {
    return DigitOts.exchange(new Wire(channel), pool, ArithmeticSession.Step.DIGIT_OT, entryBits, side.count(),
        side.sentWidths(), side.tables(), side.receivedWidths(), side.choices(), planted);
  }

  private static long[] entries(long[] tables, long[] choices, int entryBits) {
    long[] out = new long[choices.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = (tables[t] >>> (choices[t] * entryBits)) & ((1L << entryBits) - 1);
    }
    return out;
  }

  /** The positive control of the test above: tables sent without their masks reach the receiver wrong. */
  @Test
  void unmaskedTablesGiveTheReceiverOtherEntries() {
    int[] widths = widths(5, 2, 0);
    Side p0 = side(20, widths, new int[0], 2);
    Side p1 = side(20, new int[0], widths, 2);
    TwoParty.Results<long[], long[]> outcome = TwoParties.onPools(total(20, widths),
        (pool, c) -> exchange(pool, c, p0, 2, true), (pool, c) -> exchange(pool, c, p1, 2, false));
    assertNotEquals(Arrays.toString(entries(p0.tables(), p1.choices(), 2)), Arrays.toString(outcome.second()));
  }

  @Test
  void theMaskOfEntryVIsTheXorOfItsBitsChunksOfTheMessagesItsBitsSelect() {
    for (int entryBits : new int[] {1, 2, 4}) {
      for (int width = 1; entryBits << width <= 64; width++) {
        long[] m0 = prg.nextLongs(width);
        long[] m1 = prg.nextLongs(width);
        long mask = DigitOts.senderMask(m0, m1, 0, width, entryBits);
        long entryMask = (1L << entryBits) - 1;
        for (int v = 0; v < 1 << width; v++) {
          long expected = 0;
          for (int i = 0; i < width; i++) {
            long message = ((v >>> i) & 1) == 0 ? m0[i] : m1[i];
            expected ^= (message >>> (v * entryBits)) & entryMask;
          }
          assertEquals(expected, (mask >>> (v * entryBits)) & entryMask, "entry " + v + " of width " + width);
        }
        int bits = entryBits << width;
        assertEquals(0, bits == 64 ? 0 : mask >>> bits, "nothing past the table");
      }
    }
  }

  @Test
  void aPermutedTableHoldsEntryVXorUAtV() {
    for (int entryBits : new int[] {1, 2, 4}) {
      for (int width = 1; entryBits << width <= 64; width++) {
        int bits = entryBits << width;
        long table = bits == 64 ? prg.nextLong() : prg.nextLong() & ((1L << bits) - 1);
        long entryMask = (1L << entryBits) - 1;
        for (long u = 0; u < 1 << width; u++) {
          long permuted = DigitOts.permute(table, u, width, entryBits);
          for (long v = 0; v < 1 << width; v++) {
            assertEquals((table >>> ((v ^ u) * entryBits)) & entryMask, (permuted >>> (v * entryBits)) & entryMask);
          }
        }
      }
    }
  }

  @Test
  void carryTablesHoldTheGenerateAndPropagateBitsOfEveryDigitPair() {
    for (int width = 1; width <= 5; width++) {
      for (long s = 0; s < 1 << width; s++) {
        long table = Millionaires.carryEntries(s, width);
        for (long v = 0; v < 1 << width; v++) {
          long generate = s + v >= 1 << width ? 1 : 0;
          long propagate = s + v == (1 << width) - 1 ? 1 : 0;
          assertEquals(generate | propagate << 1, (table >>> (2 * v)) & 3, s + " + " + v + " on " + width + " bits");
        }
        assertEquals(0, width == 5 ? 0 : table >>> (2 << width));
      }
    }
  }

  @Test
  void tablesOverSixtyFourBitsAndChoicesOutsideTheirDigitAreRefusedBeforeAnythingIsTaken() {
    assertThrows(IllegalArgumentException.class, () -> DigitOts.tableBits(6, 2));
    assertThrows(IllegalArgumentException.class, () -> DigitOts.tableBits(7, 1));
    assertThrows(IllegalArgumentException.class, () -> DigitOts.tableBits(0, 1));
    assertThrows(IllegalArgumentException.class, () -> DigitOts.tableBits(2, 3));
    assertEquals(64, DigitOts.tableBits(5, 2));
    TwoParty.Results<Long, Long> outcome = TwoParties.onPools(8, DigitOtsTest::refusals, DigitOtsTest::refusals);
    assertEquals(8, outcome.first());
    assertEquals(8, outcome.second());
  }

  /** Both refusals at one party; the random OTs it still holds as sender. */
  private static long refusals(TriplePool pool, Channel channel) {
    assertThrows(IllegalArgumentException.class,
        () -> exchange(pool, channel, new Side(1, new int[0], new long[0], new int[] {3}, new long[] {8}), 2, false));
    assertThrows(IllegalArgumentException.class,
        () -> exchange(pool, channel, new Side(1, new int[] {3}, new long[] {1L << 16}, new int[0], new long[0]), 2,
            false));
    return pool.sentOtsLeft();
  }

  @Test
  void oneSideMaySendOnly() {
    // P0 sends one 1-out-of-4 OT of 2-bit entries 0, 1, 2, 3; P1 chooses entry 2
    long table = 0b11_10_01_00;
    TwoParty.Results<long[][], long[][]> outcome = TwoParties.onPools(2,
        (pool, c) -> exchange(pool, c, new Side(1, new int[] {2}, new long[] {table}, new int[0], new long[0]), 2),
        (pool, c) -> exchange(pool, c, new Side(1, new int[0], new long[0], new int[] {2}, new long[] {2}), 2));
    assertArrayEquals(new long[0], outcome.first()[0]);
    assertArrayEquals(new long[] {2}, outcome.second()[0]);
  }
}
