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

  /** One party's side of an exchange: widths and tables of the OTs it sends, widths and choices of those it receives. */
  private record Side(int[] sentWidths, long[] tables, int[] receivedWidths, long[] choices) {}

  /** {@code count} widths cycling through 1 to the widest table from {@code first}. */
  private static int[] widths(int count, int entryBits, int first) {
    int widest = 6 - Integer.numberOfTrailingZeros(entryBits);
    int[] widths = new int[count];
    for (int t = 0; t < count; t++) {
      widths[t] = 1 + (t + first) % widest;
    }
    return widths;
  }

  /** A side sending random tables of {@code sent} widths and choosing at random among {@code received}. */
  private Side side(int[] sent, int[] received, int entryBits) {
    long[] tables = new long[sent.length];
    for (int t = 0; t < sent.length; t++) {
      int bits = entryBits << sent[t];
      tables[t] = bits == 64 ? prg.nextLong() : prg.nextLong() & ((1L << bits) - 1);
    }
    long[] choices = new long[received.length];
    for (int t = 0; t < received.length; t++) {
      choices[t] = prg.nextLong() & ((1L << received[t]) - 1);
    }
    return new Side(sent, tables, received, choices);
  }

  private static int total(int[] widths) {
    int sum = 0;
    for (int w : widths) {
      sum += w;
    }
    return sum;
  }

  @ParameterizedTest(name = "entries of {0} bits")
  @ValueSource(ints = {1, 2, 4})
  void eachReceiverGetsTheEntryItChoseAndNoMoreRandomOtsAreTaken(int entryBits) {
    // P0 sends 100 OTs and P1 103, every width from 1 to the widest table, in both directions at once
    int[] fromP0 = widths(100, entryBits, 0);
    int[] fromP1 = widths(103, entryBits, 1);
    Side p0 = side(fromP0, fromP1, entryBits);
    Side p1 = side(fromP1, fromP0, entryBits);
    int eachWay = Math.max(total(fromP0), total(fromP1));
    TwoParty.Results<long[][], long[][]> outcome = TwoParties.onPools(eachWay,
        (pool, c) -> exchange(pool, c, p0, entryBits), (pool, c) -> exchange(pool, c, p1, entryBits));
    assertArrayEquals(entries(p1.tables(), p0.choices(), entryBits), outcome.first()[0], "what P0 received");
    assertArrayEquals(entries(p0.tables(), p1.choices(), entryBits), outcome.second()[0], "what P1 received");
    assertArrayEquals(new long[] {eachWay - total(fromP0), eachWay - total(fromP1)}, outcome.first()[1],
        "P0's random OTs left as sender and as receiver");
    assertArrayEquals(new long[] {eachWay - total(fromP1), eachWay - total(fromP0)}, outcome.second()[1],
        "P1's random OTs left as sender and as receiver");
  }

  /** This party's chosen entries, and the random OTs left in its pool (as sender, as receiver). */
  private static long[][] exchange(TriplePool pool, Channel channel, Side side, int entryBits) {
    long[] chosen = DigitOts.exchange(new Wire(channel), pool, ArithmeticSession.Step.DIGIT_OT, entryBits,
        side.sentWidths(), side.tables(), side.receivedWidths(), side.choices(), false);
    return new long[][] {chosen, {pool.sentOtsLeft(), pool.receivedOtsLeft()}};
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
    int[] widths = widths(64, 2, 0);
    Side p0 = side(widths, new int[0], 2);
    Side p1 = side(new int[0], widths, 2);
    TwoParty.Results<long[], long[]> outcome = TwoParties.onPools(total(widths),
        (pool, c) -> DigitOts.exchange(new Wire(c), pool, ArithmeticSession.Step.DIGIT_OT, 2, p0.sentWidths(),
            p0.tables(), p0.receivedWidths(), p0.choices(), true),
        (pool, c) -> DigitOts.exchange(new Wire(c), pool, ArithmeticSession.Step.DIGIT_OT, 2, p1.sentWidths(),
            p1.tables(), p1.receivedWidths(), p1.choices(), false));
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
    Wire wire = new Wire(channel);
    assertThrows(IllegalArgumentException.class, () -> DigitOts.exchange(wire, pool, ArithmeticSession.Step.DIGIT_OT,
        2, new int[0], new long[0], new int[] {3}, new long[] {8}, false));
    assertThrows(IllegalArgumentException.class, () -> DigitOts.exchange(wire, pool, ArithmeticSession.Step.DIGIT_OT,
        2, new int[] {3}, new long[] {1L << 16}, new int[0], new long[0], false));
    return pool.sentOtsLeft();
  }

  @Test
  void oneSideMaySendOnly() {
    // P0 sends one 1-out-of-4 OT of 2-bit entries 0, 1, 2, 3; P1 chooses entry 2
    long table = 0b11_10_01_00;
    TwoParty.Results<long[][], long[][]> outcome = TwoParties.onPools(2,
        (pool, c) -> exchange(pool, c, new Side(new int[] {2}, new long[] {table}, new int[0], new long[0]), 2),
        (pool, c) -> exchange(pool, c, new Side(new int[0], new long[0], new int[] {2}, new long[] {2}), 2));
    assertArrayEquals(new long[0], outcome.first()[0]);
    assertArrayEquals(new long[] {2}, outcome.second()[0]);
  }
}
